"""Dates, targets and contacts in a plan's sentences.

Dates: 3·5 / 3.5 / 12.5 (a day written as the name of a key day), 12月5日, 每周六, 每月23日,
16:00前, X月期间.  Targets: 达到95%以上, 50小时以上, 不少于100小时, 5000个以上.  Contacts:
联系人, 电话, 邮箱 — a personal mobile is never written as a public number (see schema Contact).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from generator.source.personal_data import MOBILE

_DAY = r"(1[0-2]|0?[1-9])月(3[01]|[12]\d|0?[1-9])[日号]"
DAY = re.compile(_DAY)
DOTTED_DAY = re.compile(r"(?<![\d.·．])(1[0-2]|[1-9])\s*[·．.]\s*(3[01]|[12]\d|[1-9])(?![\d%])")
WEEKLY = re.compile(r"每周(?:周|星期)?([一二三四五六日天](?:[、和至到][一二三四五六日天])*)")
MONTHLY = re.compile(r"每月(3[01]|[12]\d|[1-9])日")
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")
IN_MONTH = re.compile(r"(?:在)?(1[0-2]|[1-9])月(?:份)?期间")


def safe_day(year: int, month: int, day: int) -> Optional[dt.date]:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def days_in(text: str, year: int) -> list[tuple[dt.date, str]]:
    """Every day named in a text (12月5日, 3·5, 12.5), with how it is written."""
    found = []
    for match in DAY.finditer(text):
        day = safe_day(year, int(match.group(1)), int(match.group(2)))
        if day:
            found.append((match.start(), day, match.group(0)))
    for match in DOTTED_DAY.finditer(text):
        day = safe_day(year, int(match.group(1)), int(match.group(2)))
        if day:
            found.append((match.start(), day, match.group(0)))
    return [(day, written) for _, day, written in sorted(found)]


def when_of(title: str, body: str, year: int, start: dt.date, end: dt.date) -> tuple[Optional[dict], str]:
    """An activity's `when` from its title (or the start of its body), and what it rests on."""
    text = title or body[:60]
    weekly = WEEKLY.search(title + body[:120])
    if weekly:
        return {"repeat": f"每周{weekly.group(1)}"}, weekly.group(0)
    monthly = MONTHLY.search(title + body[:120])
    if monthly:
        return {"repeat": monthly.group(0)}, monthly.group(0)
    in_month = IN_MONTH.search(title + body[:60])
    if in_month:
        month = int(in_month.group(1))
        year_of = year if start <= dt.date(year, month, 28) else end.year
        first = dt.date(year_of, month, 1)
        last = (dt.date(year_of + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        if first < start or last > end:  # the month is cut by the period: only its days in the period
            first, last = max(first, start), min(last, end)
            if first > last:
                return None, ""
            return {"start": first.isoformat(), "end": last.isoformat(), "note": in_month.group(0)}, in_month.group(0)
        return {"month": f"{year_of}-{month:02d}", "note": in_month.group(0)}, in_month.group(0)
    first = re.split(r"[。；]", body, maxsplit=1)[0]
    if re.search(r"月活动|活动月|服务月|期间|前后", text + first[:40]):  # around a day, not on it
        return None, ""
    # the title's day, else one the body's first sentence says it happens on
    days = days_in(text, year) or (days_in(first, year) if re.search(r"当天|举行|集中开展|启动", first) else [])
    if len(days) == 1:
        day, written = days[0]
        if not start <= day <= end and start.year != end.year:
            day = day.replace(year=end.year)
        if start <= day <= end:
            return {"date": day.isoformat()}, written
    return None, ""


@dataclass
class TargetFound:
    value: float
    unit: str
    comparison: str
    label: str
    quote: str


_TARGET = re.compile(
    r"(不少于|不低于|不超过|不高于|达到|超过|占[^，。；]{0,20}?的)?\s*(\d+(?:\.\d+)?)\s*"
    r"(%|％|个百分点|小时|学分|个|人次|人|名|支|次|场|家|所|万人|户|届)\s*(及以上|以上|以下|以内)?")


def targets_in(sentence: str) -> list[TargetFound]:
    found = []
    for match in _TARGET.finditer(sentence):
        before, number, unit, after = match.groups()
        percent = unit in "%％" and float(number) <= 100
        if not (before or after or percent) or (before and before.startswith("占") and not after and not percent):
            continue
        if re.match(r"\s*(年|月|日)", sentence[match.end():]) or unit in ("个",) and not (after or before):
            continue
        at_most = (before or "").startswith(("不超过", "不高于")) or after in ("以下", "以内")
        clause_start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,；;：:") + 1
        clause_end = min([i for i in (sentence.find(m, match.end()) for m in "，,；;。") if i >= 0] or [len(sentence)])
        label = sentence[clause_start:clause_end].strip()
        found.append(TargetFound(float(number), "%" if unit in "%％" else unit,
                                 "at_most" if at_most else "at_least", label[:80], sentence.strip()))
    return found


@dataclass
class ContactFound:
    name: str
    phone: Optional[str] = None
    email: Optional[str] = None
    mobile_left_out: Optional[str] = None  # a personal mobile, kept out until its owner agrees
    extra_phones: list[str] = field(default_factory=list)


_CONTACT = re.compile(r"联系人\s*[:：]?\s*([\u4e00-\u9fff]{2,4}?)(?=[\s,，;；、（(]|\d|电话|$)")
_PHONE = re.compile(r"(?<![\d-])((?:0\d{2,3}-?)?\d{7,8}|1[3-9]\d{9})(?![\d-])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def contacts_in(paragraph: str) -> list[ContactFound]:
    found = []
    matches = list(_CONTACT.finditer(paragraph))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(paragraph)
        part = paragraph[match.end():end]
        part = part[:part.find("。")] if "。" in part else part
        contact = ContactFound(match.group(1))
        email = EMAIL.search(part)
        contact.email = email.group(0) if email else None
        phones = [p for p in _PHONE.findall(EMAIL.sub("", part))]
        for phone in phones:
            if MOBILE.fullmatch(phone):
                contact.mobile_left_out = contact.mobile_left_out or phone
            elif contact.phone is None:
                contact.phone = phone
            else:
                contact.extra_phones.append(phone)
        found.append(contact)
    return found


def without_mobiles(text: str) -> tuple[str, int]:
    """A text with personal mobile numbers taken out (they need their owner's consent)."""
    count = len(MOBILE.findall(text))
    return MOBILE.sub("（手机号码未导入，待核对）", text), count


@dataclass
class DeadlineFound:
    title: str
    when: dict
    submit_to: str
    sentence: str
    time: Optional[str] = None
    submitters: Optional[str] = None
    channel: Optional[str] = None


_REPORT = re.compile(r"(?:报送|上报|(?<![月简周年])报)(?:至|给|到)?\s*([\u4e00-\u9fff（）()]{2,30}?)(?=[。，,；;]|$)")
_DUE = re.compile(r"(?:分别)?于?\s*((?:(?:1[0-2]|[1-9])月(?:3[01]|[12]\d|[1-9])日[、，和]?\s*)+|每月(?:3[01]|[12]\d|[1-9])日)"
                  r"\s*(?:前)?\s*(?:(?:[01]?\d|2[0-3])[:：][0-5]\d)?\s*(?:下班)?前")


def deadlines_in(sentence: str, year: int) -> list[DeadlineFound]:
    """A sentence asking for a report before a day (…于3月19日、7月19日前报市文明办)."""
    if "前" not in sentence or "报" not in sentence:
        return []
    if len(_DUE.findall(sentence)) > 1:  # two deadlines in one sentence
        found, chunk = [], ""
        for clause in re.split(r"(?<=[，；,;])", sentence):
            chunk += clause
            if _DUE.search(chunk) and re.search(r"报", chunk[_DUE.search(chunk).end():]):
                found += deadlines_in(chunk.strip("，；,; "), year)
                chunk = ""
        return found
    due = _DUE.search(sentence)
    if not due:
        return []
    monthly = re.match(r"每月(3[01]|[12]\d|[1-9])日", due.group(1))
    days = days_in(due.group(1), year)
    if monthly:
        when = {"repeat": monthly.group(0)}
    elif len(days) == 1:
        when = {"date": days[0][0].isoformat()}
    elif days:
        when = {"dates": sorted({d.isoformat() for d, _ in days})}
    else:
        return []
    when["note"] = re.sub(r"\s+", "", due.group(0)).lstrip("于")
    clock = CLOCK.search(due.group(0))
    after = sentence[due.end():]
    reports = list(_REPORT.finditer(after))
    submit_to = reports[-1].group(1) if reports else ""
    channel = re.search(r"通过([^，。；]{2,20}?)(?:上报|报送|报)", after)
    # what is reported: “将X…报” after the day, else the clause before it (形成…报告，分别于…前报)
    before = sentence[:due.start()]
    clause_start = _last_clause(before)
    subject = before[clause_start:].strip()
    thing = re.search(r"将([^。；]{2,60}?)(?:通过|汇总后|报送|上报|(?<!月)报|$)", after) or \
        re.search(r"将(.{2,60}?)(?:汇总后|于(?=\s*\d{1,2}\s*月|每月)|$)", subject)
    if thing:
        thing_text = thing.group(1)
    else:
        prev = [c for c in re.split(r"[，,；;]", before[:clause_start]) if c.strip()]
        thing_text = re.sub(r"^(形成|将|把|并)", "", prev[-1].strip()) if prev else ""
    head = re.match(r"^(.{2,30}?)(?:将|要|须|应|于|在|均)", subject)
    if head:
        submitters = head.group(1)
    elif subject and len(subject) <= 20:
        submitters = subject
    else:
        head = None if subject else re.match(r"^(.{2,20}?)(?:要|须|应|将)", sentence)
        submitters = head.group(1) if head else None
    title = ("报送" + re.sub(r"(形成|汇总后?)$", "", thing_text.strip()))[:50] if thing_text else "报送材料"
    return [DeadlineFound(title, when, submit_to, sentence.strip(),
                          f"{int(clock.group(1)):02d}:{clock.group(2)}" if clock else None, submitters,
                          channel.group(1) if channel else None)]


def _last_clause(text: str) -> int:
    """Where the last clause of a text starts: after its last ，；： outside brackets."""
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char in "（(“《":
            depth += 1
        elif char in "）)”》":
            depth = max(0, depth - 1)
        elif depth == 0 and char in "，,；;：:":
            start = index + 1
    return start


# How plans name the key days of model/keydays.py besides their own names.
_KEY_DAY_WORDS = {
    "学雷锋纪念日": ("学雷锋日", "学雷锋纪念日", "3·5", "3.5", "三五"), "劳动节": ("劳动节", "五一"),
    "儿童节": ("儿童节", "六一"), "建党节": ("建党节", "七一", "建党"), "建军节": ("建军节", "八一"),
    "国际志愿者日": ("国际志愿者日", "志愿者日", "12·5", "12.5"), "世界无车日": ("无车日",),
    "清明节": ("清明",), "中秋节": ("中秋",), "国庆节": ("国庆",), "重阳节": ("重阳",), "端午节": ("端午",),
    "元宵节": ("元宵",),
}


def festivals_in(text: str) -> list[str]:
    """The key days a text names, in calendar order (keydays.KEY_DAYS)."""
    from generator.model.keydays import KEY_DAYS

    found = []
    for name in KEY_DAYS:
        words = _KEY_DAY_WORDS.get(name, (name,))
        if any(word in text for word in words if not (word == "3.5" and re.search(r"\d3\.5|3\.5\d", text))):
            found.append(name)
    return found
