"""What a ``When`` means: its span, the months it touches, its dates, and its Chinese label.

Plans state time loosely — a day (3·5), a range, a whole month, the whole year, or a
rule (every Saturday).  The model keeps that shape; this module answers the
questions pages ask of it.  Recurrences stay rules and are expanded only here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timedelta
from typing import Iterator, Optional

from dateutil.rrule import rrulestr

from generator.source.schema import When

WEEKDAYS = {"MO": "一", "TU": "二", "WE": "三", "TH": "四", "FR": "五", "SA": "六", "SU": "日"}


def month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Timing:
    """A resolved ``When``: ``kind`` is day, days, range, month, year, recurring or period."""

    kind: str
    first: date
    last: date
    when: Optional[When]

    @property
    def is_dated(self) -> bool:
        """True when the plan names concrete days (not a month-long or year-long item)."""
        return self.kind in ("day", "days", "range", "recurring")

    @property
    def time(self) -> Optional[str]:
        return self.when.time if self.when else None

    @cached_property
    def _occurrences(self) -> list[date]:
        """Every day a recurring item happens: expanded once, asked for by many pages and feeds."""
        return list(_expand(self.when, self.first, self.first, self.last))

    def months(self) -> list[tuple[int, int]]:
        if self.kind == "days":
            return sorted({(d.year, d.month) for d in self.when.dates})
        if self.kind == "recurring":
            return sorted({(d.year, d.month) for d in self._occurrences})
        return months_between(self.first, self.last)

    def dates(self, start: Optional[date] = None, end: Optional[date] = None) -> list[date]:
        """Concrete days between ``start`` and ``end`` (inclusive) for dated kinds."""
        start = max(start or self.first, self.first)
        end = min(end or self.last, self.last)
        if start > end:
            return []
        if self.kind == "day":
            return [self.first]
        if self.kind == "days":
            return [d for d in self.when.dates if start <= d <= end]
        if self.kind == "range":
            return [start + timedelta(days=i) for i in range((end - start).days + 1)]
        if self.kind == "recurring":
            return [d for d in self._occurrences if start <= d <= end]
        return []

    def next_on_or_after(self, today: date) -> Optional[date]:
        """The next day this happens, or today if it is under way; None when over."""
        if self.last < today:
            return None
        if self.kind == "recurring":
            found = self.dates(today, self.last)
            return found[0] if found else None
        if self.kind == "days":
            return next((d for d in sorted(self.when.dates) if d >= today), None)
        return max(self.first, today)

    def label(self) -> str:
        """Chinese description, e.g. 2018年3月5日 / 2018年3月（全月）/ 每周六."""
        time = f" {self.time}" if self.time else ""
        if self.kind == "day":
            text = cn_date(self.first)
        elif self.kind == "days":
            text = "、".join(cn_date(d) for d in self.when.dates)
        elif self.kind == "range":
            text = f"{cn_date(self.first)}至{_short_end(self.first, self.last)}"
        elif self.kind == "month":
            text = f"{self.first.year}年{self.first.month}月（全月）"
        elif self.kind == "year":
            text = f"{self.first.year}年全年"
        elif self.kind == "recurring":
            text = f"{describe_rrule(self.when.rrule)}（{cn_date(self.first)}至{_short_end(self.first, self.last)}）"
        else:
            text = f"方案全程（{cn_date(self.first)}至{_short_end(self.first, self.last)}）"
        note = f"，{self.when.note}" if self.when and self.when.note else ""
        return text + time + note


def _short_end(first: date, last: date) -> str:
    if first.year != last.year:
        return cn_date(last)
    if first.month != last.month:
        return f"{last.month}月{last.day}日"
    return f"{last.day}日"


def _expand(when: When, dtstart: date, start: date, end: date) -> Iterator[date]:
    rule = rrulestr(when.rrule, dtstart=datetime.combine(dtstart, datetime.min.time()))
    excluded = set(when.exdates)
    for moment in rule.between(
        datetime.combine(start, datetime.min.time()),
        datetime.combine(end, datetime.min.time()),
        inc=True,
    ):
        if moment.date() not in excluded:
            yield moment.date()


def resolve(when: Optional[When], period_start: date, period_end: date,
            month: Optional[tuple[int, int]] = None) -> Timing:
    """Resolve a ``When`` inside a campaign period.

    Without a ``when``, an item under a monthly theme lasts that month and any other
    item lasts the whole campaign: that is what an undated plan item means.
    """
    if when is None:
        if month is not None:
            return Timing("month", date(*month, 1), month_end(*month), None)
        return Timing("period", period_start, period_end, None)
    if when.date is not None:
        return Timing("day", when.date, when.date, when)
    if when.dates is not None:
        return Timing("days", min(when.dates), max(when.dates), when)
    if when.month is not None:
        year, mon = (int(part) for part in when.month.split("-"))
        return Timing("month", date(year, mon, 1), month_end(year, mon), when)
    if when.year is not None:
        return Timing("year", date(when.year, 1, 1), date(when.year, 12, 31), when)
    if when.rrule is not None:
        first = when.start or period_start
        last = when.until or _until_in_rule(when.rrule) or period_end
        return Timing("recurring", first, last, when)
    return Timing("range", when.start, when.end, when)


def _until_in_rule(rule: str) -> Optional[date]:
    match = re.search(r"UNTIL=(\d{4})(\d{2})(\d{2})", rule)
    return date(*(int(g) for g in match.groups())) if match else None


def describe_rrule(rule: str) -> str:
    """A Chinese phrase for the rules plans use; the raw rule for anything else."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    freq = parts.get("FREQ")
    interval = parts.get("INTERVAL", "1")
    if interval != "1":
        return f"重复规则 {rule}"
    if freq == "WEEKLY" and "BYDAY" in parts:
        days = [WEEKDAYS.get(d[-2:]) for d in parts["BYDAY"].split(",")]
        if all(days):
            return "每周" + "、".join(days)
    if freq == "MONTHLY" and "BYMONTHDAY" in parts:
        return "每月" + "、".join(parts["BYMONTHDAY"].split(",")) + "日"
    if freq == "YEARLY" and "BYMONTH" in parts and "BYMONTHDAY" in parts:
        months = "、".join(f"{m}月" for m in parts["BYMONTH"].split(","))
        return f"每年{months}{parts['BYMONTHDAY']}日"
    if freq == "DAILY":
        return "每天"
    return f"重复规则 {rule}"
