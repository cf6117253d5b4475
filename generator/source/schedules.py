"""Repeating schedules in Chinese, both ways: 每周六 → FREQ=WEEKLY;BYDAY=SA → 每周六.

Editors write what the plans say — 每周六, 每月23日, 每月最后一个周五, 每年3月5日 — in
``when: {repeat: …}``; calendars need an iCalendar RRULE.  ``to_rrule`` turns the Chinese
forms into the one RRULE each means (an RRULE written by hand passes through), and
``describe`` says any RRULE in Chinese again, so pages show 每周六 whoever wrote the rule.
The two are inverses on the forms listed in ``FORMS``: describe(to_rrule(text)) parses back
to the same rule (site_tests/test_schedules.py).

No library parses Chinese schedules; the grammar is small on purpose: a form outside it is
refused with the list of forms that work, never guessed.  Rules name days only: the time of
day belongs in ``time:``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Optional

# What editors can write, in the order the error message and the README list them.
FORMS = ("每周六", "每周二和周四", "每周一至周五", "工作日", "周末", "每天", "每两周周三", "每月23日",
         "每月1日和15日", "每月最后一天", "每月第一个周一", "每月最后一个周五", "每年3月5日")

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")
_WEEKDAY_OF = {name: index for index, name in enumerate(WEEKDAY_NAMES)} | {"天": 6, "七": 6} | {
    str(index + 1): index for index in range(7)}
_DAY = "[一二三四五六日天七1-7]"

_UNITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_ORDINAL = rf"(?:第({_NUM})个?|最后一?个?|倒数第({_NUM})个?)"

MAX_INTERVAL = 99  # 每99周: anything sparser is not a schedule a volunteer keeps
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 2月29日 happens in leap years


class ScheduleError(ValueError):
    """A Chinese message for the editor (pydantic shows a ValueError's text)."""


def is_chinese(text: str) -> bool:
    """True when the text is meant as a Chinese form, not an iCalendar RRULE."""
    return any(ord(char) > 0x7F for char in text)


@lru_cache(maxsize=2048)
def to_rrule(text: str) -> str:
    """The RRULE a schedule means.  An RRULE passes through in capitals (the schema has checked it)."""
    if not is_chinese(text):
        return text.strip().upper()
    return _parse(text)


def _forms_hint() -> str:
    return (f"可用的写法：{'、'.join(FORMS)}；其他规律请写 iCalendar 重复规则，如 FREQ=WEEKLY;BYDAY=SA"
            "（README“重复的活动”一节有说明）。")


def _refuse(text: str, why: str = "") -> ScheduleError:
    return ScheduleError(f"重复规则“{_shown(text)}”{why or '无法识别'}。{_forms_hint()}")


def _shown(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


# --- text → RRULE ------------------------------------------------------------------------

_SPELLINGS = (  # longest first where one contains another
    ("星期", "周"), ("礼拜", "周"), ("周天", "周日"), ("每一个", "每"), ("每个", "每"), ("每逢", "每"),
    ("每隔一个", "每两个"), ("每隔一", "每两"), ("隔周", "每两周"), ("的", ""), ("号", "日"),
    ("月月底", "月底"), ("月月末", "月底"), ("月底", "月最后一天"), ("月末", "月最后一天"), ("天天", "每天"), ("每日", "每天"),
)
_TIME_OF_DAY = re.compile(r"\d{1,2}[:点时]|上午|下午|中午|晚上|早上|凌晨|全天")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # full-width digits, commas and colons
    text = re.sub(r"\s+", "", text)
    for old, new in _SPELLINGS:
        text = text.replace(old, new)
    text = re.sub(r"以及|及|和|与|跟|[,;/、]", "、", text)
    return text.strip("、。")


def _number(text: str) -> int:
    if text.isascii():
        return int(text)
    match = re.fullmatch(r"([一二两三四五六七八九])?(十)?([一二三四五六七八九])?", text)
    if not match or not any(match.groups()) or (match.group(1) and match.group(3) and not match.group(2)):
        raise ValueError(text)
    tens, ten, units = match.groups()
    if ten:
        return _UNITS.get(tens, 1) * 10 + _UNITS.get(units, 0)
    return _UNITS[tens or units]


def _parse(original: str) -> str:
    if _TIME_OF_DAY.search(unicodedata.normalize("NFKC", original)):
        raise ScheduleError(f"重复规则“{_shown(original)}”里写了一天中的时间：repeat 只写哪几天，"
                            "时间请另写在 time 中，如 repeat: 每周六 和 time: 09:00-11:30。")
    text = _normalise(original)
    try:
        if re.fullmatch(r"每天", text):
            return _rule("DAILY")
        if match := re.fullmatch(rf"每({_NUM})天", text):
            return _rule("DAILY", _interval(original, match.group(1), "天"))
        if text in ("工作日", "周末") or (not text.startswith("每") and re.fullmatch(rf"周{_DAY}.*", text)):
            text = "每周" + text
        if text in ("每工作日", "每周末"):
            text = "每周" + text[1:]
        if match := re.fullmatch(rf"每(?:({_NUM})个?)?周(.*)", text):
            interval = _interval(original, match.group(1), "周") if match.group(1) else 1
            return _rule("WEEKLY", interval, byday=_weekdays(original, match.group(2)))
        if match := re.fullmatch(rf"每(?:({_NUM})个)?月(.*)", text):
            interval = _interval(original, match.group(1), "个月") if match.group(1) else 1
            return _rule("MONTHLY", interval, **_days_of_month(original, match.group(2)))
        if match := re.fullmatch(rf"(?:每年)?({_NUM}月.*)", text):
            return _yearly(original, match.group(1))
    except ScheduleError:
        raise
    except ValueError:  # a numeral that is not one
        raise _refuse(original) from None
    raise _refuse(original)


def _interval(original: str, text: str, unit: str) -> int:
    value = _number(text)
    if not 1 <= value <= MAX_INTERVAL:
        raise _refuse(original, f"的间隔“每{text}{unit}”应在 1 至 {MAX_INTERVAL} 之间")
    return value


def _weekdays(original: str, text: str) -> list[str]:
    """周六 / 二、周四 / 一至周五 / 工作日 / 周末 → codes in week order."""
    if not text:
        raise _refuse(original, "没有写星期几（如 每周六）")
    days: set[int] = set()
    for item in text.split("、"):
        if item == "工作日":
            days.update(range(5))
        elif item in ("周末", "末"):
            days.update((5, 6))
        elif match := re.fullmatch(rf"周?({_DAY})(?:至|到|-|~|—)周?({_DAY})", item):
            first, last = (_WEEKDAY_OF[d] for d in match.groups())
            if last <= first:
                raise _refuse(original, f"中“{item}”的起止写反了（应从周一向周日，如 周一至周五）")
            days.update(range(first, last + 1))
        elif match := re.fullmatch(rf"周?({_DAY})", item):
            days.add(_WEEKDAY_OF[match.group(1)])
        else:
            raise _refuse(original, f"中“{item}”不是星期几")
    return [WEEKDAY_CODES[d] for d in sorted(days)]


def _days_of_month(original: str, text: str) -> dict:
    """23日 / 1日、15日 / 1、15日 / 最后一天 / 第一个周一 / 第一个、第三个周六 → BYMONTHDAY or BYDAY."""
    if not text:
        raise _refuse(original, "没有写几日（如 每月23日）")
    items = text.split("、")
    if items[0].startswith("第"):  # 第一、三个周六: the 第 serves the numbers after it
        items[1:] = ["第" + item if re.fullmatch(rf"{_NUM}(个.*|周.*)?", item) else item for item in items[1:]]
    if all(re.fullmatch(rf"{_ORDINAL}(?:周{_DAY})?", item) for item in items):
        return {"byday": _ordinal_weekdays(original, items)}
    monthdays = []
    for index, item in enumerate(items):
        if item == "最后一天":
            monthdays.append(-1)
        elif match := re.fullmatch(rf"倒数第({_NUM})天", item):
            monthdays.append(-_day_number(original, match.group(1)))
        elif match := re.fullmatch(rf"({_NUM})(日)?", item):
            if not match.group(2) and not (index < len(items) - 1 and items[-1].endswith("日")):
                raise _refuse(original, f"中“{item}”缺少“日”（如 每月{item}日）")
            monthdays.append(_day_number(original, match.group(1)))
        elif re.fullmatch(rf"{_ORDINAL}(?:周{_DAY})?", item):
            raise _refuse(original, "把几日和第几个星期几写在了一起：一条规则只能用一种，请分成两项")
        else:
            raise _refuse(original, f"中“{item}”不是日期（如 23日）或第几个星期几（如 第一个周一）")
    return {"bymonthday": sorted(set(monthdays), key=lambda d: (d < 0, abs(d) if d < 0 else d))}


def _day_number(original: str, text: str) -> int:
    value = _number(text)
    if not 1 <= value <= 31:
        raise _refuse(original, f"中的“{text}日”不存在（每月只有 1 至 31 日）")
    return value


def _ordinal_weekdays(original: str, items: list[str]) -> list[str]:
    weekday = None
    found = []
    for item in reversed(items):  # 第一个、第三个周六: the last item's weekday serves the earlier ones
        match = re.fullmatch(rf"{_ORDINAL}(?:周({_DAY}))?", item)
        forward, backward, day = match.groups()
        weekday = _WEEKDAY_OF[day] if day else weekday
        if weekday is None:
            raise _refuse(original, f"中“{item}”没有写星期几（如 第一个周一）")
        position = _number(forward) if forward else -(_number(backward) if backward else 1)
        if not 1 <= abs(position) <= 5:
            raise _refuse(original, f"中的“{item}”不存在（一个月里同一个星期几最多有 5 个）")
        found.append(f"{position}{WEEKDAY_CODES[weekday]}")
    return sorted(set(found), key=_ordinal_order)


def _ordinal_order(code: str) -> tuple:
    position = int(code[:-2])
    return WEEKDAY_CODES.index(code[-2:]), position < 0, abs(position) if position < 0 else position


def _yearly(original: str, text: str) -> str:
    """3月5日 / 3月、7月、11月19日 / 3月5日、12月5日 / 5月第二个周日 → FREQ=YEARLY."""
    head, _, spec = text.rpartition("月")
    if not spec:
        raise _refuse(original, "只写了月份，没有写几日（如 每年3月5日）；整月的活动请用 month: 2018-03")
    months_text = head.split("、")
    if all(re.fullmatch(_NUM, m.removesuffix("月")) for m in months_text) and spec:
        months = [_month_number(original, m.removesuffix("月")) for m in months_text]
        days = _days_of_month(original, spec)
    else:  # 3月5日、12月5日: each item a whole date, all on the same day of their months
        pairs = [re.fullmatch(rf"({_NUM})月(.+)", item) for item in text.split("、")]
        if not all(pairs):
            raise _refuse(original)
        specs = {pair.group(2) for pair in pairs}
        if len(specs) > 1:
            raise _refuse(original, "中的几个日期不在各月的同一天，一条重复规则写不下：请用 dates 列出日期，或分成几项")
        months = [_month_number(original, pair.group(1)) for pair in pairs]
        days = _days_of_month(original, specs.pop())
    for day in days.get("bymonthday", []):
        for month in months:
            if day > _DAYS_IN_MONTH[month - 1]:
                raise _refuse(original, f"中的日期不存在：{month}月没有{day}日")
    return _rule("YEARLY", bymonth=sorted(set(months)), **days)


def _month_number(original: str, text: str) -> int:
    value = _number(text)
    if not 1 <= value <= 12:
        raise _refuse(original, f"中的“{text}月”不存在")
    return value


def _rule(freq: str, interval: int = 1, bymonth=(), bymonthday=(), byday=()) -> str:
    parts = [f"FREQ={freq}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    for name, values in (("BYMONTH", bymonth), ("BYMONTHDAY", bymonthday), ("BYDAY", byday)):
        if values:
            parts.append(f"{name}={','.join(str(v) for v in values)}")
    return ";".join(parts)


# --- RRULE → text -------------------------------------------------------------------------

_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
_COUNTS = _NUMERALS | {2: "两"}  # 每两周 but 第二个, 倒数第二天
_ORDINALS = {n: f"第{_NUMERALS[n]}个" for n in range(1, 6)} | {-1: "最后一个"}
_DESCRIBED = {"FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "COUNT", "UNTIL", "WKST"}


def describe(rule: str, start: Optional[date] = None) -> str:
    """Which days an RRULE names, in Chinese: 每周六, 每月最后一个周五, 每年3月5日.

    The span (start, until) is not part of it: pages print it beside.  ``start`` supplies what
    a rule leaves to DTSTART (FREQ=WEEKLY alone repeats on the start's weekday).  A rule beyond
    the Chinese forms is shown as written, after 重复规则.
    """
    parts = dict(part.partition("=")[::2] for part in rule.strip().upper().split(";") if part)
    try:
        text = _describe(parts, start)
    except (KeyError, ValueError):
        text = None
    if text is None:
        return f"重复规则 {rule}"
    if "COUNT" in parts:
        text += f"，共{int(parts['COUNT'])}次"
    return text


def _describe(parts: dict[str, str], start: Optional[date]) -> Optional[str]:
    if set(parts) - _DESCRIBED or parts.get("WKST", "MO") != "MO":
        return None
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    every = "每" if interval == 1 else "每" + _COUNTS.get(interval, str(interval))
    monthdays = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    byday = parts["BYDAY"].split(",") if "BYDAY" in parts else []
    months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    if freq == "DAILY":
        return None if monthdays or byday or months else f"{every}天"
    if freq == "WEEKLY":
        if monthdays or months or any(len(code) != 2 for code in byday):
            return None
        if not byday:
            if start is None:
                return None
            byday = [WEEKDAY_CODES[start.weekday()]]
        days = _weekday_list(byday)
        return "每" + days if interval == 1 else f"{every}周{days}"
    if freq == "MONTHLY":
        if months:
            return None
        spec = _month_spec(monthdays, byday, start)
        return None if spec is None else ("每月" if interval == 1 else f"{every}个月") + spec
    if freq == "YEARLY" and interval == 1:
        if not months and not byday:
            if start is None:
                return None
            months, monthdays = months or [start.month], monthdays or [start.day]
        if not months:
            return None
        spec = _month_spec(monthdays, byday, start)
        return None if spec is None else "每年" + "、".join(f"{m}月" for m in months) + spec
    return None


def _weekday_list(codes: list[str]) -> str:
    """周六 / 周二、周四 / 周一至周五: runs of three or more days as a range."""
    days = sorted({WEEKDAY_CODES.index(code) for code in codes})
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"周{WEEKDAY_NAMES[run[0]]}至周{WEEKDAY_NAMES[run[-1]]}")
        else:
            words.extend(f"周{WEEKDAY_NAMES[d]}" for d in run)
    return "、".join(words)


def _month_spec(monthdays: list[int], byday: list[str], start: Optional[date]) -> Optional[str]:
    if monthdays and byday:
        return None  # BYMONTHDAY and BYDAY together name their intersection: no plain words for it
    if byday:
        items = []
        for code in byday:
            match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", code)
            if not match or not match.group(1):
                return None  # every Monday of the month: a weekly rule, shown as written
            position = int(match.group(1))
            ordinal = _ORDINALS.get(position) or (f"倒数第{_NUMERALS[-position]}个" if position < 0 else None)
            if ordinal is None:
                return None
            items.append((ordinal, WEEKDAY_NAMES[WEEKDAY_CODES.index(match.group(2))]))
        if len({day for _, day in items}) == 1:
            return "、".join(ordinal for ordinal, _ in items) + f"周{items[0][1]}"
        return "、".join(f"{ordinal}周{day}" for ordinal, day in items)
    if not monthdays:
        if start is None:
            return None
        monthdays = [start.day]
    words = []
    for day in monthdays:
        if day > 0:
            words.append(f"{day}日")
        elif day == -1:
            words.append("最后一天")
        else:
            words.append(f"倒数第{_NUMERALS.get(-day, -day)}天")
    return "、".join(words)
