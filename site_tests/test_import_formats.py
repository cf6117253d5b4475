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
import re
import stat
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

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


# ---------------------------------------------------------------- page furniture, on small pages

def pages_of(*pages: list[str]) -> list[list[Line]]:
    return [[Line(text) for text in page] for page in pages]


def texts(pages: list[list[Line]]) -> list[list[str]]:
    return [[line.text for line in page] for page in pages]


@pytest.mark.parametrize("number", ["- 3 -", "— 3 —", "-3-", "3", "第3页", "第 3 页 共 9 页", "共9页 第3页", "3/9", "Page 3 of 9"])
def test_page_numbers_at_the_foot_or_head_of_a_page_go(number):
    pages = pages_of(["第一页的正文。", "- 2 -"], ["第二页的正文。", number])
    assert texts(remove_page_furniture(pages)) == [["第一页的正文。"], ["第二页的正文。"]]
    pages = pages_of([number, "正文在页码下面。"])
    assert texts(remove_page_furniture(pages)) == [["正文在页码下面。"]]


def test_a_number_in_the_middle_of_a_page_stays():
    page = ["一、活动主题", "正文。", "3", "正文。", "结尾。"]
    assert texts(remove_page_furniture(pages_of(page))) == [page]


def test_headers_and_footers_repeated_on_the_pages_go_and_a_title_printed_once_stays():
    pages = pages_of(
        ["晋城市精神文明建设指导委员会办公室", "晋市文明办〔2021〕17号", "正文一。", "2021年3月1日印发 第1页"],
        ["晋城市精神文明建设指导委员会办公室", "正文二。", "正文三。", "2021年3月1日印发 第2页"],
        ["晋城市精神文明建设指导委员会办公室", "正文四。", "2021年3月1日印发 第3页"],
    )
    assert texts(remove_page_furniture(pages)) == [["晋市文明办〔2021〕17号", "正文一。"], ["正文二。", "正文三。"], ["正文四。"]]


def test_a_line_repeated_inside_the_body_is_not_a_header():
    pages = [[Line("责任单位：各县（市、区）文明办", top=72, detached=False), Line("正文。", top=96, detached=False)]
             for _ in range(3)]
    assert texts(remove_page_furniture(pages)) == [["责任单位：各县（市、区）文明办", "正文。"]] * 3


def test_a_page_number_stuck_to_the_last_line_is_cut_off_and_a_real_number_is_not():
    pages = pages_of(
        ["第十页的正文。", "— 10 —"],
        ["注册志愿者人数达到5000个以上。11"],  # the page number glued to the sentence
        ["服务时长累计达到12"],  # 12 is the page's number, but it is also the figure's end: kept
        ["每人每年服务13小时以上。— 13 —"],
        ["全年开展活动共 99"],  # not this page's number
    )
    assert texts(remove_page_furniture(pages)) == [
        ["第十页的正文。"], ["注册志愿者人数达到5000个以上。"], ["服务时长累计达到12"],
        ["每人每年服务13小时以上。"], ["全年开展活动共 99"],
    ]


# ---------------------------------------------------------------- joining lines, on small strings

def test_a_line_without_a_sentence_end_goes_on_and_headings_and_numbers_stay_apart():
    lines = ["为进一步深化全国文明城市创建工", "作，充分发挥志愿者的作用，现拟定", "方案如下：", "一、活动主题",
             "“我的城市我的家 文明城市靠大家”", "二、活动内容", "1.学雷锋广场志愿服务活动。以街道为依", "托建立学雷锋广场",
             "2.文明交通志愿服务活动。", "全市志愿者达到", "3.5万人。"]
    assert join_lines([Line(text) for text in lines]) == [
        "为进一步深化全国文明城市创建工作，充分发挥志愿者的作用，现拟定方案如下：", "一、活动主题",
        "“我的城市我的家 文明城市靠大家”", "二、活动内容", "1.学雷锋广场志愿服务活动。以街道为依托建立学雷锋广场",
        "2.文明交通志愿服务活动。", "全市志愿者达到3.5万人。",
    ]


def test_latin_words_broken_across_lines_keep_their_space():
    assert join_lines([Line("下载“志愿云”APP，登录 Volunteer"), Line("Service 平台，按 2018"), Line("年的要求报送")]) == [
        "下载“志愿云”APP，登录 Volunteer Service 平台，按 2018年的要求报送"]


def test_the_layout_decides_where_it_is_known():
    short, full = dict(short=True), dict(short=False)
    # A short line ends its paragraph even mid-sentence (the plain text has it so, too).
    assert join_lines([Line("督导检查，确", **short), Line("保站点建设不滑坡。", indented=True, **short)]) == [
        "督导检查，确", "保站点建设不滑坡。"]
    # A full line that ends a sentence: an indent starts a new paragraph, no indent goes on.
    assert join_lines([Line("开展活动。", **full), Line("组织志愿者。", indented=True, **short)]) == ["开展活动。", "组织志愿者。"]
    assert join_lines([Line("开展活动。", **full), Line("组织志愿者。", **short)]) == ["开展活动。组织志愿者。"]
    # A full line cut mid-sentence goes on, indent or not; a new number does not.
    assert join_lines([Line("组织志愿者开", **full), Line("展活动。", **short)]) == ["组织志愿者开展活动。"]
    assert join_lines([Line("责任单位：市文明办、团市委", **full), Line("（四）社会参与", **short)]) == [
        "责任单位：市文明办、团市委", "（四）社会参与"]
    # Space between paragraphs, or a change of type size, ends one.
    assert join_lines([Line("组织志愿者开", **full), Line("展活动。", gap_before=True, **short)]) == ["组织志愿者开", "展活动。"]
    assert join_lines([Line("关于开展学雷锋活动的通知", size=22, **short), Line("各县：", size=16, **short)]) == [
        "关于开展学雷锋活动的通知", "各县："]
    # A title centred on two lines is one; a centred heading under a centred title is not joined to it.
    assert join_lines([Line("关于印发《梅列区2017年学雷锋志愿服务", centered=True, **short),
                       Line("活动实施方案》的通知", centered=True, **short),
                       Line("一、总体要求", centered=True, **short)]) == [
        "关于印发《梅列区2017年学雷锋志愿服务活动实施方案》的通知", "一、总体要求"]


def test_bold_lead_ins_and_bold_headings_are_marked_as_in_the_plain_text():
    full = dict(short=False)
    assert join_lines([Line("牵头单位：市文明办", bold=5)]) == ["**牵头单位：**市文明办"]
    assert join_lines([Line("主办单位：昆明市创建全国文明城市社会志愿服务工作指", bold=5, **full), Line("挥部", bold=2)]) == [
        "**主办单位：**昆明市创建全国文明城市社会志愿服务工作指挥部"]  # bold again on the next line is not the lead-in
    first, second = "（一）开展关爱他人志愿服务，组织志愿者", "结对帮扶。"
    assert join_lines([Line(first, bold=len(first), **full), Line(second, bold=len(second))]) == [
        "**（一）开展关爱他人志愿服务，组织志愿者结对帮扶。**"]
    assert join_lines([Line("二、活动主题", bold=6), Line("日行一善", bold=0)]) == ["**二、活动主题**", "日行一善"]


def test_spaces_put_between_chinese_characters_go_and_the_authors_spaces_stay():
    assert remove_cjk_spaces("昆 明 市 文 明 办 关于") == "昆明市文明办 关于"
    assert remove_cjk_spaces("通　知") == "通知"
    assert remove_cjk_spaces("各单位要 认真落实 ， 按时报送 。") == "各单位要 认真落实，按时报送。"
    assert remove_cjk_spaces("活动主题： “我的城市我的家 文明城市靠大家” 现拟定") == "活动主题：“我的城市我的家 文明城市靠大家”现拟定"
    assert remove_cjk_spaces("登录 Volunteer Service 平台，2018 年 3 月") == "登录 Volunteer Service 平台，2018 年 3 月"
    assert join_lines([Line("牵 头 单 位 ： 市 文 明 办")]) == ["牵头单位：市文明办"]


def test_radicals_from_the_text_layer_become_the_characters_they_look_like():
    assert repair_glyphs("⽂明城市⺠政局⻔⼾⻛貌") == "文明城市民政局门户风貌"
    assert repair_glyphs("（2019―2020年）") == "（2019—2020年）"
    assert repair_glyphs("\u2329志愿服务条例\u232a") == "〈志愿服务条例〉"
    assert repair_glyphs("Volunteer 2018 ①") == "Volunteer 2018 ①"


def test_each_radical_is_drawn_as_the_character_it_becomes():
    """The table in glyphs.py was read off the font; the font must still agree, pair by pair."""
    from PIL import Image, ImageDraw, ImageFont

    from generator.tools.importer import glyphs

    font_file = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    assert font_file.exists(), "fonts-noto-cjk is installed by scripts/setup"
    font = ImageFont.truetype(str(font_file), 48, index=2)  # Noto Sans CJK SC

    def drawn(char):
        image = Image.new("L", (64, 64), 0)
        ImageDraw.Draw(image).text((4, 0), char, font=font, fill=255)
        return image.tobytes()

    pairs = [(chr(radical), chr(ideograph)) for radical, ideograph in glyphs._SUPPLEMENT.items()]
    assert len(pairs) > 60
    assert [pair for pair in pairs if drawn(pair[0]) != drawn(pair[1])] == []


@pytest.mark.parametrize("value, fmt, label", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (20, "chineseCounting", "二十"), (23, "chineseCounting", "二十三"), (3, "chineseLegalSimplified", "叁"),
    (1, "ideographTraditional", "甲"), (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"),
    (28, "lowerLetter", "bb"), (12, "decimalFullWidth", "１２"), (7, "decimal", "7"), (7, "somethingNew", "7"),
])
def test_word_number_formats(value, fmt, label):
    assert format_number(value, fmt) == label


# ---------------------------------------------------------------- Word: what a plan's .docx holds

def test_word_tables_headings_lists_and_breaks(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉不导入"
    document.sections[0].footer.paragraphs[0].text = "页脚不导入"
    document.add_heading("一、活动安排", level=2)
    lead = document.add_paragraph()
    lead.add_run("牵头单位：").bold = True
    lead.add_run("市文明办")
    document.add_paragraph("每周六开展活动", style="List Bullet")
    document.add_paragraph("报送时间：每月23日16:00前").add_run().add_break()
    broken = document.add_paragraph("第一行")
    broken.add_run().add_break()
    broken.add_run("第二行")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [["序号", "活动", "牵头单位"], ["1", "学雷锋广场 | 活动", "市文明办"], ["2", "文明交通", ""]]):
        for cell, text in zip(row.cells, cells):
            cell.paragraphs[0].text = text
    table.cell(1, 2).merge(table.cell(2, 2))  # one unit leads both: a merged cell
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>控件里的联系人：张三</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    # A letterhead in a text box, stored by Word as a drawing and again as a fallback: read once, before its paragraph.
    box = "<w:txbxContent><w:p><w:r><w:t>太原市精神文明建设指导委员会办公室文件</w:t></w:r></w:p></w:txbxContent>"
    document.element.body.insert(0, parse_xml(
        f"<w:p {nsdecls('w', 'wp', 'a')} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'"
        " xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape' xmlns:v='urn:schemas-microsoft-com:vml'>"
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>并文明办〔2020〕65号</w:t></w:r></w:p>"))
    # A revision not yet accepted: the inserted words count, the deleted ones do not.
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>活动时间：</w:t></w:r>"
        "<w:del w:id='1' w:author='a'><w:r><w:delText>3月1日</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>3月5日</w:t></w:r></w:ins></w:p>"))
    path = tmp_path / "plan.docx"
    document.save(path)

    assert read_plan(path).split("\n\n") == [
        "太原市精神文明建设指导委员会办公室文件",
        "并文明办〔2020〕65号",
        "## 一、活动安排",
        "**牵头单位：**市文明办",
        "每周六开展活动",  # a bullet's mark is no text
        "报送时间：每月23日16:00前",
        "第一行",
        "第二行",
        "| 序号 | 活动 | 牵头单位 |\n| --- | --- | --- |\n| 1 | 学雷锋广场 ｜ 活动 | 市文明办 |\n| 2 | 文明交通 |  |",
        "控件里的联系人：张三",
        "活动时间：3月5日\n",
    ]


def test_word_restarts_and_nests_its_numbering_as_word_draws_it(tmp_path):
    document = docx.Document()
    lists = WordLists(document)
    items = [("总体要求", 91, 0, 1), ("目的意义", 91, 1, 1), ("工作目标", 91, 1, 2), ("主要任务", 91, 0, 2),
             ("体制机制", 91, 1, 1), ("第一项", 92, 0, 1), ("第二项", 92, 0, 2), ("重新编号", 92, 0, 1)]
    for text, abstract, level, value in items:
        paragraph = document.add_paragraph(text)
        _set_numbering(paragraph, lists.number(abstract, level, value), level)
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert read_plan(path).split() == ["一、总体要求", "（一）目的意义", "（二）工作目标", "二、主要任务", "（一）体制机制",
                                       "1.第一项", "2.第二项", "1.重新编号"]


def test_headings_numbered_through_their_styles(tmp_path):
    """Word's outline numbering: the heading styles carry the list, its levels name the styles."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f"<w:abstractNum {nsdecls('w')} w:abstractNumId='95'>"
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/><w:pStyle w:val='Heading1'/>"
        "<w:lvlText w:val='%1、'/></w:lvl>"
        "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/><w:pStyle w:val='Heading2'/>"
        "<w:lvlText w:val='（%2）'/></w:lvl></w:abstractNum>"))
    numbering.append(parse_xml(f"<w:num {nsdecls('w')} w:numId='95'><w:abstractNumId w:val='95'/></w:num>"))
    for name in ("Heading 1", "Heading 2"):
        ppr = document.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f"<w:numPr {nsdecls('w')}><w:numId w:val='95'/></w:numPr>"))
    for text, level in [("总体要求", 1), ("目的意义", 2), ("工作目标", 2), ("主要任务", 1), ("体制机制", 2)]:
        document.add_heading(text, level=level)
    document.save(tmp_path / "outline.docx")
    assert read_plan(tmp_path / "outline.docx").split("\n\n") == [
        "# 一、总体要求", "## （一）目的意义", "## （二）工作目标", "# 二、主要任务", "## （一）体制机制\n"]


# ---------------------------------------------------------------- .doc and .wps through LibreOffice

FAKE_SOFFICE = """#!{python}
# Stands in for LibreOffice: converts a test ".doc" (an OLE header, then UTF-8 lines) to .docx.
import pathlib, sys
import docx
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx", args
assert any(arg.startswith("-env:UserInstallation=file://") for arg in args), args
source = pathlib.Path(args[-1])
assert source.name == "plan.doc", source  # a name of ours, never the editor's; WPS's .wps is Word 97 inside
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
document = docx.Document()
for line in source.read_bytes()[8:].decode("utf-8").splitlines():
    document.add_paragraph(line)
{save}document.save(out / (source.stem + ".docx"))
"""
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def fake_soffice(tmp_path: Path, monkeypatch, works: bool = True) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, save="" if works else "sys.exit(1)\n"), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder))


@pytest.mark.parametrize("name", ["方案.doc", "-rf 方案.wps"])
def test_old_word_and_wps_files_go_through_libreoffice(name, tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch)
    path = tmp_path / name
    path.write_bytes(OLE + "一、活动主题\n日行一善·为文明点赞\n".encode())
    assert read_plan(path) == "一、活动主题\n\n日行一善·为文明点赞\n"


def test_without_libreoffice_the_editor_is_told_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "方案.wps"
    path.write_bytes(OLE + "一、活动主题\n".encode())
    with pytest.raises(ReadProblem) as problem:
        read_plan(path)
    assert str(problem.value).startswith(f"{path}：")
    assert "用 WPS 或 Word 打开" in str(problem.value) and "另存为" in str(problem.value) and ".docx" in str(problem.value)


def test_rtf_and_opendocument_take_the_same_way(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    odt = tmp_path / "方案.odt"
    with zipfile.ZipFile(odt, "w") as zipped:
        zipped.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zipped.writestr("content.xml", "<office:document-content/>")
    rtf = tmp_path / "方案.rtf"
    rtf.write_text("{\\rtf1 plan}", encoding="ascii")
    for path in (odt, rtf):
        assert "另存为" in _problem(path)


def test_a_conversion_that_fails_is_said_plainly(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, works=False)
    path = tmp_path / "方案.doc"
    path.write_bytes(OLE + "一、活动主题\n".encode())
    with pytest.raises(ReadProblem, match="没能把它转换成 .docx"):
        read_plan(path)


def test_a_doc_that_is_really_a_docx_needs_no_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    document = docx.Document()
    document.add_paragraph("一、活动主题")
    document.save(tmp_path / "saved-by-wps.doc")
    assert read_plan(tmp_path / "saved-by-wps.doc") == "一、活动主题\n"


# ---------------------------------------------------------------- files an editor may pick by mistake

def _problem(path: Path) -> str:
    with pytest.raises(ReadProblem) as problem:
        read_document(path)
    message = str(problem.value)
    assert message.startswith(f"{path}："), message
    return message


def test_a_pdf_that_is_a_web_page(tmp_path):
    path = tmp_path / "方案.pdf"
    path.write_text("<!DOCTYPE html><html><body>登录后下载</body></html>", encoding="utf-8")
    assert "网页（HTML）" in _problem(path)


def test_an_image_named_pdf(tmp_path):
    from PIL import Image

    path = tmp_path / "方案.pdf"
    Image.new("RGB", (40, 40), "white").save(path, format="PNG")
    assert "图片" in _problem(path)


def test_a_scanned_pdf_asks_for_ocr_and_scanned_pages_are_noted(tmp_path, browser):
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    scan = tmp_path / "扫描件.pdf"
    Image.new("RGB", (600, 800), "white").save(scan)
    assert "文字识别（OCR）" in _problem(scan)

    printed = plain_pdf(browser, "<p>一、活动主题</p><p>日行一善·为文明点赞</p>", tmp_path / "printed.pdf")
    writer = PdfWriter()
    writer.append(PdfReader(printed))
    writer.append(PdfReader(scan))
    writer.write(tmp_path / "mixed.pdf")
    document = read_document(tmp_path / "mixed.pdf")
    assert comparable(document.text) == ["一、活动主题", "日行一善·为文明点赞"]
    assert document.notes == (f"{tmp_path / 'mixed.pdf'}：第 2 页没有文字层（可能是扫描页或图片），这些页的内容没有导入，请对照原件补上。",)


def test_a_scanned_page_with_a_printed_page_number_is_still_noted(tmp_path, browser):
    import base64
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.effect_noise((400, 560), 60).convert("RGB").save(picture, format="PNG")  # a scan: no text in it
    scan = base64.b64encode(picture.getvalue()).decode()
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><meta charset=utf-8><style>body{font:16pt 'Noto Serif CJK SC',serif}</style>"
                         "<p>一、活动主题</p><p>日行一善·为文明点赞</p>"
                         f"<img style='break-before:page;display:block;width:100%' src='data:image/png;base64,{scan}'>")
        page.pdf(path=str(tmp_path / "plan.pdf"), format="A4", display_header_footer=True, header_template="<span></span>",
                 footer_template="<div style='font-size:10pt;width:100%;text-align:center'>- <span class=pageNumber></span> -</div>")
    finally:
        page.close()
    document = read_document(tmp_path / "plan.pdf")
    assert comparable(document.text) == ["一、活动主题", "日行一善·为文明点赞"]
    assert document.notes == (f"{tmp_path / 'plan.pdf'}：第 2 页没有文字层（可能是扫描页或图片），这些页的内容没有导入，请对照原件补上。",)


def test_an_encrypted_pdf(tmp_path, browser):
    from pypdf import PdfReader, PdfWriter

    printed = plain_pdf(browser, "<p>一、活动主题</p>", tmp_path / "printed.pdf")
    writer = PdfWriter()
    writer.append(PdfReader(printed))
    writer.encrypt("secret", algorithm="AES-128")
    writer.write(tmp_path / "加密.pdf")
    assert "打开密码" in _problem(tmp_path / "加密.pdf")


def test_a_pdf_with_too_many_pages(tmp_path, monkeypatch):
    from pypdf import PdfWriter

    from generator.tools.importer import pdf_text

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.write(tmp_path / "汇编.pdf")
    monkeypatch.setattr(pdf_text, "MAX_PAGES", 2)
    assert "有 3 页，超过导入的上限 2 页" in _problem(tmp_path / "汇编.pdf")


def test_a_damaged_pdf(tmp_path):
    path = tmp_path / "方案.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf")
    assert "已损坏" in _problem(path)


def test_zips_that_are_not_word_documents(tmp_path, monkeypatch):
    archive = tmp_path / "方案.docx"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("方案.txt", "一、活动主题")
    assert "压缩包，不是 Word 文档" in _problem(archive)

    sheet = tmp_path / "活动表.docx"
    with zipfile.ZipFile(sheet, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel 表格" in _problem(sheet)

    broken = tmp_path / "损坏.docx"
    with zipfile.ZipFile(broken, "w") as zipped:
        zipped.writestr("[Content_Types].xml", "<Types")
        zipped.writestr("word/document.xml", "<w:document")
    assert "Word 文件已损坏" in _problem(broken)

    document = docx.Document()
    document.add_paragraph("一、活动主题")
    document.save(tmp_path / "whole.docx")
    truncated = tmp_path / "半个.docx"
    truncated.write_bytes((tmp_path / "whole.docx").read_bytes()[:5000])
    assert "已损坏" in _problem(truncated)

    from generator.tools.importer import reading

    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 10_000)  # a zip bomb, made small
    assert "解压后超过" in _problem(tmp_path / "whole.docx")


def test_an_encrypted_word_file(tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(OLE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    assert "打开密码" in _problem(path)


def test_size_limits(tmp_path):
    big = tmp_path / "方案.pdf"
    with big.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    assert "超过导入的上限 50 MB" in _problem(big)
    text = tmp_path / "方案.txt"
    with text.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    assert "超过文本文件 8 MB 的上限" in _problem(text)


def test_other_files_name_what_can_be_imported(tmp_path):
    path = tmp_path / "方案.html"
    path.write_text("<p>一、活动主题</p>", encoding="utf-8")
    message = _problem(path)
    assert "暂不能读取 .html 文件" in message and ".docx" in message and "PDF" in message
    assert "找不到这个文件" in _problem(tmp_path / "没有这个文件.docx")


# ---------------------------------------------------------------- a PDF's own quirks, end to end

def plain_pdf(browser, body: str, path: Path) -> Path:
    """A page printed without header or footer."""
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><meta charset=utf-8><style>body{font:16pt 'Noto Serif CJK SC',serif}"
                         "h1{letter-spacing:1em;text-align:center;font-size:22pt}</style>" + body)
        page.pdf(path=str(path))
    finally:
        page.close()
    return path


def test_a_letter_spaced_title_and_latin_words_in_a_pdf(browser, tmp_path):
    plain_pdf(browser, "<h1>通知</h1><p>请下载“志愿云”APP，登录 Volunteer Service 平台，于 2018 年 3 月 5 日前完成注册。</p>",
              tmp_path / "notice.pdf")
    assert read_plan(tmp_path / "notice.pdf").split("\n\n") == [
        "**通知**", "请下载“志愿云”APP，登录 Volunteer Service 平台，于 2018 年 3 月 5 日前完成注册。\n"]


def test_an_official_notice_laid_out_as_printed(browser, tmp_path):
    """A title centred on two lines, the addressees, indented paragraphs, a signature and date set right."""
    plain_pdf(browser, (
        "<style>p{text-indent:2em;margin:0;text-align:justify;line-height:1.75}.to{text-indent:0}"
        ".right{text-align:right}h2{font-size:22pt;text-align:center;margin:0 3em .8em;font-weight:normal}</style>"
        "<h2>关于组织开展2020年国际志愿者日主题宣传和实践活动的通知</h2>"
        "<p class=to>各县（市、区）文明办，各文明单位：</p>"
        "<p>今年的12月5日是第35个国际志愿者日。运用这一契机，培育志愿服务文化，弘扬“奉献、友爱、互助、进步”的志愿精神，现就有关事项通知如下。</p>"
        "<p>一、活动主题</p><p>志愿服务在身边</p>"
        "<p class=right>太原市精神文明建设指导委员会办公室</p><p class=right>2020年11月30日</p>"),
        tmp_path / "notice.pdf")
    assert read_plan(tmp_path / "notice.pdf").split("\n\n") == [
        "关于组织开展2020年国际志愿者日主题宣传和实践活动的通知",
        "各县（市、区）文明办，各文明单位：",
        "今年的12月5日是第35个国际志愿者日。运用这一契机，培育志愿服务文化，弘扬“奉献、友爱、互助、进步”的志愿精神，现就有关事项通知如下。",
        "一、活动主题", "志愿服务在身边", "太原市精神文明建设指导委员会办公室", "2020年11月30日\n",
    ]


# ---------------------------------------------------------------- the same plan, imported from each form

def _imported(project: Path, source: Path, campaign_id: str) -> dict:
    """`portal import` run as an editor runs it; the draft's campaign without the review list."""
    import yaml

    from generator.cli import main

    assert main(["--project", str(project), "import", str(source), "--id", campaign_id]) == 0
    draft = yaml.safe_load((project / "content" / "campaigns" / f"{campaign_id}.yaml").read_text(encoding="utf-8"))
    # Where an item came from is a line of the source file, which differs between the forms.
    draft.pop("review", None)
    return draft


# Printed, Pu'er's stray “思想 and 党” breaks its line after 思想: where a line ends between a
# Chinese character and a Latin word, no space was printed, and Chinese text sets none.
PRINTED_IMPORT_DIFFERENCES = {"puer-2019": {"introduction": ("思想 and 党", "思想and 党")}}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_plan_imports_the_same_from_word_and_from_pdf(name, browser, tmp_path, capsys):
    import shutil

    repo = Path(__file__).resolve().parent.parent
    project = tmp_path / "demo"
    project.mkdir()
    shutil.copy(repo / "campaigns.yaml", project)
    shutil.copytree(repo / "content", project / "content")
    seed = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    text = _imported(project, SEEDS / f"{name}.txt", f"{name}-text")
    word = _imported(project, seed_docx(seed, tmp_path / f"{name}.docx"), f"{name}-word")
    printed = _imported(project, seed_pdf(browser, seed, name, tmp_path / f"{name}.pdf"), f"{name}-pdf")
    capsys.readouterr()
    assert word == text
    for field, (typed, read) in PRINTED_IMPORT_DIFFERENCES.get(name, {}).items():
        assert typed in text[field] and read in printed[field]
        printed[field] = printed[field].replace(read, typed)
    assert printed == text


# ---------------------------------------------------------------- where, in a Word file

def test_the_review_list_counts_paragraphs_in_a_word_file(tmp_path, capsys):
    import shutil

    import yaml

    from generator.cli import main

    repo = Path(__file__).resolve().parent.parent
    project = tmp_path / "demo"
    project.mkdir()
    for name in ("campaigns.yaml", "mkdocs.yml"):
        shutil.copy(repo / name, project)
    shutil.copytree(repo / "content", project / "content")
    document = docx.Document()
    for text in ("昆明市2019年学雷锋活动方案", "一、活动内容", "（一）常态化志愿服务",
                 "1.开展广场服务。每周六上午服务。", "每月底小结。", "牵头单位：区红十字会"):
        document.add_paragraph(text)
    plan = tmp_path / "plan.docx"
    document.save(plan)
    code = main(["--project", str(project), "import", str(plan), "--id", "word", "--region", "kunming"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = yaml.safe_load((project / "content" / "campaigns" / "word.yaml").read_text(encoding="utf-8"))
    new_unit = next(item for item in data["review"] if "区红十字会" in item["why"])
    assert new_unit["where"] == "原文第 6 段"  # the text reads it on line 11: Word counts paragraphs
    region = (project / "content" / "regions" / "kunming.yaml").read_text(encoding="utf-8")
    assert "新单位（原文第 6 段）" in region
