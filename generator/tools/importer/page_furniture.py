"""What a printed page adds to a plan's text: page numbers and the header and footer on every page.

Each page is a list of lines, top to bottom.  Only lines at a page's top or bottom edge are
candidates, so a "3" or a repeated sentence in the body stays; a header or footer must recur
on several pages to go (a title printed once at the top of page 1 is content).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from generator.tools.importer.paragraphs import Line

_DASH = r"[-—–－~～_]"
PAGE_NUMBER = re.compile(
    rf"(?:{_DASH}*\s*\d{{1,4}}\s*{_DASH}*"  # 3  - 3 -  — 3 —
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"  # 第3页  第3页 共9页
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"  # 共9页 第3页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/9
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)",  # Page 3 of 9
    re.IGNORECASE,
)
# A page number run into the text of the page's last line: "…5000个以上。12", "…以上。- 12 -".
_STUCK = re.compile(rf"(?P<decorated>\s*{_DASH}+\s*(?P<n1>\d{{1,4}})\s*{_DASH}+|\s*第\s*(?P<n2>\d{{1,4}})\s*页|(?<!\d)(?P<n3>\d{{1,4}}))\s*$")
_EDGE = 2  # lines at the top and at the bottom of a page that may be furniture


def _number_in(text: str) -> int | None:
    match = re.search(r"第\s*(\d+)", text) or re.search(r"(\d+)", text)  # 共9页 第3页: the 3
    return int(match.group(1)) if match else None


def _edge_indexes(count: int) -> list[int]:
    return sorted(set(range(min(_EDGE, count))) | set(range(max(0, count - _EDGE), count)))


def _key(line: Line) -> tuple[str, int | None]:
    """Headers differ only in their page number ("第3页", "2019 年 … 第 3 页"): digits count as one."""
    text = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
    return text, (None if line.top is None else round(line.top / 6))


def remove_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages' lines without page numbers, repeated headers and footers, and stuck page numbers."""
    pages = [[line for line in page if line.text.strip()] for page in pages]
    numbers: dict[int, int] = {}  # page index → the page number printed on it
    kept: list[list[Line]] = []
    for index, page in enumerate(pages):
        edges = set(_edge_indexes(len(page)))
        lines = []
        for position, line in enumerate(page):
            if position in edges and line.detached is not False and PAGE_NUMBER.fullmatch(line.text.strip()):
                number = _number_in(line.text)
                if number is not None:
                    numbers.setdefault(index, number)
                continue
            lines.append(line)
        kept.append(lines)
    kept = _without_repeated_edges(kept)
    return _without_stuck_numbers(kept, numbers)


def _without_repeated_edges(pages: list[list[Line]]) -> list[list[Line]]:
    if len(pages) < 2:
        return pages
    seen: Counter = Counter()
    for page in pages:
        seen.update({_key(page[i]) for i in _edge_indexes(len(page)) if page[i].detached is not False})
    # Odd and even pages may carry different headers: a third of the pages is enough.
    needed = max(2, math.ceil(len(pages) / 3))
    repeated = {key for key, count in seen.items() if count >= needed}
    out = []
    for page in pages:
        edges = set(_edge_indexes(len(page)))
        out.append([line for i, line in enumerate(page) if not (i in edges and line.detached is not False
                                                                and _key(line) in repeated)])
    return out


def _without_stuck_numbers(pages: list[list[Line]], numbers: dict[int, int]) -> list[list[Line]]:
    """Strip a page number that extraction glued to the end of the page's last line.

    The number must fit the document's page numbering: the offset between page index and
    printed number that the separate page numbers show (or 1 when there are none), so "达到
    5000" at the bottom of page 7 keeps its zeros while "…以上。7" loses its 7."""
    offsets = Counter(number - index for index, number in numbers.items())
    offset = offsets.most_common(1)[0][0] if offsets else 1
    out = []
    for index, page in enumerate(pages):
        page = list(page)
        if page and index not in numbers:
            page[-1] = replace(page[-1], text=_strip_number(page[-1].text, index + offset))
        out.append(page)
    return out


def _strip_number(text: str, expected: int) -> str:
    match = _STUCK.search(text)
    if not match:
        return text
    number = int(match.group("n1") or match.group("n2") or match.group("n3"))
    before = text[: match.start()].rstrip()
    if number != expected or not before:
        return text
    # A bare number counts only right after a sentence's end: "以上。12", not "共12".
    if match.group("n3") and before[-1] not in "。！？；：”）)":
        return text
    return before
