"""Key days and festivals the plans refer to, by canonical Chinese name, with their dates.

Fixed-date days carry their month and day.  Lunar festivals (春节, 端午 …) and the
solar term 清明 move every year: their dates come from ``lunar_python`` for the
year asked, never from a hand-typed table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from lunar_python import Lunar


@dataclass(frozen=True)
class KeyDay:
    name: str
    month: Optional[int] = None  # fixed Gregorian date, or
    day: Optional[int] = None
    lunar: Optional[tuple[int, int]] = None  # (lunar month, lunar day), or
    solar_term: Optional[str] = None  # a term of the 24 solar terms
    short: str = ""  # label in a crowded calendar cell

    def date_in(self, year: int) -> date:
        if self.month is not None:
            return date(year, self.month, self.day)
        return _movable(self.name, year)


KEY_DAYS = {
    day.name: day
    for day in (
        KeyDay("元旦", 1, 1),
        KeyDay("春节", lunar=(1, 1)),
        KeyDay("元宵节", lunar=(1, 15), short="元宵"),
        KeyDay("学雷锋纪念日", 3, 5, short="学雷锋日"),
        KeyDay("植树节", 3, 12),
        KeyDay("清明节", solar_term="清明", short="清明"),
        KeyDay("劳动节", 5, 1),
        KeyDay("青年节", 5, 4),
        KeyDay("儿童节", 6, 1),
        KeyDay("端午节", lunar=(5, 5), short="端午"),
        KeyDay("建党节", 7, 1),
        KeyDay("建军节", 8, 1),
        KeyDay("中秋节", lunar=(8, 15), short="中秋"),
        KeyDay("世界无车日", 9, 22, short="无车日"),
        KeyDay("国庆节", 10, 1),
        KeyDay("重阳节", lunar=(9, 9), short="重阳"),
        KeyDay("国际志愿者日", 12, 5, short="志愿者日"),
    )
}


@lru_cache(maxsize=None)
def _movable(name: str, year: int) -> date:
    key_day = KEY_DAYS[name]
    if key_day.solar_term:
        # The lunar year that starts in `year` carries the solar terms of that Gregorian year.
        solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()[key_day.solar_term]
    else:
        solar = Lunar.fromYmd(year, *key_day.lunar).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=None)
def key_days_of_year(year: int) -> dict[date, list[KeyDay]]:
    """Every key day of ``year`` by date (two can fall on one day, e.g. 国庆 and 中秋 in 2020)."""
    days: dict[date, list[KeyDay]] = {}
    for key_day in KEY_DAYS.values():
        days.setdefault(key_day.date_in(year), []).append(key_day)
    return days


def unknown_key_day_message(name: str) -> str:
    return f"未知的节日或纪念日“{name}”，可用名称：{'、'.join(KEY_DAYS)}。"


@dataclass(frozen=True)
class KeyDayOn:
    day: date
    key_day: KeyDay


def next_key_days(today: date, count: int) -> list[KeyDayOn]:
    """The next ``count`` key days from ``today`` on: what is coming when no plan lists a date."""
    found = [KeyDayOn(day, key_day) for year in (today.year, today.year + 1)
             for day, key_days in sorted(key_days_of_year(year).items()) if day >= today for key_day in key_days]
    return found[:count]
