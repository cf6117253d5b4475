"""Repair the layout of a plan's text: the artefacts of PDF extraction and of retyping.

A paragraph broken over lines (a page end, a PDF's line end) is joined again; spaces PDF
extraction puts between Chinese characters and around numbers are dropped (“2018 年学雷锋
志愿服务”), except inside quotes, where a space is part of a slogan (“文明祭祀 树新风”);
Markdown marks are taken off the text and kept as flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.tools.importer import outline

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}\d，。、；：（）《》“”])[ \t\u3000]+(?=[{CJK}（《“])"
                            rf"|(?<=[{CJK}（《“，。、；：])[ \t\u3000]+(?=[\d{CJK}])")
_TERMINAL = tuple("。！？；：”」』）)…")
_OPENERS = {"《": "》", "“": "”", "（": "）", "(": ")"}


@dataclass
class Line:
    no: int  # line in the source, for review items
    text: str
    heading: bool = False  # a Markdown heading (#) or a whole bold line


_SPACE_AT_NUMBER = re.compile(rf"(?<=[{CJK}])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[{CJK}])")


def _unspaced(text: str) -> str:
    """Drop layout spaces outside quotes; a quoted slogan keeps its own, and so does a short line
    (活动主题：学雷锋 树新风), where a space between words is meant."""
    if len(text) <= 16:
        return _SPACE_AT_NUMBER.sub("", text)
    parts = re.split(r"(“[^”]*”)", text)
    joined = "".join(part if part.startswith("“") else _SPACE_BETWEEN.sub("", part) for part in parts)
    return re.sub(rf"(?<=”)[ \t]+(?=[{CJK}])|(?<=[{CJK}])[ \t]+(?=“)", "", joined)


def _clean(raw: str) -> tuple[str, bool]:
    text = raw.strip().replace("\u3000", " ")
    heading = bool(re.match(r"#{1,6}\s", text))
    text = re.sub(r"^#{1,6}\s+", "", text)
    bare = text.replace("**", "").replace("__", "").strip()
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        heading = True
    return _unspaced(re.sub(r"\s+", " ", bare)), heading


def _unbalanced(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in _OPENERS.items())


def _continues(text: str, raw: str) -> bool:
    """Whether a line's paragraph goes on on the next line."""
    if _unbalanced(text) or raw.strip().count("**") % 2 == 1:
        return True
    bare = raw.strip()
    if re.match(r"#{1,6}\s", bare):  # a heading is one line
        return False
    if bare.startswith("**") and bare.endswith("**") and bare.count("**") == 2:
        return False  # so is a whole bold line: how Word and PDF set a heading (a letterhead, a title)
    if re.search(r"(的通知|方案|[〕\]］]\s*\d+\s*号)$", text):  # a title or a 文号 ends its line
        return False
    if text.endswith(("、", "，", ",", "关于", "的", "和", "与", "暨", "及")):
        return True
    return len(text) >= 24 and not text.endswith(_TERMINAL)


def _starts_item(text: str) -> bool:
    return bool(outline.marker(text) or outline.unit_label(text) or outline.month_theme(text))


def normalise(text: str) -> list[Line]:
    raw_lines = text.split("\n")
    lines: list[Line] = []
    pending: Line | None = None
    pending_raw = ""
    for no, raw in enumerate(raw_lines, 1):
        if not raw.strip() or re.fullmatch(r"\s*(-{3,}|\*{3,}|_{3,})\s*", raw):
            continue
        text, heading = _clean(raw)
        if not text:
            continue
        if pending is not None:
            # a unit list cut by a page end may even come back as a heading (“## 会、市…”)
            list_tail = outline.unit_label(pending.text) and not _starts_item(text) and re.match(r"^[^。，：]{0,14}[、，]", text)
            if list_tail or (not _starts_item(text) and _continues(pending.text, pending_raw)):
                glue = " " if re.search(r"[A-Za-z0-9]$", pending.text) and re.match(r"[A-Za-z]", text) else ""
                pending.text = _unspaced(pending.text + glue + text)
                pending_raw = pending_raw.strip() + raw.strip()
                continue
            lines.append(pending)
        pending, pending_raw = Line(no, text, heading), raw
    if pending is not None:
        lines.append(pending)
    return lines


def plain_punctuation(text: str) -> str:
    """ASCII punctuation typed in Chinese text, as the full-width forms the rest uses."""
    text = re.sub(rf"(?<=[{CJK}])\s*,\s*", "，", text)
    text = re.sub(rf"(?<=[{CJK}])\s*;\s*", "；", text)
    text = re.sub(rf"(?<=[{CJK}）])\s*:\s*(?!\d)", "：", text)
    text = re.sub(rf'"([^"\n]*[{CJK}][^"\n]*)"', r"“\1”", text)
    return re.sub(rf"\(([^()]*[{CJK}][^()]*)\)", r"（\1）", text)
