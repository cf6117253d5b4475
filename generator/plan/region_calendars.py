"""A place's calendar page: what citizens of a city (or district) can join this month and next.

One page per place (every region file, RegionNode.calendar_path), not one per place and month: a
province has some 40 cities × 24 months, and what a citizen asks is "what is on in my city now".
The page shows this month's and next month's grids (the first months ahead when the place's
plans have not started), the next dated activities, the activities at stations by district,
and each plan's month pages for every other month.  Its feed is the region's .ics (render/ics.py).

Each district the city's stations name has a section here and a page of its own
(calendar/regions/<region>/<district>/, model/places.py DistrictCalendar): the plans tie few
activities to stations (3 of the demo's 106), so a district page lists those and, in a group of
their own, the city-wide activities every resident can join.  A district that publishes its own
plan is a region, with its own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.model.calendar_grid import MonthCalendar, month_calendar
from generator.model.grouping import grouped
from generator.model.nodes import ActivityNode, CampaignMonth, CampaignNode, MonthLink, RegionNode, StationNode
from generator.model.places import DistrictCalendar
from generator.model.upcoming import Upcoming, upcoming
from generator.plan.listings import Group

UPCOMING = 8


@dataclass(frozen=True)
class FocusMonth:
    link: MonthLink
    cal: MonthCalendar
    plans: list[CampaignMonth]  # the place's plans running this month: their month pages and themes


@dataclass(frozen=True)
class StationActivity:
    activity: ActivityNode
    stations: list[StationNode]  # the activity's stations in the district


@dataclass(frozen=True)
class DistrictActivities(Group[StationActivity]):
    # The district's own calendar (a DistrictCalendar, or the district's region), if it has one.
    calendar: object = None


@dataclass(frozen=True)
class RegionCalendar:
    region: RegionNode
    months: list[FocusMonth]  # this month and next, or the first months ahead; none when all are past
    ahead: bool  # the months shown have not begun
    upcoming: list[Upcoming]
    districts: list[DistrictActivities]
    campaigns: list[CampaignNode]  # newest first, for their month pages

    @property
    def public_count(self) -> int:
        return len(self.region.public_activities)

    @property
    def several_plans(self) -> bool:
        """More than one plan: each entry says which it belongs to."""
        return len(self.campaigns) > 1


def focus_months(months: list[tuple[int, int]], today: date) -> tuple[list[tuple[int, int]], bool]:
    """This month and next if the place's plans run then, else the first two months ahead."""
    current = (today.year, today.month)
    if current in months:
        following = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return [m for m in (current, following) if m in months], False
    ahead = [m for m in months if m > current]
    return ahead[:2], bool(ahead)


def by_district(activities: list[ActivityNode]) -> list[DistrictActivities]:
    """Activities held at stations, by the stations' districts (an activity may be in several),
    each with its district's calendar."""
    pairs = [(station.model.district, activity, station) for activity in activities for station in activity.stations]
    groups = []
    for district, members in grouped(pairs, lambda pair: pair[0]):
        items = [StationActivity(items[0][1], [station for _, _, station in items])
                 for _, items in grouped(members, lambda pair: (pair[1].campaign.start, pair[1].campaign.id,
                                                                pair[1].index))]
        groups.append(DistrictActivities(district, items, members[0][2].district_calendar))
    return groups


def _focus(campaigns: list[CampaignNode], activities: list[ActivityNode], today: date) -> tuple[list[FocusMonth], bool]:
    months = sorted({m for c in campaigns for m in c.months()})
    shown, ahead = focus_months(months, today) if activities else ([], False)  # no grids of key days only
    return [FocusMonth(MonthLink(year, month), month_calendar(year, month, activities, today),
                       [CampaignMonth(c, year, month) for c in campaigns if (year, month) in c.months()])
            for year, month in shown], ahead


def region_calendar(region: RegionNode, today: date) -> RegionCalendar:
    activities = region.public_activities
    months, ahead = _focus(region.calendar_campaigns, activities, today)
    return RegionCalendar(
        region,
        months,
        ahead,
        upcoming(activities, today, UPCOMING),
        by_district(activities),
        sorted(region.calendar_campaigns, key=lambda c: (c.start, c.id), reverse=True),
    )


@dataclass(frozen=True)
class DistrictPage:
    district: DistrictCalendar
    months: list[FocusMonth]
    ahead: bool
    upcoming: list[Upcoming]
    at_stations: list[StationActivity]  # 本区县站点的活动, with the district's stations each is held at
    citywide: list[ActivityNode]  # 全市（县）性的活动: the city's own, tied to no station

    @property
    def public_count(self) -> int:
        return len(self.district.public_activities)

    @property
    def several_plans(self) -> bool:
        return len({id(a.campaign) for a in self.district.public_activities}) > 1


def district_calendar(district: DistrictCalendar, today: date) -> DistrictPage:
    activities = district.public_activities
    here = {id(s) for s in district.stations}
    campaigns = [c for c in district.region.calendar_campaigns if any(a.campaign is c for a in activities)]
    months, ahead = _focus(campaigns, activities, today)
    return DistrictPage(
        district, months, ahead, upcoming(activities, today, UPCOMING),
        [StationActivity(a, [s for s in a.stations if id(s) in here]) for a in district.at_stations],
        district.citywide,
    )
