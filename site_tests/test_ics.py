"""iCalendar feeds, judged by two independent parsers (icalendar and vobject)."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from conftest import DEMO_TODAY, REPO
from generator.build import render

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def outputs():
    return dict(render(REPO, DEMO_TODAY).items())


@pytest.fixture(scope="module")
def feeds(outputs):
    return {path: data for path, data in outputs.items() if path.endswith(".ics")}


def events(data: bytes) -> list:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in events(data)}


def test_the_expected_feeds_exist(feeds):
    expected = {"calendar/all.ics", "calendar/deadlines.ics",
                *(f"calendar/campaigns/{c}.ics" for c in
                  ("meilie-2017", "kunming-2018", "puer-2019", "taiyuan-2020", "jincheng-2021")),
                *(f"calendar/regions/{r}.ics" for r in ("meilie", "kunming", "puer", "taiyuan", "jincheng")),
                "calendar/categories/standing.ics", "calendar/categories/monthly.ics",
                "calendar/categories/care-others.ics"}
    assert expected <= set(feeds)
    single = [p for p in feeds if "/activities/" in p]
    assert len(single) == 106  # one 加入日历 file per activity


def test_every_feed_passes_both_parsers(feeds):
    for path, data in feeds.items():
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar["VERSION"] == "2.0", path
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"], path
        ours = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
        assert ours and len(ours) == len(set(ours)), path
        parsed = vobject.readOne(data.decode("utf-8"))
        theirs = sorted(e.uid.value for e in parsed.vevent_list)
        assert theirs == ours, path
        for event in parsed.vevent_list:
            event.dtstart.value  # noqa: B018 — vobject parses every start
            if hasattr(event, "rrule"):
                assert event.getrruleset() is not None


def test_all_feed_holds_every_activity_once(feeds):
    from generator.project import load_site

    site = load_site(REPO, DEMO_TODAY)
    uids = by_uid(feeds["calendar/all.ics"])
    expected = sum(len(a.timing.dates()) if a.timing.kind == "days" else 1 for a in site.activities)
    assert len(uids) == expected == len(events(feeds["calendar/all.ics"]))
    assert "activity-kunming-2018-march-5-event@xueleifeng.example.cn" in uids
    assert "activity-puer-2019-task-41@xueleifeng.example.cn" in uids


def test_saturday_service_day_stays_a_rule_and_expands_the_same_in_vobject(feeds):
    data = feeds["campaigns/kunming-2018/activities/lei-feng-square.ics"]
    [event] = events(data)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["SA"]
    assert event["DTSTART"].dt == date(2018, 1, 6)  # all-day: a DATE, not a datetime
    assert event["DTEND"].dt == date(2018, 1, 7)
    expanded = list(vobject.readOne(data.decode("utf-8")).vevent.getrruleset())
    assert len(expanded) == 52
    assert expanded[0].date() == date(2018, 1, 6) and expanded[-1].date() == date(2018, 12, 29)


def test_single_day_month_and_campaign_long_items(feeds):
    uids = by_uid(feeds["calendar/campaigns/kunming-2018.ics"])
    day = uids["activity-kunming-2018-march-5-event@xueleifeng.example.cn"]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (date(2018, 3, 5), date(2018, 3, 6))
    assert "TRANSP" not in day
    month = uids["activity-kunming-2018-festival-yuandan@xueleifeng.example.cn"]
    assert (month["DTSTART"].dt, month["DTEND"].dt) == (date(2018, 1, 1), date(2018, 2, 1))
    assert month["TRANSP"] == "TRANSPARENT"
    assert "/campaigns/kunming-2018/activities/march-5-event/" in str(day["URL"])


def test_deadlines_feed(feeds):
    uids = by_uid(feeds["calendar/deadlines.ics"])
    monthly = uids["deadline-kunming-2018-monthly-report@xueleifeng.example.cn"]
    start = monthly["DTSTART"].dt
    assert start == datetime(2018, 1, 23, 16, 0, tzinfo=SHANGHAI)
    assert str(monthly["DTSTART"].params["TZID"]) == "Asia/Shanghai"
    assert monthly["RRULE"]["BYMONTHDAY"] == [23]
    rules = list(vobject.readOne(feeds["calendar/deadlines.ics"].decode("utf-8")).vevent_list)
    kunming = next(e for e in rules if e.uid.value.startswith("deadline-kunming-2018-monthly-report"))
    occurrences = list(kunming.getrruleset())
    assert len(occurrences) == 12 and occurrences[-1] == datetime(2018, 12, 23, 16, 0, tzinfo=occurrences[-1].tzinfo)
    assert occurrences[-1].utcoffset() == timedelta(hours=8)
    jincheng = sorted(e["DTSTART"].dt for u, e in uids.items() if u.startswith("deadline-jincheng-2021"))
    assert jincheng == [date(2021, 3, 19), date(2021, 7, 19), date(2021, 11, 19)]
    taiyuan = [e for u, e in uids.items() if u.startswith("deadline-taiyuan-2020")]
    assert [e["DTSTART"].dt for e in taiyuan] == [date(2020, 12, 31)]
    assert all(list(e.walk("VALARM")) for e in uids.values())  # a reminder the day before


def test_dtstamp_is_deterministic_and_from_the_plan(feeds, outputs):
    again = dict(render(REPO, date(2019, 6, 1)).items())
    for path, data in feeds.items():
        assert again[path] == data, path  # the build date does not leak into feeds
    [event] = events(feeds["campaigns/taiyuan-2020/activities/metro-line-2.ics"])
    assert event["DTSTAMP"].dt == datetime(2020, 12, 3, tzinfo=SHANGHAI)


def test_uids_survive_title_edits_and_reordering(tmp_path, feeds):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "campaigns.yaml", project / "campaigns.yaml")
    shutil.copytree(REPO / "content", project / "content")
    path = project / "content/campaigns/taiyuan-2020.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 开展太原市轨道交通二号线青年志愿服务活动", "title: 地铁二号线青年志愿服务接力计划")
    # move the last activity to the front of the list
    head, _, rest = text.partition("activities:\n")
    items, _, tail = rest.partition("\ndeadlines:")
    blocks = items.split("\n  - id: ")
    blocks = [blocks[0]] + [blocks[-1]] + blocks[1:-1] if blocks[0] == "" else blocks
    text = head + "activities:\n" + "\n  - id: ".join(blocks) + "\ndeadlines:" + tail
    path.write_text(text, encoding="utf-8")
    edited = dict(render(project, DEMO_TODAY).items())
    before = by_uid(feeds["calendar/campaigns/taiyuan-2020.ics"])
    after = by_uid(edited["calendar/campaigns/taiyuan-2020.ics"])
    assert set(after) == set(before)
    metro = "activity-taiyuan-2020-metro-line-2@xueleifeng.example.cn"
    assert str(after[metro]["SUMMARY"]) == "地铁二号线青年志愿服务接力计划"
    assert str(before[metro]["SUMMARY"]) != str(after[metro]["SUMMARY"])


def test_a_schedule_written_in_chinese_is_the_rule_in_the_feed(tmp_path):
    from conftest import edit, make_project

    project = make_project(tmp_path / "mini")
    campaign = "content/campaigns/demo-2019.yaml"
    edit(project, campaign, "rrule: FREQ=WEEKLY;BYDAY=SA", "repeat: 每月最后一个周五")
    edit(project, campaign, "exdates: [2019-04-06]", "exdates: [2019-04-26]")
    edit(project, campaign, '{rrule: "FREQ=MONTHLY;BYMONTHDAY=23", start: 2019-03-23}', "{repeat: 每月23号, start: 2019-03-23}")
    outputs = dict(render(project, date(2019, 3, 4)).items())

    data = outputs["campaigns/demo-2019/activities/saturday.ics"]
    [event] = events(data)
    assert dict(event["RRULE"]) == {"FREQ": ["MONTHLY"], "BYDAY": ["-1FR"], "UNTIL": [date(2019, 4, 30)]}
    assert [d.dt for d in event["EXDATE"].dts] == [date(2019, 4, 26)]
    expanded = list(vobject.readOne(data.decode("utf-8")).vevent.getrruleset())
    assert [moment.date() for moment in expanded] == [date(2019, 3, 29)]  # the last Friday of March; April's is off
    assert "时间：每月最后一个周五（2019年3月2日至4月30日）" in str(event["DESCRIPTION"])

    [deadline] = events(outputs["calendar/deadlines.ics"])
    assert dict(deadline["RRULE"])["BYMONTHDAY"] == [23] and dict(deadline["RRULE"])["FREQ"] == ["MONTHLY"]
    page = next(text for path, text in outputs.items() if path.endswith("activities/saturday.md")
                or path.endswith("activities/saturday/index.md"))
    assert "每月最后一个周五" in page.decode("utf-8")
