"""离我最近 on the station directory and the map, in Chromium at phone size: stations ordered by real
distance with the location granted, the district chooser when it is refused, and the grouped lists
without JavaScript."""

from __future__ import annotations

import json
import math
import re

import pytest

from conftest import PHONE_CONTEXT, phone_page

# Count the calls: the location is asked for only when 离我最近 is tapped, never on page load.
COUNT_ASKS = """(() => {
  const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
  window.__asks = 0;
  navigator.geolocation.getCurrentPosition = (...args) => { window.__asks += 1; return ask(...args); };
})()"""

MEILIE = (26.2712, 117.6372)  # between the park and the culture centre: not the directory's name order
JINNING = (24.70, 102.60)  # a few kilometres from 郑和文化广场
WECHAT = ("Mozilla/5.0 (Linux; Android 13; V2049A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
          "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560")


def haversine(lat1, lon1, lat2, lon2) -> float:
    """Metres on the mean Earth sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def expected_order(demo_site, here) -> list[tuple[str, float]]:
    """(name, metres) nearest first, from the published open data."""
    data = json.loads((demo_site / "data" / "stations.geojson").read_text(encoding="utf-8"))
    found = [(f["properties"]["name"], haversine(*here, f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]))
             for f in data["features"]]
    return sorted(found, key=lambda pair: pair[1])


def shown_metres(text: str) -> tuple[float, float]:
    """约 800 米 / 约 1.2 公里 / 约 35 公里 as (metres, how far the rounding may be off)."""
    number, unit = re.fullmatch(r"约 (\d+(?:\.\d)?) (米|公里)", text).groups()
    if unit == "米":
        return float(number), 5
    return float(number) * 1000, 50 if "." in number or float(number) < 10 else 500


def in_view(page, locator) -> bool:
    """Whether the element is drawn inside the map's box (Leaflet draws beyond it, hidden)."""
    box, drawn = page.locator("[data-portal-map]").bounding_box(), locator.bounding_box()
    return drawn is not None and box["x"] <= drawn["x"] and drawn["x"] + drawn["width"] <= box["x"] + box["width"] \
        and box["y"] <= drawn["y"] and drawn["y"] + drawn["height"] <= box["y"] + box["height"]


def stations_in_view(page) -> int:
    """Stations the map shows: single markers plus the counts on clusters, inside its box."""
    markers = page.locator(".portal-map path.leaflet-interactive:not(.portal-map-here)")
    clusters = page.locator(".portal-map .marker-cluster")
    return sum(in_view(page, markers.nth(i)) for i in range(markers.count())) + \
        sum(int(clusters.nth(i).inner_text()) for i in range(clusters.count()) if in_view(page, clusters.nth(i)))


def granted(browser, here, **options):
    context, page = phone_page(browser, geolocation={"latitude": here[0], "longitude": here[1]},
                               permissions=["geolocation"], **options)
    page.add_init_script(COUNT_ASKS)
    return context, page


def check_order(page, demo_site, here):
    nearby = page.locator("ol.portal-stations--nearby > li")
    expected = expected_order(demo_site, here)
    page.wait_for_function("n => document.querySelectorAll('ol.portal-stations--nearby > li').length === n",
                           arg=len(expected))
    assert nearby.locator("strong a").all_inner_texts() == [name for name, _ in expected]
    for text, (name, metres) in zip(nearby.locator(".portal-distance").all_inner_texts(), expected):
        shown, slack = shown_metres(text)
        assert abs(shown - metres) <= slack, (name, text, metres)
    return expected


@pytest.mark.parametrize("here, user_agent", [(MEILIE, None), (JINNING, WECHAT)], ids=["meilie", "jinning-wechat"])
def test_near_me_orders_the_directory_by_distance(browser, demo_site, demo_server, here, user_agent):
    context, page = granted(browser, here, **({"user_agent": user_agent} if user_agent else {}))
    page.goto(demo_server + "/stations/")
    page.wait_for_selector("[data-portal-filter][data-ready]")
    assert page.evaluate("window.__asks") == 0  # nothing asked on page load
    grouped = page.locator("ul.portal-stations li strong a").all_inner_texts()

    page.get_by_role("button", name="离我最近").click()
    expected = check_order(page, demo_site, here)
    assert page.evaluate("window.__asks") == 1
    status = page.locator("[role=status][data-nearby]")
    assert status.inner_text().startswith("已按离你的距离由近到远排列。最近的是：" + expected[0][0])
    assert status.get_attribute("role") == "status"  # the new order is announced
    assert page.get_by_role("heading", name="离你最近的站点").is_visible()
    assert not page.locator("h4", has_text="梅列区").is_visible()  # the emptied groups are hidden

    # Filters still apply to the ordered list.
    page.locator("select[name=kind]").select_option("驿站")
    visible = page.locator("ol.portal-stations--nearby > li:visible strong a").all_inner_texts()
    assert visible == [name for name, _ in expected if "驿站" in name]

    page.get_by_role("button", name="恢复按地区排列").click()
    page.locator("select[name=kind]").select_option("")
    assert page.locator("ul.portal-stations li strong a").all_inner_texts() == grouped
    assert page.locator(".portal-distance").count() == 0
    assert page.locator("h4", has_text="梅列区").is_visible()
    context.close()


def test_near_me_on_the_map_fits_the_nearest_stations(browser, demo_site, demo_server):
    context, page = granted(browser, MEILIE)
    page.goto(demo_server + "/stations/map/")
    page.wait_for_selector("[data-portal-map][data-markers='5']")
    assert page.evaluate("window.__asks") == 0
    page.wait_for_timeout(300)  # the clusters' animation
    assert stations_in_view(page) == 5  # Meilie's four and Jinning's one, 1,500 km apart

    page.get_by_role("button", name="离我最近").click()
    check_order(page, demo_site, MEILIE)
    here = page.locator(".portal-map path.portal-map-here")
    here.wait_for()
    # Zoomed in to you and the three nearest: single markers, Jinning out of view.
    page.wait_for_function("() => !document.querySelector('.portal-map .marker-cluster')")
    page.wait_for_timeout(300)
    assert in_view(page, here)
    assert 3 <= stations_in_view(page) <= 4
    context.close()


def test_refused_location_points_to_the_district_chooser(browser, demo_server):
    context, page = phone_page(browser)  # no geolocation permission: Chromium refuses
    page.goto(demo_server + "/stations/")
    page.get_by_role("button", name="离我最近").click()
    status = page.locator("[role=status][data-nearby]")
    status.filter(has_text="没有得到位置权限").wait_for()
    assert "区县" in status.inner_text()
    assert page.locator("ol.portal-stations--nearby > li").count() == 0

    page.get_by_label("区县").select_option(label="晋宁区")
    assert page.locator(".portal-stations li:visible strong a").all_inner_texts() == ["晋宁区郑和文化广场"]
    assert not page.locator("h4", has_text="梅列区").is_visible()
    assert not page.get_by_role("heading", name="福建省 · 三明市 · 梅列区").is_visible()
    assert page.locator("form output").inner_text() == "显示 1 / 5 个站点"

    page.goto(demo_server + "/stations/map/")  # on the map, the district's stations fill the view
    page.wait_for_selector("[data-portal-map][data-markers='5']")
    page.get_by_role("button", name="离我最近").click()
    status.filter(has_text="没有得到位置权限").wait_for()
    page.get_by_label("区县").select_option(label="梅列区")
    page.wait_for_function("() => document.querySelectorAll('.portal-stations li:not([hidden])').length === 4")
    page.wait_for_timeout(600)  # the zoom's animation
    assert stations_in_view(page) == 4  # Meilie's, and Jinning's no longer
    context.close()


def test_district_links_choose_their_district(browser, demo_site, demo_server):
    """With JavaScript the links under 按区县查找 choose too: the heading they jump to is never hidden."""
    context, page = granted(browser, MEILIE)
    page.goto(demo_server + "/stations/map/")
    page.wait_for_selector("[data-portal-filter][data-ready]")
    links = page.locator("article").get_by_role("link", name="晋宁区", exact=True)
    page.get_by_label("区县").select_option(label="梅列区")
    assert not page.locator("h4", has_text="晋宁区").is_visible()
    links.click()
    assert page.get_by_label("区县").evaluate("s => s.options[s.selectedIndex].text") == "晋宁区"
    assert page.locator("h4", has_text="晋宁区").is_visible()
    assert page.locator(".portal-stations li:visible strong a").all_inner_texts() == ["晋宁区郑和文化广场"]
    # Scrolled to, below the sticky header, not under it.
    page.wait_for_function("() => window.scrollY > 0")
    header = page.locator("header.md-header").bounding_box()
    heading = page.locator("h4", has_text="晋宁区").bounding_box()
    assert header["y"] + header["height"] <= heading["y"] < PHONE_CONTEXT["viewport"]["height"]

    # Ordered by distance, the chooser narrows the order to one district (the links belong to the
    # grouped lists, hidden with them).
    page.get_by_role("button", name="离我最近").click()
    page.locator(".portal-distance").first.wait_for()
    assert not links.is_visible()
    page.get_by_label("区县").select_option(label="梅列区")
    meilie = [name for name, _ in expected_order(demo_site, MEILIE) if name != "晋宁区郑和文化广场"]
    assert page.locator("ol.portal-stations--nearby > li:visible strong a").all_inner_texts() == meilie
    page.get_by_role("button", name="恢复按地区排列").click()
    links.click()
    assert page.locator(".portal-stations li:visible strong a").all_inner_texts() == ["晋宁区郑和文化广场"]
    assert page.evaluate("location.hash") == "#" + page.locator("h4", has_text="晋宁区").get_attribute("id")
    context.close()


def test_insecure_page_says_why_there_is_no_location(instant_context):
    page = instant_context(**PHONE_CONTEXT, geolocation={"latitude": MEILIE[0], "longitude": MEILIE[1]},
                           permissions=["geolocation"]).new_page()
    page.goto("http://portal.test/stations/")  # plain http on a real host name: no geolocation
    page.get_by_role("button", name="离我最近").click()
    assert page.locator("[role=status][data-nearby]").inner_text().startswith("本页不是 https 加密连接，浏览器不提供位置。请在下面的“区县”")


def test_directory_without_javascript_is_grouped_by_district(browser, demo_server):
    from conftest import DEMO_TODAY, REPO
    from generator.project import load_site

    districts = {s.name: s.model.district for s in load_site(REPO, DEMO_TODAY).stations}
    context, page = phone_page(browser, java_script_enabled=False)
    for path in ("/stations/", "/stations/map/"):
        page.goto(demo_server + path)
        assert not page.get_by_role("button", name="离我最近").is_visible()
        lists = page.locator("ul.portal-stations")
        seen = []
        for i in range(lists.count()):
            heading = lists.nth(i).locator("xpath=preceding-sibling::h4[1]").inner_text().rstrip("¶").strip()
            names = lists.nth(i).locator("li strong a").all_inner_texts()
            assert {districts[name] for name in names} == {heading}
            seen += names
        assert sorted(seen) == sorted(districts)
        # The district links are the chooser without JavaScript: each jumps to its district's heading.
        page.locator("article").get_by_role("link", name="晋宁区", exact=True).click()
        target = page.evaluate("location.hash")
        assert page.locator(f"h4{target}").inner_text().startswith("晋宁区")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ordered_list_passes_axe(browser, demo_server, scheme):
    """The state axe's page audit (test_accessibility.py) never sees: distances, the message, the chooser."""
    from test_accessibility import AXE, COLLECT_AXE, START_AXE, TAGS, Audit, describe

    context, page = granted(browser, MEILIE, color_scheme=scheme)
    page.goto(demo_server + "/stations/map/")
    page.wait_for_selector("[data-portal-map][data-markers]")
    page.get_by_role("button", name="离我最近").click()
    page.locator(".portal-distance").first.wait_for()
    page.evaluate(AXE.read_text(encoding="utf-8"))
    page.evaluate(START_AXE, TAGS)
    audit = Audit(page.url)
    audit.violations = page.evaluate(COLLECT_AXE)["violations"]
    assert audit.violations == [], describe(audit)
    context.close()
