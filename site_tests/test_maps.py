"""Maps in a real browser: markers without tiles, popups, 导航, clustering, and the no-JS lists."""

from __future__ import annotations

import html
import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import INSTANT_MARK, PHONE_CONTEXT, PORTAL_HOST, SAME_PAGE, make_project, phone_page
from generator.build import build_site
from generator.tools.local_site import serve
from generator.render.mapapps import to_bd09, to_gcj02

TILE_HOST = "tiles.example.invalid"
# Leaflet inserts attributions as HTML.  The setting refuses "<" and ">" (schema), and the map script
# escapes it anyway: the test plants this one in the built page, as a bypass of the first rule would.
ATTRIBUTION = "<img src=x onerror=window.__pwned=1>© 示例瓦片"


@pytest.fixture(scope="module")
def tiled_site(tmp_path_factory):
    """The mini project with a (blocked) tile layer configured."""
    project = make_project(tmp_path_factory.mktemp("tiled") / "mini")
    config = project / "campaigns.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  operator: 测试文明办\n",
        f"  operator: 测试文明办\n  raw_html: strip\n  map:\n    tiles: custom\n"
        f"    url: https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png\n    attribution: '© 示例瓦片'\n"),
        encoding="utf-8")
    site = build_site(project, date(2019, 3, 4))
    page = site / "stations" / "map" / "index.html"
    planted = html.escape(json.dumps(ATTRIBUTION, ensure_ascii=False)[1:-1])
    page.write_text(page.read_text(encoding="utf-8").replace("© 示例瓦片", planted), encoding="utf-8")
    with serve(site) as base:
        yield base


def test_markers_and_popup_without_tiles(browser, tiled_site):
    context, page = phone_page(browser)
    tiles, foreign = [], []

    def block(route):
        tiles.append(route.request.url)
        route.abort()

    page.route(f"https://{TILE_HOST}/**", block)
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).hostname not in ("127.0.0.1", TILE_HOST) else None)
    page.goto(tiled_site + "/stations/map/")
    page.wait_for_selector("[data-portal-map][data-markers='1']")
    assert tiles, "the configured tile layer was requested (and blocked)"
    assert foreign == []
    attribution = page.locator(".leaflet-control-attribution")
    assert ATTRIBUTION in attribution.inner_text() and attribution.locator("img").count() == 0
    # Leaflet's own credit is a plain link, without the flag Leaflet 1.9 puts before it.
    assert attribution.inner_text() == "Leaflet | " + ATTRIBUTION
    assert attribution.locator("svg").count() == 0 and "\U0001F1FA\U0001F1E6" not in attribution.inner_text()
    marker = page.locator(".portal-map path.leaflet-interactive")
    assert marker.count() == 1
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    assert "中心学雷锋广场" in popup.inner_text()
    popup.get_by_role("link", name="中心学雷锋广场").click()
    page.wait_for_url("**/stations/square/")
    page.locator("[data-portal-map]").scroll_into_view_if_needed()  # Leaflet loads when the map is near
    page.wait_for_selector("[data-portal-map][data-markers='1']")  # the small map on the station page
    context.close()


def test_navigation_links_on_the_station_page(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/stations/zhenghe-square/")
    wgs = 24.67, 102.59
    lat_text = page.locator("td", has_text="24.67").first.inner_text()
    assert lat_text.startswith("24.67000, 102.59000")
    amap = page.get_by_role("link", name="高德地图").get_attribute("href")
    lon, lat = (float(v) for v in parse_qs(urlsplit(amap).query)["position"][0].split(","))
    assert (lat, lon) == pytest.approx(to_gcj02(*wgs), abs=1e-6)
    baidu = page.get_by_role("link", name="百度地图").get_attribute("href")
    lat, lon = (float(v) for v in parse_qs(urlsplit(baidu).query)["location"][0].split(","))
    assert (lat, lon) == pytest.approx(to_bd09(*wgs), abs=1e-6)
    tencent = page.get_by_role("link", name="腾讯地图").get_attribute("href")
    assert tencent.startswith("https://apis.map.qq.com/uri/v1/marker?marker=coord:")
    context.close()


def test_lists_work_without_javascript(browser, demo_server):
    context, page = phone_page(browser, java_script_enabled=False)
    from generator.project import load_site
    from conftest import DEMO_TODAY, REPO

    names = sorted(s.name for s in load_site(REPO, DEMO_TODAY).stations)
    page.goto(demo_server + "/stations/")
    assert not page.locator("[data-portal-filter]").is_visible()  # a control that would not work stays hidden
    listed = sorted(page.locator(".portal-stations li strong a").all_inner_texts())
    assert listed == names
    page.goto(demo_server + "/stations/map/")
    assert sorted(page.locator("h2:has-text('站点列表') ~ ul.portal-stations li strong a").all_inner_texts()) == names
    context.close()


def test_attribution_without_tiles_is_plain_leaflet(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/stations/map/")
    page.wait_for_selector("[data-portal-map][data-markers]")
    attribution = page.locator(".leaflet-control-attribution")
    assert attribution.inner_text() == "Leaflet"  # no tiles, no tile credit; no flag
    assert attribution.locator("svg, img").count() == 0
    assert attribution.get_by_role("link", name="Leaflet").get_attribute("href") == "https://leafletjs.com"
    context.close()


def test_directory_filter_by_service(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/stations/")
    form = page.locator("[data-portal-filter]")
    assert form.is_visible()
    form.locator("select[name=service]").select_option("文化志愿服务")
    assert form.locator("output").inner_text() == "显示 2 / 5 个站点"
    visible = page.locator(".portal-stations li:visible strong a").all_inner_texts()
    assert sorted(visible) == ["梅列区图书馆学雷锋志愿服务站点", "梅列区文化馆学雷锋志愿服务站点"]
    assert not page.locator("h4", has_text="晋宁区").is_visible()
    context.close()


def test_ten_thousand_stations_are_clustered(browser, demo_server):
    features = [{"type": "Feature", "id": f"s{i}",
                 "geometry": {"type": "Point", "coordinates": [100 + (i % 100) * 0.2, 22 + (i // 100) * 0.2]},
                 "properties": {"id": f"s{i}", "name": f"站点{i}", "kind": "社区", "address": "地址"}}
                for i in range(10_000)]
    body = json.dumps({"type": "FeatureCollection", "features": features})
    context, page = phone_page(browser)
    page.route("**/assets/map/stations.geojson", lambda route: route.fulfill(body=body, content_type="application/geo+json"))
    page.goto(demo_server + "/stations/map/")
    page.wait_for_selector("[data-portal-map][data-markers='10000']", timeout=30_000)
    # The clusters are drawn a moment after the last chunk is placed (longer on a busy machine).
    drawn = ".portal-map .marker-cluster, .portal-map path.leaflet-interactive"
    page.locator(drawn).first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # more would have come by now
    assert page.locator(drawn).count() < 300, page.locator(drawn).count()  # clusters, not 10,000 DOM nodes
    context.close()


def test_map_starts_after_instant_navigation(instant_context):
    page = instant_context(**PHONE_CONTEXT).new_page()
    page.goto(PORTAL_HOST + "/stations/")
    page.wait_for_timeout(500)  # Material reads the sitemap before it takes over links
    page.evaluate(INSTANT_MARK)
    page.locator("article").get_by_role("link", name="晋宁区郑和文化广场").first.click()
    page.wait_for_url("**/stations/zhenghe-square/")
    page.locator("[data-portal-map]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-portal-map][data-markers='1']")
    assert page.evaluate(SAME_PAGE)  # the map script ran again without a page load


def test_leaflet_loads_only_when_the_map_comes_near_the_screen(browser, demo_server):
    context, page = phone_page(browser)
    vendor: list[str] = []
    page.on("request", lambda r: vendor.append(r.url) if "/assets/vendor/" in r.url else None)
    page.goto(demo_server + "/stations/zhenghe-square/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert vendor == []  # the address and 导航 buttons come first; the map is below the fold
    page.locator("[data-portal-map]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-portal-map][data-markers='1']")
    assert any(url.endswith("leaflet.js") for url in vendor)
    context.close()
