"""Month calendars as data: weeks of days, each with its key days and dated activities.

A month calendar is what citizens look at: it holds public activities only (work tasks for
the units stay on the plan page, see ActivityNode.is_public).  Only activities that name
concrete days go into the grid.  Month-long and longer
items are returned separately so that pages show them above the grid as what
they are, instead of pretending they happen on every single day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from generator.model.keydays import KeyDay, key_days_of_year
from generator.model.nodes import ActivityNode
from generator.model.timing import month_end

WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")  # weeks start on Monday in China


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    key_days: list[KeyDay] = field(default_factory=list)
    activities: list[ActivityNode] = field(default_factory=list)

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[Day]]
    whole_month: list[ActivityNode]  # the plan gives the month, not days
    longer: list[ActivityNode]  # longer than the month: whole year, whole campaign, long ranges

    @property
    def days(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d.in_month]

    @property
    def key_days(self) -> list[tuple[date, KeyDay]]:
        return [(d.day, k) for d in self.days for k in d.key_days]

    @property
    def whole_month_count(self) -> int:
        return len(self.whole_month)

    @property
    def longer_count(self) -> int:
        return len(self.longer)

    @property
    def has_activities(self) -> bool:
        """Anything to do this month: on a day, all month, or longer."""
        return bool(self.whole_month or self.longer or any(d.activities for d in self.days))


def is_day_specific(activity: ActivityNode) -> bool:
    """True when the plan puts the activity on particular days rather than over a span."""
    when = activity.timing
    return when.kind in ("day", "days", "recurring") or (
        when.kind == "range" and (when.last - when.first).days < 28)


def month_calendar(year: int, month: int, activities: Iterable[ActivityNode],
                   today: Optional[date] = None) -> MonthCalendar:
    first, last = date(year, month, 1), month_end(year, month)
    weeks = [
        [Day(d, d.month == month, d == today) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    by_date = {d.day: d for week in weeks for d in week if d.in_month}
    for day_date, key_days in key_days_of_year(year).items():
        if day_date in by_date:
            by_date[day_date].key_days.extend(key_days)

    whole_month, longer = [], []
    for activity in activities:
        when = activity.timing
        if not activity.is_public or when.last < first or when.first > last:
            continue
        if is_day_specific(activity):
            for day_date in when.dates(first, last):
                by_date[day_date].activities.append(activity)
        elif when.kind == "month":
            whole_month.append(activity)
        else:
            longer.append(activity)
    return MonthCalendar(year, month, weeks, whole_month, longer)
