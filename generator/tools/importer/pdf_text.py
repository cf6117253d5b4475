"""A PDF's text layer → paragraphs.

pdfplumber (on pdfminer.six) rather than pypdf: it gives every character with its position and
size, which is what tells a paragraph's end from a line wrapped at the margin, a first-line
indent, and a header or page number in the margin from the body (paragraphs.py and
page_furniture.py decide with those facts).
"""

from __future__ import annotations

import logging
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import median

from generator.tools.importer.glyphs import repair_glyphs
from generator.tools.importer.page_furniture import remove_page_furniture
from generator.tools.importer.paragraphs import Line, join_lines
from generator.tools.importer.problems import ReadProblem

MAX_PAGES = 500  # a yearly plan has 5–40; more is a book or a hostile file
_WORD_GAP = 0.15  # a gap wider than this share of the font size is a space
_SCAN_TEXT = 20  # characters: fewer on a page that is mostly a picture, and the page is a scan


@dataclass
class _Printed:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: int  # leading characters set in a bold face
    ruled: bool = False  # a rule is drawn between it and the line above (the red line under a letterhead)


# Font names of bold faces: weights, and 黑体, the face of official documents' first-level headings.
_BOLD_FONTS = ("bold", "heavy", "black", "semibold", "demibold", "simhei", "heiti")


def _is_bold(char: dict) -> bool:
    name = str(char.get("fontname", "")).lower()
    return any(mark in name for mark in _BOLD_FONTS)


@contextmanager
def _quiet_pdfminer():
    """pdfminer logs a warning for every font quirk; the editor needs none of them."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(path: Path, display: str) -> tuple[list[str], list[str]]:
    """The paragraphs of a PDF and notes for the editor (pages that had no text)."""
    printed = _printed_pages(path, display)
    pages = [lines for lines, _ in printed]
    unread = [str(index + 1) for index, (lines, scanned) in enumerate(printed) if scanned or not lines]
    if len(unread) == len(printed):
        raise ReadProblem(
            f"{display}：这个 PDF 没有文字层（多半是扫描件或图片），无法读出文字。"
            "需要先做文字识别（OCR）：例如用 WPS 或 Adobe Acrobat 的“PDF 转 Word / 文字识别”功能，"
            "核对识别结果后另存为 .docx 再导入；或者找发文单位要 Word 原稿。"
        )
    notes = []
    if unread:
        notes.append(
            f"{display}：第 {'、'.join(unread)} 页没有文字层（可能是扫描页或图片），这些页的内容没有导入，请对照原件补上。"
        )
    return _paragraphs(pages), notes


def _printed_pages(path: Path, display: str) -> list[tuple[list[_Printed], bool]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    with _quiet_pdfminer():
        try:
            with pdfplumber.open(path) as pdf:
                if len(pdf.pages) > MAX_PAGES:
                    raise ReadProblem(
                        f"{display}：有 {len(pdf.pages)} 页，超过导入的上限 {MAX_PAGES} 页；请只保留方案正文再导入。"
                    )
                return [_page_lines(page) for page in pdf.pages]
        except ReadProblem:
            raise
        except Exception as error:  # a damaged or hostile file: pdfminer raises many kinds
            # pdfplumber wraps pdfminer's errors: the wrong (here: missing) password is inside.
            if isinstance(error, PDFPasswordIncorrect) or any(isinstance(arg, PDFPasswordIncorrect) for arg in error.args):
                raise ReadProblem(
                    f"{display}：这个 PDF 设了打开密码，无法读取。请用密码打开后“另存为”一份不加密的 PDF，"
                    "或改用 Word 原稿（.docx）导入。"
                ) from None
            raise ReadProblem(
                f"{display}：PDF 文件已损坏或格式无法识别（{type(error).__name__}）。"
                "请确认能用 PDF 阅读器正常打开；能打开的话，用阅读器“另存为”或“打印为 PDF”重新生成一份再导入。"
            ) from None


def _page_lines(page) -> tuple[list[_Printed], bool]:
    """The page's lines, and whether it is a scan: a picture over most of it with hardly any text
    (a page number or a stamp added to a scanned page must not hide that its content is lost)."""
    area = float(page.width * page.height) or 1.0
    pictured = sum(float(image["width"] * image["height"]) for image in page.images) / area
    # Bold made by printing a character twice, and watermarks set at an angle, are not text.
    page = page.dedupe_chars().filter(lambda obj: obj.get("object_type") != "char" or obj.get("upright", True))
    lines = []
    for found in page.extract_text_lines(x_tolerance_ratio=_WORD_GAP, return_chars=True):
        text = repair_glyphs(found["text"]).strip()
        if not text:
            continue
        chars = [char for char in found["chars"] if not char["text"].isspace()]
        size = median(char["size"] for char in found["chars"])
        bold = next((i for i, char in enumerate(chars) if not _is_bold(char)), len(chars))
        lines.append(_Printed(text, found["x0"], found["x1"], found["top"], found["bottom"], size, bold))
    rules = _rules(page)
    lines = [replace(line, ruled=any(above.bottom <= y <= line.top for y in rules)) if index else line
             for index, (above, line) in enumerate(zip([None, *lines], lines))]
    return lines, pictured > 0.4 and sum(len(line.text) for line in lines) < _SCAN_TEXT


def _rules(page) -> list[float]:
    """Where horizontal rules are drawn across the page: official documents (红头文件) rule off the
    issuer's letterhead from the title, which is set without punctuation like a wrapped line."""
    wide = float(page.width) / 3
    return [float(edge["top"] + edge["bottom"]) / 2 for edge in (*page.lines, *page.rects)
            if float(edge["x1"] - edge["x0"]) >= wide and float(edge["bottom"] - edge["top"]) <= 3]


def _mode(values, default: float) -> float:
    counted = Counter(round(value) for value in values)
    return float(counted.most_common(1)[0][0]) if counted else default


def _paragraphs(pages: list[list[_Printed]]) -> list[str]:
    """Measure the body text (size, margins, line spacing), describe each line by it, then join."""
    every = [line for page in pages for line in page]
    size = _mode((line.size for line in every), 12.0)
    body = [line for line in every if abs(line.size - size) <= 0.5] or every
    left = _mode((line.x0 for line in body), min(line.x0 for line in every))
    right = _mode((line.x1 for line in body if line.x1 > left + 10 * size), max(line.x1 for line in every))
    gaps = [b.top - a.bottom for page in pages for a, b in zip(page, page[1:])
            if abs(a.size - size) <= 0.5 and abs(b.size - size) <= 0.5 and b.top > a.bottom - 1]
    spacing = median(gaps) if gaps else size * 0.5
    wide = spacing + 0.6 * size

    described: list[list[Line]] = []
    for page in pages:
        out = []
        for index, line in enumerate(page):
            above = line.top - page[index - 1].bottom if index else None
            middle = (line.x0 + line.x1) / 2
            out.append(Line(
                text=line.text,
                # Stopping before the margin, or starting past a first-line indent (a signature
                # set to the right): either way not a line the margin wrapped.
                short=line.x1 < right - 1.5 * line.size or line.x0 > left + 2.5 * line.size,
                indented=line.x0 > left + 0.5 * line.size,
                gap_before=above is not None and (above > wide or line.ruled),
                centered=line.x0 > left + line.size and abs(middle - (left + right) / 2) < line.size,
                size=line.size,
                top=line.top,
                detached=_detached(page, index, wide, size),
                bold=line.bold,
            ))
        described.append(out)
    lines = []
    for page in remove_page_furniture(described):
        if page:  # the space above a page's first line is the margin (or a header): it tells nothing
            page[0] = replace(page[0], gap_before=None)
        lines.extend(page)
    return join_lines(lines)


def _detached(page: list[_Printed], index: int, wide: float, size: float) -> bool | None:
    """A line in the top or bottom margin: set apart from the body by a wide gap, or in small print."""
    if page[index].size < size - 1:
        return True
    if len(page) == 1:
        return None  # nothing to measure against
    gaps_below = [page[i + 1].top - page[i].bottom for i in range(index, min(2, len(page) - 1))]
    gaps_above = [page[i].top - page[i - 1].bottom for i in range(max(len(page) - 2, 1), index + 1)]
    if index < 2 and any(gap > wide for gap in gaps_below):
        return True
    return index >= len(page) - 2 and any(gap > wide for gap in gaps_above)
