"""The numbering of a plan: 一、 （一） 1. （1） and the lines that are not text but structure
(unit lines, monthly themes).  Used on one line at a time; the tree is built in plan.py."""

from __future__ import annotations

import re
from typing import Optional

NUMERALS = "一二三四五六七八九十"
CN = f"[{NUMERALS}]{{1,3}}"
LEVELS = {
    1: re.compile(rf"^({CN})\s*[、.．]\s*(.*)$"),
    2: re.compile(rf"^[（(]\s*({CN})\s*[）)]\s*[、.．]?\s*(.*)$"),
    3: re.compile(r"^(\d{1,3})(?:\s*[.、．](?!\d)|\s*(?=主旨))\s*(.*)$"),
    4: re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?\s*(.*)$"),
}
ROLE_LABEL = re.compile(r"(主办单位|承办单位|协办单位|牵头单位|牵头部门|责任单位|责任部门|配合单位|参与单位)\s*[:：]\s*")
_MONTH = rf"(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])"
MONTH_KEYWORD = re.compile(rf"^{_MONTH}月(?:份)?(?:主题)?关键词\s*[:：]\s*(.+)$")
MONTH_PROSE = re.compile(rf"^{_MONTH}月份\s*[，,]\s*(.+)$")


def marker(text: str) -> Optional[tuple[int, str, str]]:
    """(level, number as written, rest) of a numbered line."""
    for level, pattern in LEVELS.items():
        match = pattern.match(text)
        if match:
            written = text[:match.start(2)].strip() if match.group(2) else text.strip()
            return level, written.rstrip("、.．").strip() if level == 3 else written.rstrip("、.．"), match.group(2)
    return None


def unit_label(text: str) -> bool:
    return bool(ROLE_LABEL.match(text))


def month_number(word: str) -> int:
    if word.isdigit():
        return int(word)
    if word.startswith("十"):
        return 10 + (NUMERALS.index(word[1]) + 1 if len(word) > 1 else 0)
    return NUMERALS.index(word) + 1


def month_theme(text: str) -> Optional[tuple[int, str, bool]]:
    """(month, the rest, keyword form?) of a line that opens a monthly theme."""
    match = MONTH_KEYWORD.match(text)
    if match:
        return month_number(match.group(1)), match.group(2), True
    match = MONTH_PROSE.match(text)
    if match:
        return month_number(match.group(1)), match.group(2), False
    return None


def lead(text: str) -> tuple[str, str]:
    """An item's title (the phrase before the first 。) and the rest of its text."""
    depth = 0
    for index, char in enumerate(text):
        if char in "“《（(":
            depth += 1
        elif char in "”》）)":
            depth = max(0, depth - 1)
        elif char in "。！？" and depth == 0:
            return text[:index].strip(), text[index + 1:].strip()
    return text.strip().rstrip("：:；;"), ""
