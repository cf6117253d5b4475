"""`portal import` reads a plan from Word, PDF and old Word/WPS files as it reads the plain text.

Each of the five real plans is turned, in the test, into the files a department would hold:
a .docx with a letterhead header, a page-number footer, Word headings, bold lead-ins, numbered
lists Word counts itself and tables; and a PDF printed by Chromium with a header and page numbers
on every page.  Reading either must give the plain text's paragraphs.  Then the layout repairs
one by one on small strings, and the files an editor may pick by mistake.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import stat
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from generator.tools.importer.glyphs import repair_glyphs
from generator.tools.importer.page_furniture import remove_page_furniture
from generator.tools.importer.paragraphs import Line, join_lines, remove_cjk_spaces
from generator.tools.importer.reading import ReadProblem, read_document, read_plan
from generator.tools.importer.word_numbering import format_number

SEEDS = Path(__file__).resolve().parent / "fixtures" / "importer" / "seeds"
SEED_NAMES = ["kunming-2018", "puer-2019", "meilie-2017", "taiyuan-2020", "jincheng-2021"]


# ---------------------------------------------------------------- comparing paragraphs

def seed_lines(text: str) -> list[str]:
    """The paragraphs of a seed as the editor sees them: its non-empty lines, without rules (---)."""
    return [line.strip() for line in text.splitlines() if line.strip() and line.strip() != "---"]


def comparable(text: str) -> list[str]:
    """Paragraphs with Markdown markup and all whitespace removed: what must survive every format."""
    out = []
    for line in seed_lines(text):
        if re.fullmatch(r"\|(?:\s*---\s*\|)+", line):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "").replace("|", "")
        out.append(re.sub(r"\s+", "", line))
    return [line for line in out if line]


def assert_same_paragraphs(got: str, expected: str, joined: tuple[str, ...] = ()) -> None:
    """Same paragraphs; `joined` names plain-text paragraphs (by their last characters) that the
    reader may join to the next one: the differences the test accepts, each said where it is listed."""
    got_lines, want_lines = comparable(got), []
    for line in comparable(expected):
        if want_lines and any(want_lines[-1].endswith(end) for end in joined):
            want_lines[-1] += line
        else:
            want_lines.append(line)
    if got_lines != want_lines:
        diff = "\n".join(difflib.unified_diff(want_lines, got_lines, "plain text", "read", lineterm="", n=1))
        pytest.fail(f"paragraphs differ:\n{diff[:6000]}")


# ---------------------------------------------------------------- a seed as a Word document

CHINESE = "一二三四五六七八九十"


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CHINESE.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CHINESE.index(tens) + 1) * 10 + (CHINESE.index(ones) + 1 if ones else 0)
    return CHINESE.index(text) + 1


# (pattern, abstract list, level): the numberings Word draws for a plan.
LIST_FORMS = [
    (re.compile(r"([一二三四五六七八九十]+)、(?=\S)"), 91, 0),
    (re.compile(r"（([一二三四五六七八九十]+)）(?=\S)"), 91, 1),
    (re.compile(r"(\d{1,2})\.(?=[^\d\s])"), 92, 0),
    (re.compile(r"（(\d{1,2})）(?=\S)"), 92, 1),
]
ABSTRACTS = {
    91: [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")],
    92: [("decimal", "%1."), ("decimal", "（%2）")],
}


class WordLists:
    """Numbered lists in a test document, as Word keeps them.

    Word counts per list definition (abstractNum): every list instance (num) of one definition
    goes on counting where the last stopped, unless the instance restarts a level
    (startOverride) — what "restart numbering" writes.  A new instance is made where the plan's
    own numbers do not go on."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        for abstract_id, levels in ABSTRACTS.items():
            abstract = OxmlElement("w:abstractNum")
            abstract.set(qn("w:abstractNumId"), str(abstract_id))
            for ilvl, (fmt, text) in enumerate(levels):
                lvl = OxmlElement("w:lvl")
                lvl.set(qn("w:ilvl"), str(ilvl))
                for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
                    child = OxmlElement(tag)
                    child.set(qn("w:val"), value)
                    lvl.append(child)
                abstract.append(lvl)
            self.numbering.insert(0, abstract)
        self.next_id = 100
        self.current: dict[int, int] = {}  # abstract → the list instance in use
        self.counters: dict[int, list[int | None]] = {abstract_id: [None, None] for abstract_id in ABSTRACTS}

    def number(self, abstract_id: int, level: int, value: int) -> int:
        """The numId under which Word will print `value` at `level`."""
        counters = self.counters[abstract_id]
        expected = 1 if counters[level] is None else counters[level] + 1
        if abstract_id not in self.current or value != expected:
            num_id = self.current[abstract_id] = self.next_id
            self.next_id += 1
            num = OxmlElement("w:num")
            num.set(qn("w:numId"), str(num_id))
            ref = OxmlElement("w:abstractNumId")
            ref.set(qn("w:val"), str(abstract_id))
            num.append(ref)
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), str(level))
            start = OxmlElement("w:startOverride")
            start.set(qn("w:val"), str(value))
            override.append(start)
            num.append(override)
            self.numbering.append(num)
        counters[level] = value
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = None
        return self.current[abstract_id]


def _set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), str(value))
        num_pr.append(child)
    ppr.append(num_pr)


def _add_runs(paragraph, text: str) -> None:
    for index, piece in enumerate(text.split("**")):
        if piece:
            paragraph.add_run(piece).bold = bool(index % 2) or None


def _add_page_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def seed_docx(seed: str, path: Path) -> Path:
    """The seed as a department's Word file: letterhead header, page-number footer, headings, lists, tables."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：精神文明建设指导委员会办公室（内部资料）"
    footer = section.footer.paragraphs[0]
    footer.add_run("— 第 ")
    _add_page_field(footer)
    footer.add_run(" 页 —")
    lists = WordLists(document)
    lines = seed_lines(seed)
    units = []  # 牵头单位/责任单位 lines, set in a one-column frame table as many offices do

    def flush_units():
        if units:
            table = document.add_table(rows=len(units), cols=1)
            for row, text in zip(table.rows, units):
                _add_runs(row.cells[0].paragraphs[0], text)
            units.clear()

    for raw in seed.splitlines():
        line = raw.strip()
        if not line:
            continue
        if re.match(r"(?:\*\*)?(?:牵头|责任)单位", line):
            units.append(line)
            continue
        flush_units()
        if line == "---":
            document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        if heading:
            document.add_heading(heading.group(2).replace("**", ""), level=min(len(heading.group(1)), 9))
            continue
        for pattern, abstract_id, level in LIST_FORMS:
            match = pattern.match(line)
            if match:
                value = int(match.group(1)) if match.group(1).isdigit() else _chinese_number(match.group(1))
                paragraph = document.add_paragraph(style="List Paragraph")
                _set_numbering(paragraph, lists.number(abstract_id, level, value), level)
                _add_runs(paragraph, line[match.end():])
                break
        else:
            _add_runs(document.add_paragraph(), line)
    flush_units()
    assert lines, "empty seed"
    document.save(path)
    return path


# ---------------------------------------------------------------- a seed as a printed PDF

# How each plan's pages are numbered and headed: the forms departments print.
PAGE_FORMS = {
    "kunming-2018": ("— <span class=pageNumber></span> —", "昆明市 2018 年学雷锋志愿服务系列活动方案", True),
    "puer-2019": ("- <span class=pageNumber></span> -", "普洱市建设“志愿之城”实施方案", True),
    "meilie-2017": ("第<span class=pageNumber></span>页", "梅列区精神文明建设指导委员会办公室", False),
    "taiyuan-2020": ("<span class=pageNumber></span>", "并文明办〔2020〕65号", True),
    "jincheng-2021": ("第 <span class=pageNumber></span> 页 共 <span class=totalPages></span> 页", "晋市文明办〔2021〕17号", False),
}


def seed_html(seed: str, indented: bool) -> str:
    blocks = []
    for line in seed.splitlines():
        line = line.strip()
        if not line:
            continue
        if line == "---":  # the red rule under an official letterhead
            blocks.append("<hr>")
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        body = html.escape(heading.group(2) if heading else line)
        body = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", body).replace("**", "")
        blocks.append(f"<h{len(heading.group(1))}>{body}</h{len(heading.group(1))}>" if heading else f"<p>{body}</p>")
    # Official documents indent each paragraph by two characters; some space paragraphs apart instead.
    paragraph = "text-indent:2em;margin:0" if indented else "margin:0 0 .8em 0"
    return ("<!doctype html><html lang=zh-CN><meta charset=utf-8><style>"
            "body{font:16pt/1.5 'Noto Serif CJK SC',serif}"
            f"p{{{paragraph};text-align:justify}}h1,h2,h3,h4,h5,h6{{font-size:16pt;margin:0 0 .2em}}"
            "h1,h2{text-align:center}hr{border:0;border-top:2px solid #c00;margin:.5em 0}</style><body>" + "\n".join(blocks))


def seed_pdf(browser, seed: str, name: str, path: Path) -> Path:
    footer, header, indented = PAGE_FORMS[name]
    page = browser.new_page()
    try:
        page.set_content(seed_html(seed, indented))
        page.pdf(
            path=str(path), format="A4", display_header_footer=True,
            header_template=f"<div style='font:9pt sans-serif;width:100%;text-align:center'>{header}</div>",
            footer_template=f"<div style='font:10pt sans-serif;width:100%;text-align:center'>{footer}</div>",
            margin={"top": "25mm", "bottom": "25mm", "left": "28mm", "right": "26mm"},
        )
    finally:
        page.close()
    return path


# ---------------------------------------------------------------- the five plans

@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_plan_in_word_reads_as_its_plain_text(name, tmp_path):
    seed = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    text = read_plan(seed_docx(seed, tmp_path / f"{name}.docx"))
    assert "页眉" not in text and "第 1 页" not in text, "header and footer are not the plan"
    assert_same_paragraphs(text, read_plan(SEEDS / f"{name}.txt"))


# The one difference printing makes.  The plain text of Pu'er's plan (itself once extracted from
# a PDF) breaks two paragraphs in the middle of a sentence: "…通过建设“志" / "愿之城”…" and
# "…积极倡导党员干部…注册志愿者" / "人数占比…".  Printed, the first half fills its last line to
# the right margin without a sentence's end, which is exactly what a line wrapped inside a
# sentence looks like, so the reader makes one paragraph of the two halves, as the author meant.
PRINTED_JOINED = {"puer-2019": ("通过建设“志", "带动作用。注册志愿者")}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_printed_plan_reads_as_its_plain_text(name, browser, tmp_path):
    seed = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    document = read_document(seed_pdf(browser, seed, name, tmp_path / f"{name}.pdf"))
    assert document.notes == ()
    assert_same_paragraphs(document.text, read_plan(SEEDS / f"{name}.txt"), PRINTED_JOINED.get(name, ()))
