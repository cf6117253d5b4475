"""What a ``When`` means: its span, the months it touches, its dates, and its Chinese label.

Plans state time loosely — a day (3·5), a range, a whole month, the whole year, or a
rule (every Saturday).  The model keeps that shape; this module answers the
questions pages ask of it.  Recurrences stay rules and are expanded only here, lazily
and never beyond ``MAX_OCCURRENCES``; ``rule_problem`` says when a rule is unusable.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Iterator, NamedTuple, Optional

from dateutil.rrule import rrulestr

from generator.source.schedules import describe as describe_rrule, is_chinese
from generator.source.schema import MAX_CAMPAIGN_MONTHS, MAX_OCCURRENCES, When


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


def cn_month(year: int, month: int) -> str:
    return f"{year}年{month}月"


def cn_period(first: date, last: date) -> str:
    """2019年3月1日至2019年4月30日: both days in full, as plans and share cards state a period."""
    return f"{cn_date(first)}至{cn_date(last)}"


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
    def _rule_days(self) -> list[date]:
        """The rule's days in the span, exdates included, expanded once and at most as far as
        ``rule_problem`` needs: a rule with more than ``MAX_OCCURRENCES`` is refused."""
        limit = MAX_OCCURRENCES + len(self.when.exdates) + 1
        return list(islice(_rule_days(self.when.rule, self.first, self.last), limit))

    @cached_property
    def _occurrences(self) -> list[date]:
        """Every day a recurring item happens, in order: asked for by many pages and feeds."""
        excluded = set(self.when.exdates)
        return [day for day in self._rule_days if day not in excluded]

    @cached_property
    def _months(self) -> list[tuple[int, int]]:
        if self.kind == "days":
            return sorted({(d.year, d.month) for d in self.when.dates})
        if self.kind == "recurring":
            return sorted({(d.year, d.month) for d in self._occurrences})
        return months_between(self.first, self.last)

    def months(self) -> list[tuple[int, int]]:
        return list(self._months)

    @cached_property
    def month_set(self) -> frozenset[tuple[int, int]]:
        """``months()`` for membership tests: month pages ask it of every activity."""
        return frozenset(self._months)

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
            days = self._occurrences
            return days[bisect_left(days, start):bisect_right(days, end)]
        return []

    @property
    def day_count(self) -> int:
        """How many days a dated item happens on (a recurring one: its occurrences)."""
        return len(self.dates())

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
            text = f"{describe_rrule(self.when.rule, self.first)}（{cn_date(self.first)}至{_short_end(self.first, self.last)}）"
        else:
            text = f"方案全程（{cn_date(self.first)}至{_short_end(self.first, self.last)}）"
        note = f"，{self.when.note}" if self.when and self.when.note else ""
        return text + time + note

    def label_in_month(self, year: int, month: int) -> str:
        """The date under a heading that already names the month (a month's poster): the month's
        days only, the year not repeated, no brackets — "3月5日", "每周六", "全月"."""
        time = f" {self.time}" if self.time else ""
        first, last = date(year, month, 1), month_end(year, month)

        def day(d: date) -> str:
            return f"{d.month}月{d.day}日"
        if self.kind == "day":
            text = day(self.first)
        elif self.kind == "days":
            text = "、".join(day(d) for d in self.dates(first, last))
        elif self.kind == "range":
            start, end = max(self.first, first), min(self.last, last)
            text = "全月" if (start, end) == (first, last) else (
                day(start) if start == end else f"{day(start)}至{end.day}日")
        elif self.kind == "recurring":
            text = describe_rrule(self.when.rule, self.first)
        elif self.kind == "period":
            text = "方案全程"
        else:  # month, year: the item runs the whole month
            text = "全月"
        note = f"，{self.when.note}" if self.when and self.when.note else ""
        return text + time + note


def _short_end(first: date, last: date) -> str:
    if first.year != last.year:
        return cn_date(last)
    if first.month != last.month:
        return f"{last.month}月{last.day}日"
    return f"{last.day}日"


class Problem(NamedTuple):
    loc: tuple  # inside the When: ("repeat",), ("rrule",) or ("exdates", index)
    message: str


def rule_problem(timing: Timing) -> Optional[Problem]:
    """Why a recurring item cannot be published as written, or None.

    A rule that never happens in its span (2月30日, exdates that remove every day) would show
    nothing and say nothing; one with more than ``MAX_OCCURRENCES`` days fills calendars.  The
    span is checked first: looking for a rule's days costs time in proportion to it.
    """
    if timing.kind != "recurring":
        return None
    when, first, last = timing.when, timing.first, timing.last
    span = f"{first} 至 {last}"
    field, written = (when.rule_field,), when.rule_text
    chinese = is_chinese(written)
    if first <= last and len(months_between(first, last)) > MAX_CAMPAIGN_MONTHS:
        return Problem(field, f"重复规则的时间段 {span} 超过 {MAX_CAMPAIGN_MONTHS} 个月（方案最长的周期）："
                              "请用 start、until 把它限定在方案周期前后。")
    if len(timing._occurrences) > MAX_OCCURRENCES:
        sparser = "每周六" if chinese else "FREQ=WEEKLY"
        return Problem(field, f"重复规则“{written}”在 {span} 之间超过 {MAX_OCCURRENCES} 次：请用 start、until "
                              f"缩短时间段，或改用更疏的频率（如 {sparser}）；天天都做的常态化工作不必写 when，"
                              "即贯穿方案全程。")
    if not timing._occurrences:
        # A Chinese form names days that exist (schedules.py refuses 2月30日): they fall outside the span.
        cause = ("exdates 排除了它的全部日期" if timing._rule_days else
                 "开始日期晚于结束日期" if first > last else
                 "这段时间里没有它所说的日子" if chinese else "规则中的日期不存在或互相矛盾，如 2 月没有 30 日")
        parts = "重复的日期以及" if chinese else " FREQ、BYMONTH、BYMONTHDAY、BYDAY 以及"
        return Problem(field, f"重复规则“{written}”在 {span} 之间一次也不会发生（{cause}）："
                              f"请核对{parts} start、until、exdates。")
    days = set(timing._rule_days)
    for index, excluded in enumerate(when.exdates):
        if excluded not in days:
            return Problem(("exdates", index), f"{excluded} 不是重复规则“{written}”在 {span} 之间的日期，"
                                               "排除它没有作用：请核对要取消的是哪一天。")
    return None


_SCAN_END_YEAR = date.max.year - 1  # a margin for a last week that would cross into the year 10000


def _cycle_years(first: date, last: date) -> int:
    """Whole years to add to a span without changing its calendar — the same weekdays, month
    lengths and leap years — so that it ends as near the year 9999 as possible.

    dateutil looks for a rule's next day after the span period by period, and scans a rule that
    never happens (BYMONTH=2;BYMONTHDAY=30) up to the year 9999: 6 s for a daily rule.  Moved,
    the scan is a few years.  The Gregorian calendar repeats every 400 years, and from 1901 to
    2099, where every fourth year is a leap year, every 28 years: a span in those years is moved
    by 28-year steps to end in 1971–1998, then on by 8,000 years, to end in 9971–9998.
    """
    back = -(-(last.year - 1998) // 28) * 28  # negative: forward
    if last.year < 2100 and first.year - back > 1901:
        return 8000 - back
    return (_SCAN_END_YEAR - last.year) // 400 * 400


def _rule_days(rule: str, first: date, last: date) -> Iterator[date]:
    """The days ``rule`` (started on ``first``) names up to ``last``, lazily, in order.

    The schema allows only day-level rules, so each occurrence is one day.  Any UNTIL has been
    folded into ``last`` by ``resolve``.
    """
    if first > last:
        return
    years = _cycle_years(first, last)
    start = datetime.combine(first.replace(year=first.year + years), datetime.min.time())
    stop = last.replace(year=last.year + years)
    recurrence = rrulestr(rule, dtstart=start).replace(until=None)
    try:
        for moment in recurrence:
            day = moment.date()
            if day > stop:
                return
            yield day.replace(year=day.year - years)
    except (ValueError, OverflowError):  # dateutil reached the year 10000: no later day
        return


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
    if when.rule is not None:
        first = when.start or period_start
        ends = [day for day in (when.until, _until_in_rule(when.rule)) if day is not None]
        return Timing("recurring", first, min(ends) if ends else period_end, when)
    return Timing("range", when.start, when.end, when)


def _until_in_rule(rule: str) -> Optional[date]:
    match = re.search(r"UNTIL=(\d{4})(\d{2})(\d{2})", rule)
    return date(*(int(g) for g in match.groups())) if match else None
