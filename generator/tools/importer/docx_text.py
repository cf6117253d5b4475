"""A Word document (.docx) → paragraphs in reading order, in the seeds' Markdown-like form.

The body only: headers and footers (the issuer's letterhead, page numbers) are left out.  Word
headings become Markdown headings ("## 一、活动主题"), a bold lead-in becomes **bold**, list
paragraphs get the number Word draws for them (word_numbering.py), and a table becomes a Markdown
table, one row per line, so a plan's table of activities keeps its rows together (a table of
one column, a frame around text, is read as plain paragraphs).
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.tools.importer.word_numbering import Numbering

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


def docx_paragraphs(document) -> list[str]:
    try:
        numbering = Numbering(document.part.numbering_part.element)
    except (KeyError, NotImplementedError):
        numbering = Numbering(None)
    out: list[str] = []
    _blocks(document.element.body, document._body, numbering, out)
    return [line for line in out if line.strip()]


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(paragraph_element) -> list:
    """The text boxes anchored in a paragraph (a letterhead is often one), each once: Word stores
    a text box twice, as a drawing and as an old-style fallback for other programs."""
    boxes = []
    for box in paragraph_element.iter(qn("w:txbxContent")):
        for ancestor in box.iterancestors():
            if ancestor is paragraph_element:
                boxes.append(box)
                break
            if ancestor.tag in (_MC_FALLBACK, qn("w:txbxContent")):  # the copy, or a box in a box: read with its box
                break
    return boxes


def _blocks(element, parent, numbering: Numbering, out: list[str]) -> None:
    """Paragraphs and tables in document order, looking inside content controls (w:sdt) and text boxes."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            for box in _text_boxes(child):
                _blocks(box, parent, numbering, out)
            out.extend(_paragraph(Paragraph(child, parent), numbering))
        elif child.tag == qn("w:tbl"):
            out.extend(_table(Table(child, parent), numbering))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _blocks(content, parent, numbering, out)


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _numbering_of(paragraph: Paragraph, numbering: Numbering) -> tuple[str, int] | None:
    """(numId, ilvl) set on the paragraph or, for list and heading styles, on its style."""
    num_id = ilvl = None
    styles = list(_style_chain(paragraph.style))
    for ppr in [paragraph._p.pPr] + [style.element.pPr for style in styles]:
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None:
            continue
        if num_id is None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
        if ilvl is None and num_pr.ilvl is not None:
            ilvl = int(num_pr.ilvl.val)
    if num_id is None or num_id == "0":  # numId 0 switches a style's numbering off
        return None
    if ilvl is None:  # headings numbered through their style: the list level names the style
        ilvl = numbering.level_of_style(num_id, [style.style_id for style in styles])
    return num_id, ilvl or 0


def _heading_level(paragraph: Paragraph) -> int:
    for style in _style_chain(paragraph.style):
        if style.name and style.name.lower() == "title":
            return 1
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1))
    for ppr in [paragraph._p.pPr] + [style.element.pPr for style in _style_chain(paragraph.style)]:
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None and level.get(qn("w:val"), "").isdigit() and int(level.get(qn("w:val"))) < 9:
            return int(level.get(qn("w:val"))) + 1
    return 0


def _is_bold(run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    for style in list(_style_chain(run.style)) + list(_style_chain(paragraph.style)):
        if style.font.bold is not None:
            return style.font.bold
    return False


_SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}


def _runs(paragraph_element) -> list:
    """The paragraph's runs, also those inside links, content controls, fields and tracked
    insertions; not deleted text, and not the runs of a text box anchored in it (read on its own)."""
    runs = []
    for run in paragraph_element.iter(qn("w:r")):
        for ancestor in run.iterancestors():
            if ancestor is paragraph_element:
                runs.append(run)
                break
            if ancestor.tag in _SKIPPED:
                break
    return runs


def _pieces(paragraph: Paragraph) -> list[tuple[str, bool]]:
    runs = [Run(r, paragraph) for r in _runs(paragraph._p)]
    return [(run.text, _is_bold(run, paragraph)) for run in runs]


def _paragraph(paragraph: Paragraph, numbering: Numbering) -> list[str]:
    pieces = _pieces(paragraph)
    text = "".join(piece for piece, _ in pieces)
    numbered = _numbering_of(paragraph, numbering)
    label = numbering.label(*numbered) if numbered else ""
    if not text.strip():
        return []
    heading = _heading_level(paragraph)
    if not heading:
        lead = ""
        for piece, bold in pieces:
            if not bold:
                break
            lead += piece
        if "\n" in lead.strip():
            pass  # bold over a line break: no one lead-in to mark
        elif lead.strip() and len(lead.strip()) < len(text.strip()):
            text = f"**{lead.strip()}**{text[len(lead):].lstrip()}"
        elif lead.strip():
            text = f"**{text.strip()}**"
    lines = [line.strip() for line in text.split("\n")]  # a line break (Shift+Enter) ends a line too
    if label:
        separator = " " if lines[0][:1].isascii() and lines[0][:1].isalnum() and label[-1:].isalnum() else ""
        lines[0] = label + separator + lines[0]
    if heading:
        lines[0] = "#" * heading + " " + lines[0]
    return [line.replace("\t", " ") for line in lines if line]


def _cell_lines(cell: _Cell, numbering: Numbering) -> list[str]:
    lines: list[str] = []
    _blocks(cell._tc, cell, numbering, lines)
    return [line.strip() for line in lines if line.strip()]


def _table(table: Table, numbering: Numbering) -> list[str]:
    """Row by row; a merged cell is read once; a table of one column is a frame, read as paragraphs."""
    seen: set = set()  # the cells' elements: a merged cell appears in several rows
    rows: list[list[list[str]]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            cells.append([] if cell._tc in seen else _cell_lines(cell, numbering))
            seen.add(cell._tc)
        if any(cells):
            rows.append(cells)
    if not rows:
        return []
    if all(sum(1 for lines in cells if lines) <= 1 for cells in rows):
        return [line for cells in rows for lines in cells for line in lines]
    texts = [[" ".join(lines).replace("|", "｜") for lines in cells] for cells in rows]
    rows_out = ["| " + " | ".join(cells) + " |" for cells in texts]
    # One block: the rows stay on consecutive lines, a Markdown table under its header row.
    return ["\n".join([rows_out[0], "| " + " | ".join("---" for _ in texts[0]) + " |", *rows_out[1:]])]
