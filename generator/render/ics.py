"""iCalendar (.ics) output: activity feeds, the reporting-deadlines feed, single events.

Feeds are citizens' calendars: they hold public activities only (see ``feeds``).

Subscribed calendars update in place only if every event keeps its UID, so UIDs
are built from ids (campaign, activity, deadline), never from titles or order.
DTSTAMP comes from the plan's issue date, so two builds give identical bytes.
Recurring items stay RRULEs; month-long and longer items are all-day spans marked
transparent (they do not make anyone look busy).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from typing import Iterable
from zoneinfo import ZoneInfo

from dataclasses import dataclass, field

from icalendar import Alarm, Calendar, Event, Timezone, vRecur, vText

from generator.model.nodes import ActivityNode, CampaignNode, DeadlineNode, Site
from generator.plan.urls import page_url, site_host
from generator.model.timing import Timing

TZ = ZoneInfo("Asia/Shanghai")
PRODID = "-//xueleifeng-portal//学雷锋志愿服务活动门户//ZH"


def _stamp(campaign: CampaignNode) -> datetime:
    issued = campaign.model.issued or campaign.start
    return datetime.combine(issued, time(), TZ).astimezone(timezone.utc)


def _clock(text: str | None) -> tuple[time | None, time | None]:
    if not text:
        return None, None
    start, _, end = text.partition("-")
    begin = time.fromisoformat(start)
    return begin, time.fromisoformat(end) if end else None


def _set_times(event: Event, timing: Timing, first: date, clock: str | None) -> None:
    """DTSTART/DTEND for one occurrence pattern: all-day unless the plan gives a time."""
    begin, end = _clock(clock)
    if begin is None:
        event.add("dtstart", first)
        span = (timing.last - timing.first).days + 1 if timing.kind not in ("recurring", "days") else 1
        event.add("dtend", first + timedelta(days=span))
        return
    start = datetime.combine(first, begin, TZ)
    event.add("dtstart", start)
    event.add("dtend", datetime.combine(first, end, TZ) if end else start)


def _add_recurrence(event: Event, timing: Timing, timed: bool) -> None:
    rule = vRecur.from_ical(timing.when.rule)
    if "UNTIL" not in rule and "COUNT" not in rule:
        # UNTIL must match DTSTART's type: a DATE for all-day, UTC for timed events.
        rule["UNTIL"] = (datetime.combine(timing.last, time(23, 59, 59), TZ).astimezone(timezone.utc)
                         if timed else timing.last)
    event.add("rrule", rule)
    for excluded in timing.when.exdates:
        event.add("exdate", excluded)


def _base_event(uid: str, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def activity_events(site: Site, activity: ActivityNode) -> list[Event]:
    campaign = activity.campaign
    timing = activity.timing
    model = activity.model
    uid = f"activity-{campaign.id}-{activity.id}@{site_host(site)}"
    url = page_url(site, activity.path)
    lines = [f"{campaign.model.short_title} · {activity.section.model.title}", f"时间：{timing.label()}"]
    if activity.leads:
        lines.append("牵头单位：" + "、".join(u.name for u in activity.leads))
    if model.body:
        lines.append(model.body.strip())
    lines.append(url)

    def fill(event: Event) -> Event:
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("categories", [activity.category.name])
        if model.venues:
            event.add("location", "、".join(model.venues))
        if not timing.is_dated:
            event.add("transp", "TRANSPARENT")
        return event

    clock = timing.time
    if timing.kind == "days":
        events = []
        for day in timing.dates():
            event = _base_event(f"activity-{campaign.id}-{activity.id}-{day:%Y%m%d}@{site_host(site)}",
                                model.title, _stamp(campaign))
            _set_times(event, timing, day, clock)
            events.append(fill(event))
        return events
    event = _base_event(uid, model.title, _stamp(campaign))
    _set_times(event, timing, timing.first, clock)
    if timing.kind == "recurring":
        _add_recurrence(event, timing, timed=clock is not None)
    return [fill(event)]


def deadline_events(site: Site, campaign: CampaignNode, deadline: DeadlineNode) -> list[Event]:
    timing = deadline.timing
    model = deadline.model
    clock = model.time or timing.time
    lines = [f"{campaign.model.short_title}：报送节点"]
    if model.submitters:
        lines.append(f"报送单位：{model.submitters}")
    if deadline.submit_to:
        lines.append("报送至：" + "、".join(u.name for u in deadline.submit_to))
    if model.channel:
        lines.append(f"方式：{model.channel}")
    if model.description:
        lines.append(model.description.strip())
    lines.append(page_url(site, campaign.path))
    summary = f"【报送截止】{model.title}"

    def fill(event: Event) -> Event:
        event.add("description", "\n".join(lines))
        event.add("url", page_url(site, campaign.path))
        event.add("categories", ["报送节点"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
        return event

    base_uid = f"deadline-{campaign.id}-{model.id}"
    if timing.kind == "days":
        events = []
        for day in timing.dates():
            event = _base_event(f"{base_uid}-{day:%Y%m%d}@{site_host(site)}", summary, _stamp(campaign))
            _set_times(event, timing, day, clock)
            events.append(fill(event))
        return events
    event = _base_event(f"{base_uid}@{site_host(site)}", summary, _stamp(campaign))
    first = timing.last if timing.kind in ("range", "month", "year", "period") else timing.first
    # A deadline is the last moment: for a span, the day it ends.
    _set_times(event, Timing("day", first, first, timing.when), first, clock)
    if timing.kind == "recurring":
        _add_recurrence(event, timing, timed=clock is not None)
    return [fill(event)]


@cache
def _shanghai() -> Timezone:
    """Built once: icalendar derives a VTIMEZONE from every transition of the zone, about 0.1 s,
    and every activity has its own .ics file.  Calendars only read the component."""
    return Timezone.from_tzid("Asia/Shanghai")


END = b"END:VCALENDAR\r\n"


def calendar_bytes(site: Site, name: str, events: Iterable[Event | bytes], description: str = "") -> bytes:
    """A calendar file: its header, the zone, and the events — each given as an Event or as the bytes
    of one (Calendars serialises an activity's events once, not again in every feed they are in:
    icalendar's line folding made that most of the render phase on a large site)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # X- properties are not typed by icalendar: vText makes it escape them like SUMMARY.
    cal.add("x-wr-calname", vText(name))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    if description:
        cal.add("x-wr-caldesc", vText(description))
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    # Always carry the zone, so a client adds timed events right even if it ignores TZID.
    cal.add_component(_shanghai())
    head = cal.to_ical()
    assert head.endswith(END)
    body = b"".join(event if isinstance(event, bytes) else event.to_ical() for event in events)
    return head[:-len(END)] + body + END


@dataclass(frozen=True)
class Feed:
    path: str  # docs-relative
    title: str
    description: str
    group: str  # 全部 / 方案 / 地区 / 类别 / 报送
    page: str = ""  # the web page showing the same calendar (a place's calendar page), if any
    offered: bool = True  # listed for subscription: a campaign with no public activity keeps its URL only
    about: tuple = field(default=(), compare=False)  # nodes its title and description name, for its sources


def feeds(site: Site) -> list[tuple[Feed, list[ActivityNode] | None]]:
    """Every subscribable feed with the activities it holds (None: the deadlines feed).

    Citizens' feeds hold public activities only (ActivityNode.is_public): a work task for the
    units is listed on its plan's page, and its reporting dates are in the deadlines feed.  A
    campaign's and a place's feeds exist even when empty, so a subscribed calendar drops what it
    no longer holds instead of keeping it (a missing feed is an error that clients ignore)."""
    public = site.public_activities
    result: list[tuple[Feed, list[ActivityNode] | None]] = [
        (Feed("calendar/all.ics", f"{site.settings.title}：全部活动", "所有方案中市民可以参加的活动。", "全部"), public),
        (Feed("calendar/deadlines.ics", f"{site.settings.title}：报送节点",
              "各方案要求的材料报送截止时间，供文明办和责任单位订阅，截止前一天提醒。", "报送"), None),
    ]
    for campaign in site.campaigns:
        activities = campaign.public_activities
        result.append((Feed(campaign.ics_path, campaign.model.short_title,
                            f"{campaign.model.short_title}中市民可以参加的活动。", "方案",
                            offered=bool(activities), about=(campaign,)), activities))
    for region in site.places:
        inside = "、".join(r.name for r in region.districts)
        result.append((Feed(region.ics_path, f"{region.name}的志愿服务活动",
                            f"{region.place}：各方案中市民可以参加的活动" + (f"（含{inside}）。" if inside else "。"),
                            "地区", region.calendar_path, about=(region, *region.districts)),
                       region.public_activities))
        for district in region.district_calendars:
            result.append((Feed(district.ics_path, f"{district.title}的志愿服务活动",
                                f"{district.place}：本区县志愿服务站的活动和全市性的活动。", "地区",
                                district.calendar_path, about=tuple(district.sources)),
                           district.public_activities))
    for category in site.categories.values():
        activities = [a for a in public if a.category.id == category.id]
        if activities:
            result.append((Feed(f"calendar/categories/{category.id}.ics", f"{category.name}",
                                category.description or category.name, "类别"), activities))
    return result


def activity_ics_path(activity: ActivityNode) -> str:
    return activity.ics_path


class Calendars:
    """Renders any feed or single-event file; each activity's events are built once per build
    (an activity is in up to four feeds: all, campaign, region, category, and its own file)."""

    def __init__(self, site: Site):
        self.site = site
        self._events: dict[ActivityNode, bytes] = {}

    def events(self, activity: ActivityNode) -> bytes:
        """The activity's events, serialised once."""
        if activity not in self._events:
            self._events[activity] = b"".join(event.to_ical() for event in activity_events(self.site, activity))
        return self._events[activity]

    def feed(self, feed: Feed, activities: list[ActivityNode] | None) -> bytes:
        site = self.site
        if activities is None:
            events = [e for c in site.campaigns for d in c.deadlines for e in deadline_events(site, c, d)]
        else:
            events = [self.events(a) for a in activities]
        return calendar_bytes(site, feed.title, events, feed.description)

    def single(self, activity: ActivityNode) -> bytes:
        return calendar_bytes(self.site, activity.title, [self.events(activity)])
