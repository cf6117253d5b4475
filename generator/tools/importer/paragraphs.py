"""Printed lines → paragraphs: undo the line breaks a page layout put inside sentences and words.

A PDF knows lines, not paragraphs.  Where the line's geometry is known (pdf_text.py measures
it) it decides: a line that stops short of the right margin ends its paragraph, a line that
runs to the margin goes on in the next one, an indent or a wider gap starts a new one.  Where it
is not known, the text decides: a line that ends without sentence punctuation goes on, unless
it is a heading ("一、活动主题") or the next line starts a new number ("2.", "（三）").  A bold
lead-in ("牵头单位：" set in bold) or a bold heading is marked **…** as in the seeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSERS = "”’\"'）)】》」』〕]"
_SENTENCE_END = "。！？；：.!?;:…"

# The numbering of official documents: 一、 （一） 1. 1、 （1） (1) ① 第一章 A.
NUMBERED = re.compile(
    r"(?:[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,3}[、.．](?!\d)"
    r"|[（(]\d{1,3}[）)]"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分项]"
    r"|[A-Za-z][、.．](?![A-Za-z\d]))"
)
_HEADING_MAX = 30  # characters; a numbered line this short and without end punctuation is a heading


@dataclass
class Line:
    """One printed line.  The layout facts are None where unknown (text without geometry)."""

    text: str
    short: bool | None = None  # stops before the right margin
    indented: bool | None = None  # starts right of the left margin (a first-line indent)
    gap_before: bool | None = None  # more space above it than between the lines of a paragraph
    centered: bool | None = None  # a title line, centred on the page
    size: float | None = None  # font size in points
    top: float | None = None  # distance from the top of its page, points
    detached: bool | None = None  # set apart from the rest of its page by a wide gap (page furniture)
    bold: int = 0  # how many of its first visible characters are bold (a lead-in, or all of a heading)


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def starts_numbered(text: str) -> bool:
    return bool(NUMBERED.match(text.lstrip()))


def is_heading(text: str) -> bool:
    """A short numbered line without a sentence in it: "一、活动主题", not "1.学雷锋广场活动。以街道为依"."""
    text = text.strip()
    return starts_numbered(text) and len(text) <= _HEADING_MAX and not any(mark in text for mark in "。！？；")


def continues(previous: Line, line: Line) -> bool:
    """Whether `line` goes on with the paragraph `previous` belongs to."""
    if line.gap_before:
        return False
    if previous.size and line.size and abs(previous.size - line.size) > 0.5:
        return False  # a title above the body, or a note below it
    if starts_numbered(line.text):
        return False  # "2.", "（三）": a new item or heading, even right after a full line
    if previous.short is True:
        # A title centred on two lines is one paragraph; any other short line ended one.
        return bool(previous.centered and line.centered and not ends_sentence(previous.text)
                    and not is_heading(previous.text))
    if previous.short is False:
        # Cut by the margin: a sentence without its end goes on; after its end, an indent starts anew.
        return not ends_sentence(previous.text) or not line.indented
    return not (ends_sentence(previous.text) or is_heading(previous.text))


def _glue(left: str, right: str) -> str:
    """Join two pieces of one paragraph: Chinese needs no space, Latin words and numbers do."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def _visible(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _mark_bold_lead(text: str, bold: int) -> str:
    """Wrap the first `bold` visible characters in **…**, the seeds' mark of a bold lead-in."""
    if bold <= 0:
        return text
    seen = 0
    for position, char in enumerate(text):
        seen += not char.isspace()
        if seen == bold:
            lead, rest = text[: position + 1].strip(), text[position + 1:].strip()
            return f"**{lead}**{rest}"
    return f"**{text.strip()}**"


def join_lines(lines: list[Line]) -> list[str]:
    paragraphs: list[list] = []  # [text, bold lead-in length, whether every line so far is bold]
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if not text:
            previous = None
            continue
        whole = line.bold >= _visible(text)
        if previous is not None and paragraphs and continues(previous, line):
            paragraph = paragraphs[-1]
            paragraph[0] = _glue(paragraph[0], text)
            if paragraph[2]:  # a bold lead-in may run on over the line's end
                paragraph[1] += line.bold
                paragraph[2] = whole
        else:
            paragraphs.append([text, line.bold, whole])
        previous = line
    return [_mark_bold_lead(remove_cjk_spaces(text), bold) for text, bold, _ in paragraphs]


# Ideographs, kana, hangul and the full-width punctuation around them.
_CJK = r"\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_CHAR = f"[{_CJK}]"
_FULL_WIDTH_PUNCT = r"[\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60]"
_QUOTE = "[“”‘’]"  # shared with Latin text: only a space between one and a Chinese character goes
_SPACE = r"[ \t\u00a0\u3000]"
# Letter-spaced characters ("通　知", "昆 明 市 文 明 办"): single characters, each set apart.
_LETTER_SPACED = re.compile(f"(?<!{_CJK_CHAR}){_CJK_CHAR}(?:{_SPACE}+{_CJK_CHAR}(?!{_CJK_CHAR}))+")
_BESIDE_PUNCT = re.compile(
    f"{_SPACE}+(?={_FULL_WIDTH_PUNCT})|(?<={_FULL_WIDTH_PUNCT}){_SPACE}+"
    f"|(?<={_CJK_CHAR}){_SPACE}+(?={_QUOTE})|(?<={_QUOTE}){_SPACE}+(?={_CJK_CHAR})"
)


def remove_cjk_spaces(text: str) -> str:
    """Drop the spaces extraction puts between Chinese characters; keep those between Latin words.

    Removed: spaces inside letter-spaced Chinese ("昆 明 市" → "昆明市") and spaces next to
    full-width punctuation ("活动 ，" → "活动，").  A single space between two Chinese words
    ("我的家 文明城市靠大家") may be the author's and stays; so do spaces next to Latin and digits.
    """
    text = _LETTER_SPACED.sub(lambda match: re.sub(_SPACE, "", match.group()), text)
    text = _BESIDE_PUNCT.sub("", text)
    return re.sub(f"{_SPACE}{{2,}}", " ", text).strip()
