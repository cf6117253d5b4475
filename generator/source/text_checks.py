"""Checks on the words editors write: personal data where it lands, Markdown nested too deep
to render.

Every string of every source file and every Markdown body is read once, when the file is
loaded (load.py), whether or not the file is valid.
ID-card numbers are an error anywhere; mobile numbers in stories and contact details,
unless the mapping lists the field in `public` (personal_data.py).  Unsafe HTML is the
HTML gate's to judge, on the rendered Markdown (render/fragments.py).
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

from generator.source import personal_data

from generator.errors import Issue
from generator.source.yamlsource import Document, format_loc

CONTACT_KEYS = ("contact", "contacts", "press")  # press: the media contact of site settings


def _strings(data: Any, loc: tuple = (), contact: bool = False) -> Iterator[tuple[tuple, str, bool, bool]]:
    """(loc, text, inside contact details, marked public) for every string in parsed YAML."""
    if isinstance(data, dict):
        public = data.get("public") if isinstance(data.get("public"), list) else []
        for key, value in data.items():
            inner = contact or key in CONTACT_KEYS
            if isinstance(value, str):
                yield loc + (key,), value, inner, key in public
            else:
                yield from _strings(value, loc + (key,), inner)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                yield loc + (index,), value, contact, False
            else:
                yield from _strings(value, loc + (index,), contact)


def line_finder(first: int, text: str, starts_below: bool):
    """offset in text → file line.  Raw newlines survive only in YAML block scalars (| and >-),
    whose text starts a line below the key; a Markdown body starts at its own first line."""
    base = first + (1 if starts_below and "\n" in text else 0)
    return lambda offset: base + text.count("\n", 0, offset)


# Python-Markdown recurses once per nested list or quote level: 400 levels of lists exhaust the
# stack (RecursionError), 1,000 quote levels take 15 s.  The real plans nest three levels
# (一、（一）1. （1）); any text may be rendered as Markdown, so every string is checked.
MAX_MARKDOWN_DEPTH = 16
TAB_WIDTH = 4  # Python-Markdown's: a nested list is indented four columns per level
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")


def _depth(line: str) -> int:
    """Nesting depth at the start of a line: quote markers and list markers, including those
    implied by indentation before a marker (a nested list item)."""
    depth, position = 0, 0
    while match := _CONTAINER.match(line, position):
        depth += 1
        position = match.end()
    if depth:
        indent = line[:len(line) - len(line.lstrip(" \t"))].expandtabs(TAB_WIDTH)
        depth += len(indent) // TAB_WIDTH
    return depth


def too_deep(text: str) -> Optional[int]:
    """Offset of the first line nested deeper than MAX_MARKDOWN_DEPTH, or None."""
    offset = 0
    for line in text.split("\n"):
        if _depth(line) > MAX_MARKDOWN_DEPTH:
            return offset
        offset += len(line) + 1
    return None


DEPTH_MESSAGE = (f"Markdown 嵌套超过 {MAX_MARKDOWN_DEPTH} 层（列表或引用“>”层层套叠，或缩进过深）：网页无法正常显示，"
                 "请减少缩进和“>”的层数，正文一般不超过 3 层。")


def check_document(doc: Document, story: bool, body: str = "", body_line: int = 1) -> list[Issue]:
    """Every string of one parsed file (and a story's Markdown body), read as it was written:
    the checks run whether or not the file passes validation, so they come in the same run."""
    texts = [(format_loc(loc), text, contact, public, line_finder(doc.line_of(loc), text, True))
             for loc, text, contact, public in _strings(doc.data)]
    if story and body:
        public = isinstance(doc.data, dict) and "body" in (doc.data.get("public") or [])
        texts.append(("正文", body, False, public, line_finder(body_line, body, False)))
    issues: list[Issue] = []
    for where, text, contact, public, line_at in texts:
        deep = too_deep(text)
        if deep is not None:
            issues.append(Issue(doc.display, line_at(deep), where, DEPTH_MESSAGE))
        for offset, kind, message in personal_data.findings(text):
            if public or (kind == personal_data.MOBILE_KIND and not (story or contact)):
                continue
            issues.append(Issue(doc.display, line_at(offset), where, message))
    return issues
