"""Calendars by place (issue 14): a city's calendar page and feed hold that city's public activities
only; work tasks for the units (Pu'er's 41 主要任务) stay on the plan page."""

from __future__ import annotations

import posixpath
import re
from datetime import date

import icalendar
import pytest
import yaml

from conftest import DEMO_TODAY, REPO, edit, line_of
from generator.build import render
from generator.plan.region_calendars import focus_months
from generator.project import load_site

CAMPAIGN = "content/campaigns/demo-2019.yaml"
SITE = "campaigns.yaml"
LINK = re.compile(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)")
ACTIVITY = re.compile(r"campaigns/([a-z0-9-]+)/activities/([a-z0-9-]+)\.md")


@pytest.fixture(scope="module")
def site():
    return load_site(REPO, DEMO_TODAY)


@pytest.fixture(scope="module")
def outputs():
    return {path: data for path, data in render(REPO, DEMO_TODAY).items()}


def linked_activities(outputs, page: str) -> set[tuple[str, str]]:
    """(campaign, activity) of every activity page that ``page`` links to, its relative links resolved."""
    targets = {posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
               for link in LINK.findall(outputs[page].decode("utf-8"))}
    return {match.groups() for target in targets if (match := ACTIVITY.fullmatch(target))}


def links_of(outputs, page: str) -> set[tuple[str, ...]]:
    """The pages ``page`` links to, as path parts without ".md"."""
    return {tuple(posixpath.normpath(posixpath.join(posixpath.dirname(page), link)).removesuffix(".md").split("/"))
            for link in LINK.findall(outputs[page].decode("utf-8"))}


def feed_uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def uids(activity, host="xueleifeng.example.cn") -> set[str]:
    """Its events' UIDs: an item on several named days (`dates`) is one event a day."""
    base = f"activity-{activity.campaign.id}-{activity.id}"
    if activity.timing.kind == "days":
        return {f"{base}-{day:%Y%m%d}@{host}" for day in activity.timing.dates()}
    return {f"{base}@{host}"}


def test_every_region_has_a_calendar_page_and_feed(site, outputs):
    for region in site.regions.values():
        assert region.calendar_path in outputs and region.ics_path in outputs, region.id


def test_a_city_calendar_holds_only_that_citys_public_activities(site, outputs):
    for region in site.regions.values():
        own = {(a.campaign.id, a.id) for a in site.public_activities if a.campaign.region is region}
        shown = linked_activities(outputs, region.calendar_path)
        assert shown <= own, region.id
        expected = {u for a in site.public_activities if a.campaign.region is region for u in uids(a)}
        assert feed_uids(outputs[region.ics_path]) == expected, region.id
    kunming = linked_activities(outputs, "calendar/regions/kunming.md")
    assert ("kunming-2018", "march-5-event") in kunming and ("kunming-2018", "lei-feng-square") in kunming
    assert ("kunming-2018", "inspection-readiness") not in kunming  # audience: internal on the activity


def test_each_place_feed_matches_the_source_files(outputs):
    """An oracle independent of the model: the YAML itself says which campaign is whose and which
    items are work tasks (activity, else section, else category); each place's feed holds exactly
    the rest.  The demo has no district inside a city, so a place's campaigns are its own."""
    site_file = yaml.safe_load((REPO / SITE).read_text(encoding="utf-8"))
    category_audience = {c["id"]: c.get("audience", "public") for c in site_file["categories"]}
    expected: dict[str, set[tuple[str, str]]] = {p.stem: set() for p in (REPO / "content/regions").glob("*.yaml")}
    for campaign_id in site_file["campaigns"]:
        data = yaml.safe_load((REPO / f"content/campaigns/{campaign_id}.yaml").read_text(encoding="utf-8"))
        sections = {s["id"]: s.get("audience") or category_audience[s["category"]] for s in data["sections"]}
        for activity in data["activities"]:
            if (activity.get("audience") or sections[activity["section"]]) == "public":
                expected[data["region"]].add((campaign_id, activity["id"]))
    assert len(expected["kunming"]) == 34 and expected["puer"] == set()
    for region, pairs in expected.items():
        found = set()
        for uid in feed_uids(outputs[f"calendar/regions/{region}.ics"]):
            name = re.sub(r"(-\d{8})?@.*", "", uid.removeprefix("activity-"))
            found |= {(c, a) for c, a in pairs if name == f"{c}-{a}"} or {("?", name)}
        assert found == pairs, region


def test_the_city_page_shows_this_month_and_next(outputs):
    page = outputs["calendar/regions/kunming.md"].decode("utf-8")
    assert re.findall(r"^## (\d{4}年\d+月)$", page, re.M) == ["2018年3月", "2018年4月"]
    assert 'aria-label="2018年3月日历"' in page and 'aria-label="2018年4月日历"' in page
    assert "[昆明市2018年学雷锋志愿服务系列活动 · 3月](../../campaigns/kunming-2018/2018-03.md)：**奉献**" in page
    # the plan's every month is one link away
    assert "(../../campaigns/kunming-2018/2018-12.md)" in page
    # activities held at stations, by the stations' district
    district = page[page.index("## 在各区县志愿服务站开展的活动"):page.index("## 本地方案")]
    assert "### 晋宁区" in district and "march-5-event.md" in district and "zhenghe-square.md" in district


def test_focus_months():
    months = [(2019, m) for m in range(3, 13)] + [(2020, 1)]
    assert focus_months(months, date(2019, 12, 31)) == ([(2019, 12), (2020, 1)], False)
    assert focus_months(months, date(2020, 1, 5)) == ([(2020, 1)], False)
    assert focus_months(months, date(2018, 6, 1)) == ([(2019, 3), (2019, 4)], True)  # not started: the first two
    assert focus_months(months, date(2021, 1, 1)) == ([], False)  # all past: the plans' month pages remain


def test_puer_lists_work_tasks_on_its_plan_page_and_nowhere_citizens_look(site, outputs):
    puer = site.campaign("puer-2019")
    assert len(puer.activities) == 41 and puer.public_activities == []
    tasks = {("puer-2019", a.id) for a in puer.activities}
    assert not linked_activities(outputs, "calendar/regions/puer.md")
    # why the calendar is empty, inside the box (indented), and where the tasks are
    assert ('!!! info "暂无市民可以参加的活动"\n\n    普洱市已发布的方案列出的是各单位的工作任务'
            in outputs["calendar/regions/puer.md"].decode("utf-8"))
    assert feed_uids(outputs["calendar/regions/puer.ics"]) == set()
    for path in [p for p in outputs if re.fullmatch(r"calendar/\d{4}-\d{2}\.md", p)] + ["index.md"]:
        assert not linked_activities(outputs, path) & tasks, path
    assert linked_activities(outputs, "campaigns/puer-2019/index.md") >= tasks
    assert "建立健全志愿服务规章制度" in outputs["campaigns/puer-2019/index.md"].decode("utf-8")
    assert not linked_activities(outputs, "campaigns/puer-2019/2019-11.md")
    assert "本月还有 41 项各单位的工作任务在落实中" in outputs["campaigns/puer-2019/2019-11.md"].decode("utf-8")


def test_calendar_index_and_subscribe_page_link_each_place(site, outputs):
    index = outputs["calendar/index.md"].decode("utf-8")
    subscribe = outputs["calendar/subscribe.md"].decode("utf-8")
    for region in site.regions.values():
        assert f"(regions/{region.id}.md)" in index and f"(regions/{region.id}.md)" in subscribe
    assert "(../calendar/regions/meilie.md)" in outputs["stations/index.md"].decode("utf-8")
    assert "(../calendar/regions/kunming.md)" in outputs["units/index.md"].decode("utf-8")
    # every unit and station page links its own place's calendar, every month calendar the places
    for unit in site.units:
        assert ("calendar", "regions", unit.region.id) in links_of(outputs, unit.path), unit.path
    for station in site.stations:
        assert ("calendar", "regions", station.region.id) in links_of(outputs, station.path), station.path
    assert "(index.md#places)" in outputs["calendar/2018-03.md"].decode("utf-8")
    # a campaign with no public activity keeps its feed's URL but is not offered
    assert "calendar/campaigns/puer-2019.ics" in outputs and "campaigns/puer-2019.ics" not in subscribe


# --- the audience rule, on the mini fixture ----------------------------------------------------------------


def test_audience_comes_from_the_activity_then_the_section_then_the_category(mini):
    edit(mini, SITE, "  - id: monthly\n    name: 月度主题活动\n",
         "  - id: monthly\n    name: 月度主题活动\n    audience: internal\n")
    edit(mini, CAMPAIGN, "    title: 文明祭祀志愿服务\n", "    title: 文明祭祀志愿服务\n    audience: public\n")
    site = load_site(mini, date(2019, 3, 4))
    audience = {a.id: a.audience for a in site.activities}
    assert audience == {"saturday": "public", "lei-feng-day": "internal", "civilised-april": "public"}
    edit(mini, CAMPAIGN, "    category: standing\n", "    category: standing\n    audience: internal\n")
    site = load_site(mini, date(2019, 3, 4))
    assert [a.id for a in site.public_activities] == ["civilised-april"]
    outputs = dict(render(mini, date(2019, 3, 4)).items())
    assert linked_activities(outputs, "calendar/regions/democity.md") == {("demo-2019", "civilised-april")}
    assert feed_uids(outputs["calendar/all.ics"]) == {"activity-demo-2019-civilised-april@example.org"}
    campaign = outputs["campaigns/demo-2019/index.md"].decode("utf-8")
    assert linked_activities(outputs, "campaigns/demo-2019/index.md") == {("demo-2019", a) for a in audience}  # the plan lists all
    assert "工作任务：由各单位落实，不列入市民日历" in campaign  # the standing section, all tasks
    task = outputs["campaigns/demo-2019/activities/lei-feng-day.md"].decode("utf-8")
    assert '!!! note "工作任务"' in task and "## 如何参与" not in task


def test_a_wrong_audience_is_a_chinese_message_at_its_line(check, mini):
    edit(mini, CAMPAIGN, "    title: 文明祭祀志愿服务\n", "    title: 文明祭祀志愿服务\n    audience: 内部\n")
    edit(mini, SITE, "  - id: standing\n    name: 常态化活动\n", "  - id: standing\n    name: 常态化活动\n    audience: staff\n")
    message = ("不是可用的对象：写 public（市民可以参加的活动，列入日历和订阅）或 internal（给各单位的工作任务，"
               "如报送、制度建设、考评，只在方案页列出）。")
    assert check() == [
        f"{SITE}:{line_of(mini, SITE, 'audience: staff')}: categories[0].audience: “staff”{message}",
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'audience: 内部')}: activities[2].audience: “内部”{message}",
    ]


# --- places: a city's calendar includes its districts' plans -----------------------------------------------


DISTRICT_REGION = "name: 示例区\nprovince: 云南省\ncity: 示例市\ndistrict: 示例区\nunits:\n  - id: wenmingban\n    name: 区文明办\n"
DISTRICT_CAMPAIGN = """title: 示例区2019年学雷锋活动方案
short_title: 示例区2019年学雷锋活动
region: shiliqu
issuer: 示例区文明办
period: {start: 2019-03-01, end: 2019-03-31}
sections:
  - {id: main, title: 主要活动, category: standing}
activities:
  - id: river-cleaning
    section: main
    title: 清洁河道志愿服务
    when: {date: 2019-03-16}
    leads: [区文明办]
"""


def test_a_city_calendar_includes_its_districts_and_a_district_links_its_city(mini):
    (mini / "content/regions/shiliqu.yaml").write_text(DISTRICT_REGION, encoding="utf-8")
    (mini / "content/campaigns/shiliqu-2019.yaml").write_text(DISTRICT_CAMPAIGN, encoding="utf-8")
    edit(mini, SITE, "  - demo-2019\n", "  - demo-2019\n  - shiliqu-2019\n")
    site = load_site(mini, date(2019, 3, 4))
    city, district = site.regions["democity"], site.regions["shiliqu"]
    assert [c.id for c in city.calendar_campaigns] == ["demo-2019", "shiliqu-2019"]
    assert [c.id for c in district.calendar_campaigns] == ["shiliqu-2019"]
    assert city.districts == [district] and district.city is city and city.city is None
    outputs = dict(render(mini, date(2019, 3, 4)).items())
    assert ("shiliqu-2019", "river-cleaning") in linked_activities(outputs, "calendar/regions/democity.md")
    assert linked_activities(outputs, "calendar/regions/shiliqu.md") == {("shiliqu-2019", "river-cleaning")}
    assert "[示例市日历](democity.md)" in outputs["calendar/regions/shiliqu.md"].decode("utf-8")
    assert "activity-shiliqu-2019-river-cleaning@example.org" in feed_uids(outputs["calendar/regions/democity.ics"])
    assert feed_uids(outputs["calendar/regions/shiliqu.ics"]) == {"activity-shiliqu-2019-river-cleaning@example.org"}


# --- districts: a calendar per district the city's stations name ---------------------------------------------


def district_oracle() -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(region, district) → (campaign, activity) of its feed, from the YAML alone: the public
    activities at the district's stations, and the region's own public activities tied to no station."""
    site_file = yaml.safe_load((REPO / SITE).read_text(encoding="utf-8"))
    category_audience = {c["id"]: c.get("audience", "public") for c in site_file["categories"]}
    regions = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "content/regions").glob("*.yaml")}
    stations = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "content/stations").rglob("*.yaml")}
    expected = {(s["region"], s["district"]): set() for s in stations.values() if not regions[s["region"]].get("district")}
    for campaign_id in site_file["campaigns"]:
        data = yaml.safe_load((REPO / f"content/campaigns/{campaign_id}.yaml").read_text(encoding="utf-8"))
        sections = {s["id"]: s.get("audience") or category_audience[s["category"]] for s in data["sections"]}
        for activity in data["activities"]:
            if (activity.get("audience") or sections[activity["section"]]) != "public":
                continue
            at = activity.get("stations") or []
            for (region, district), pairs in expected.items():
                if (not at and data["region"] == region) or any(
                        (stations[s]["region"], stations[s]["district"]) == (region, district) for s in at):
                    pairs.add((campaign_id, activity["id"]))
    return expected


def test_each_district_feed_matches_the_source_files(site, outputs):
    expected = district_oracle()
    assert set(expected) == {("kunming", "晋宁区")}  # 梅列区's stations are in a district region: no second calendar
    for (region, district), pairs in expected.items():
        calendar = next(d for d in site.regions[region].district_calendars if d.name == district)
        found = set()
        for uid in feed_uids(outputs[calendar.ics_path]):
            name = re.sub(r"(-\d{8})?@.*", "", uid.removeprefix("activity-"))
            found |= {(c, a) for c, a in pairs if name == f"{c}-{a}"} or {("?", name)}
        assert found == pairs and pairs, (region, district)
        assert linked_activities(outputs, calendar.calendar_path) == pairs
    assert "calendar/regions/kunming/jin-ning-qu.md" in outputs and "calendar/regions/kunming/jin-ning-qu.ics" in outputs
    assert not any(p.startswith("calendar/regions/meilie/") for p in outputs)


def test_district_calendars_are_linked(site, outputs):
    page = "calendar/regions/kunming/jin-ning-qu.md"
    assert ("calendar", "regions", "kunming", "jin-ning-qu") in links_of(outputs, "calendar/regions/kunming.md")
    assert ("calendar", "regions", "kunming", "jin-ning-qu") in links_of(outputs, "stations/zhenghe-square.md")
    assert ("calendar", "regions", "kunming", "jin-ning-qu") in links_of(outputs, "calendar/subscribe.md")
    assert ("calendar", "regions", "kunming", "jin-ning-qu") in links_of(outputs, "calendar/index.md")
    assert ("calendar", "regions", "kunming") in links_of(outputs, page)
    assert "calendar/regions/kunming/jin-ning-qu.ics" in outputs["calendar/subscribe.md"].decode("utf-8")
    for station in site.stations:  # 梅列区's stations link their region's calendar only
        district = ("calendar", "regions", station.region.id)
        assert [link for link in links_of(outputs, station.path) if link[:3] == district and len(link) == 4] == (
            [] if station.region.model.district else [(*district, "jin-ning-qu")]), station.id


SECOND_STATION = ("name: 东区学雷锋驿站\nkind: 驿站\nregion: democity\ndistrict: 东区\naddress: 示例市东区一号\n"
                  "location: {lat: 25.05, lon: 102.72}\nstandard: si-ge-you\n")


def test_a_district_holds_its_stations_and_the_city_wide_activities_not_other_districts(mini):
    """square (示例区) holds saturday; 东区 gets a station of its own: saturday is not on its calendar."""
    (mini / "content/stations/east.yaml").write_text(SECOND_STATION, encoding="utf-8")
    site = load_site(mini, date(2019, 3, 4))
    city = site.regions["democity"]
    west, east = sorted(city.district_calendars, key=lambda d: d.name != "示例区")
    assert (west.slug, east.slug) == ("shi-li-qu", "dong-qu")
    tied = {a.id for a in site.activities if a.stations}
    assert tied == {"saturday"}
    citywide = {a.id for a in site.public_activities if not a.stations}
    assert {a.id for a in west.at_stations} == {"saturday"} and {a.id for a in west.citywide} == citywide
    assert east.at_stations == [] and {a.id for a in east.public_activities} == citywide
    outputs = dict(render(mini, date(2019, 3, 4)).items())
    host = "example.org"
    assert feed_uids(outputs["calendar/regions/democity/dong-qu.ics"]) == {
        f"activity-demo-2019-{a}@{host}" for a in citywide}
    page = outputs["calendar/regions/democity/dong-qu.md"].decode("utf-8")
    assert "## 本区县站点的活动" in page and "## 全市（县）性的活动" in page
    assert "saturday.md" not in page
    west_page = outputs["calendar/regions/democity/shi-li-qu.md"].decode("utf-8")
    here, everywhere = west_page.split("## 全市（县）性的活动")
    assert "saturday.md" in here.split("## 本区县站点的活动")[1] and "saturday.md" not in everywhere
    # a district with its own region file keeps that one calendar, linked from its stations
    (mini / "content/regions/dongqu.yaml").write_text(
        "name: 东区\nprovince: 云南省\ncity: 示例市\ndistrict: 东区\nunits:\n  - id: wenmingban\n    name: 东区文明办\n",
        encoding="utf-8")
    outputs = dict(render(mini, date(2019, 3, 4)).items())
    assert "calendar/regions/democity/dong-qu.md" not in outputs
    assert ("calendar", "regions", "dongqu") in links_of(outputs, "stations/east.md")
