"""The facts on a plan's first page: issuer, 文号, date, title, addressees, slogan."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from generator.tools.importer.normalise import Line

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*\d{1,4}\s*号")
ISSUE_DATE = re.compile(r"^(\d{4})\s*年\s*(1[0-2]|0?[1-9])\s*月\s*(3[01]|[12]\d|0?[1-9])\s*日(?:印发|发布)?$")
ORG = re.compile(r"(委员会|办公室|指挥部|文明委|文明办|人民政府|委员会文件|办公室文件)$")
TITLE_WORDS = ("方案", "通知", "计划", "安排", "意见", "清单")


@dataclass
class Facts:
    title: str = ""
    title_line: int = 0  # index in the lines of the plan's own title
    issuer: str = ""
    doc_number: Optional[str] = None
    issued: Optional[dt.date] = None
    addressees: Optional[str] = None
    slogan: Optional[str] = None
    kind: str = "活动方案"
    notes: list[str] = field(default_factory=list)  # what was guessed, for the review list


def safe_date(year: int, month: int, day: int) -> Optional[dt.date]:
    """A date as written in a plan, or None when no such day exists (2月31日, 0000年)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _inner_title(text: str) -> Optional[str]:
    match = re.search(r"(?:现将|印发)\s*《(.+?)》", text)
    return match.group(1).strip() if match else None


def read_facts(lines: list[Line], first_section: int) -> Facts:
    facts = Facts()
    head = lines[:first_section]
    for line in head:
        found = DOC_NUMBER.search(line.text)
        if found and facts.doc_number is None:
            facts.doc_number = re.sub(r"\s+", "", found.group(0))
    for index, line in enumerate(head):
        date = ISSUE_DATE.match(line.text.replace(" ", ""))
        if date and facts.issued is None:
            facts.issued = safe_date(*(int(g) for g in date.groups()))
            if facts.issued is None:
                facts.notes.append(f"印发日期“{line.text}”不是有效的日期，没有导入：请核对原文后填写 issued。")
            if index and ORG.search(lines[index - 1].text) and not facts.issuer:
                facts.issuer = lines[index - 1].text
    first = head[0].text if head else ""
    issuer_head = re.match(r"^(.+?(?:委员会|办公室|指挥部))(?:文件|关于.*)?$", first)
    if issuer_head and not facts.issuer:
        facts.issuer = issuer_head.group(1)
    # the title: the plan's own heading, else the one a notice forwards (现将《…》印发)
    inner = next((t for line in head if (t := _inner_title(line.text))), None)
    candidates = [i for i, line in enumerate(head)
                  if line.text.endswith(TITLE_WORDS) and len(line.text) <= 80 and not line.text.endswith("：")]
    own = [i for i in candidates if not line_is_notice(head[i].text)]
    if own:
        facts.title_line = own[-1]
        facts.title = head[own[-1]].text
    elif candidates:
        facts.title_line = candidates[-1]
        facts.title = inner or head[candidates[-1]].text
    elif inner:
        facts.title = inner
    quoted = re.match(r"^“([^”]+)”\s*(.+)$", facts.title)
    if quoted and quoted.group(2).endswith(TITLE_WORDS):
        facts.slogan, facts.title = quoted.group(1), quoted.group(2)
    if inner and own and inner.replace(" ", "") != facts.title and len(inner) > len(facts.title):
        facts.title = inner if inner.startswith(facts.title[:4]) else facts.title
    if not facts.title and head and len(head[0].text) <= 60:
        facts.title = head[0].text
        facts.notes.append("没有找到写明“方案”“通知”的标题，暂用第一行：请核对")
    if not facts.title:
        facts.title = "（待填写：方案标题）"
        facts.notes.append("没有找到方案标题")
    facts.title = re.sub(r"\s*[(（]\s*(\d{4})\s*[-—–]+\s*(\d{4})\s*年?\s*[)）]", r"（\1—\2年）", facts.title)
    facts.kind = "通知" if facts.title.endswith("通知") else "实施方案" if "实施方案" in facts.title else "活动方案"
    for line in head:
        if line.text.endswith(("：", ":")) and re.search(r"[、，,]", line.text) and len(line.text) < 200 \
                and not line.text.startswith(("现将", "为")):
            facts.addressees = line.text.rstrip("：:")
            break
    if not facts.issuer:
        facts.issuer = "（待填写：发文单位）"
        facts.notes.append("没有找到发文单位")
    facts.issuer = re.sub(r"文件$", "", facts.issuer)
    return facts


def line_is_notice(text: str) -> bool:
    return bool(re.match(r"^.{0,40}关于印发", text)) or text.startswith("关于印发")


def short_title(title: str) -> str:
    short = re.sub(r"^关于(印发|组织开展|开展)", "", title)
    short = re.sub(r"(的通知|的实施方案|实施方案|活动方案|工作方案|方案)$", "", short)
    short = re.sub(r"[《》]", "", short)
    return short.strip() or title


def period_of(text: str, facts: Facts, note: Optional[str]) -> tuple[dt.date, dt.date, str]:
    """The plan's period: from its own words (活动时间), else from the years in its title."""
    years = [int(y) for y in re.findall(r"(?<!\d)(19[6-9]\d|20\d\d)(?!\d)", facts.title)]
    year = years[0] if years else (facts.issued.year if facts.issued else dt.date.today().year)
    last = years[-1] if years else year
    source = note or ""
    months = re.search(r"(\d{4})?\s*年?\s*(1[0-2]|[1-9])\s*月\s*[-—至到~]+\s*(?:(\d{4})\s*年)?\s*(1[0-2]|[1-9])\s*月", source)
    start = dt.date(year, 1, 1)
    end = dt.date(last, 12, 31)
    if months:
        first_year = int(months.group(1) or year)
        end_year = int(months.group(3) or first_year)
        end_month = int(months.group(4))
        month_start = safe_date(first_year, int(months.group(2)), 1)
        after_end = safe_date(end_year + (end_month == 12), end_month % 12 + 1, 1)
        if month_start and after_end and month_start.year >= 1900:
            start, end = month_start, after_end - dt.timedelta(days=1)
        else:
            facts.notes.append(f"活动时间“{source}”中的年月不是有效的日期，方案周期改由标题年份推定：请核对。")
            months = None
    if not months:
        day = re.search(r"(1[0-2]|[1-9])\s*月\s*(3[01]|[12]\d|[1-9])\s*日\s*(?:启动|开始|起)", source)
        day_start = safe_date(year, int(day.group(1)), int(day.group(2))) if day else None
        if day and day_start is None:
            facts.notes.append(f"活动时间“{source}”中的“{day.group(0)}”不是有效的日期，没有采用：请核对。")
        if day_start:
            start = day_start
        elif facts.issued and facts.issued.year == year:
            start = facts.issued
    if facts.issued and start < facts.issued and not months and not note:
        start = facts.issued
    if end < start:
        end = dt.date(start.year, 12, 31)
    return start, end, source
