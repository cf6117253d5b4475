"""Key days and festivals the plans refer to, by canonical Chinese name.

Fixed-date days carry their month and day.  Lunar festivals (春节, 端午 …) and
清明 move every year; their dates are computed per year by the calendar module,
never typed into a table here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class KeyDay:
    name: str
    month: Optional[int] = None  # None: moves every year (lunar or solar term)
    day: Optional[int] = None
    always_shown: bool = False  # shown every year whether or not a plan names it


KEY_DAYS = {
    day.name: day
    for day in (
        KeyDay("元旦", 1, 1),
        KeyDay("春节"),
        KeyDay("元宵节"),
        KeyDay("学雷锋纪念日", 3, 5, always_shown=True),
        KeyDay("植树节", 3, 12),
        KeyDay("清明节"),
        KeyDay("劳动节", 5, 1),
        KeyDay("青年节", 5, 4),
        KeyDay("儿童节", 6, 1),
        KeyDay("端午节"),
        KeyDay("建党节", 7, 1),
        KeyDay("建军节", 8, 1),
        KeyDay("中秋节"),
        KeyDay("世界无车日", 9, 22),
        KeyDay("国庆节", 10, 1),
        KeyDay("重阳节"),
        KeyDay("国际志愿者日", 12, 5, always_shown=True),
    )
}


def unknown_key_day_message(name: str) -> str:
    return f"未知的节日或纪念日“{name}”，可用名称：{'、'.join(KEY_DAYS)}。"
