"""Typing mistakes in YAML, found in the raw text before it is parsed, each on its own line.

A Chinese input method types full-width punctuation: ``hours：每周六`` (full-width colon),
``　`` (full-width space), “ ” ‘ ’ (Chinese quotes), ``－`` or ``—`` (a full-width hyphen or a
dash) where YAML needs ``: ``, spaces, ``"`` and ``- ``.  Tabs and a BOM come from other
editors and from pasting.  YAML's own error for each of them names the wrong line (often the
next one) and the wrong cause (“找不到应有的冒号”), so this scan names the character, its line
and the fix — and corrects it in a copy of the text, which is then parsed and validated so that
the file's other mistakes are reported in the same run.

Only the structure of a line is read — its indentation, list markers, key and the colon after
it — never the text of a value, where full-width punctuation is ordinary Chinese; the lines of
a block scalar (``|`` or ``>``) are text and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

FULL_SPACE = "\u3000"
DASHES = "－—–−﹣"  # full-width hyphen-minus, em dash, en dash, minus sign, small hyphen-minus
QUOTE_PAIRS = {"“": "”", "‘": "’"}

_INDENT = re.compile(f"[ \t{FULL_SPACE}\ufeff]*")
_MARKER = re.compile(f"([-{DASHES}])([ \t{FULL_SPACE}]*)")
_KEY = re.compile(f"([“‘]?)([A-Za-z_][A-Za-z0-9_]*)([”’]?)([ \t{FULL_SPACE}]*)([:：])([ \t{FULL_SPACE}]*)")
_BARE_KEY = re.compile(f"([A-Za-z_][A-Za-z0-9_]*)[ {FULL_SPACE}]+(?=[^ \t{FULL_SPACE}#:：])")
_BLOCK_HEADER = re.compile(r"[|>][-+1-9]{0,2}[ \t]*(?:#.*)?")
_FLOW_KEY = re.compile(f"([{{,][ \t]*)([“‘]?)([A-Za-z_][A-Za-z0-9_]*)([”’]?)[ \t]*：[ \t{FULL_SPACE}]*")


@lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    from generator.source.schema import field_names

    return field_names()


def _shown(text: str, limit: int = 20) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Mistake:
    line: int  # 1-based, in the scanned text
    message: str


@dataclass
class _Line:
    indent: str  # as written, a full-width space already replaced; tabs are expanded at the end
    rest: str


@dataclass
class Scan:
    """The mistakes of one text, and the text with each corrected (same lines, same order)."""

    mistakes: list[Mistake] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    # Lines indented with tabs: how wide a tab looked to the editor is a guess (see ``text``);
    # every other correction is exact.
    tab_lines: set[int] = field(default_factory=set)

    def text(self, tab_width: int = 2) -> str:
        return "\n".join(line.indent.expandtabs(tab_width) + line.rest for line in self.lines)


# Where a mistake may be, over the whole text: most files have none, and are not read line by line.
_SUSPECT = re.compile(
    rf"^[ \t{FULL_SPACE}-]*[“‘]?[A-Za-z_][A-Za-z0-9_]*[”’]?[ \t{FULL_SPACE}]*(?:：|:[^ \r\n]|[ {FULL_SPACE}]+[^ :#\r\n])"
    rf"|[{{,][ \t]*[“‘]?[A-Za-z_][A-Za-z0-9_]*[”’]?[ \t]*："
    rf"|^[ \t{FULL_SPACE}-]*[\t{FULL_SPACE}\ufeff{DASHES}“‘]|^[ \t]*-[^\s-]|: [“‘]",
    re.M)


def scan(text: str) -> Scan:
    result = Scan()
    if not _SUSPECT.search(text):
        return result
    block_parent: Optional[int] = None  # the column a block scalar's text must be indented beyond
    for number, raw in enumerate(text.split("\n"), 1):
        ending = "\r" if raw.endswith("\r") else ""
        line = raw[:len(raw) - len(ending)]
        if block_parent is not None:
            spaces = len(line) - len(line.lstrip(" "))
            if not line.strip(" \t") or spaces > block_parent:
                result.lines.append(_Line("", raw))  # text of a block scalar: not structure
                continue
            block_parent = None
        indent, rest, opens_block = _scan_line(line, number, result)
        result.lines.append(_Line(indent, rest + ending))
        if opens_block is not None:
            block_parent = opens_block
    return result


def _scan_line(line: str, number: int, result: Scan) -> tuple[str, str, Optional[int]]:
    """The corrected indentation and rest of one structural line, and the column a block scalar
    it opens is nested under (None: it opens none)."""
    def report(message: str) -> None:
        result.mistakes.append(Mistake(number, message))

    before = len(result.mistakes)
    indent = _INDENT.match(line).group()
    rest = line[len(indent):]
    if "\ufeff" in indent:
        report("行首有一个看不见的 BOM 字符（U+FEFF，常见于把几个文件拼在一起，或从记事本复制的文字）："
               "请删除这一行开头的不可见字符（可在编辑器中打开“显示不可见字符”），或重新输入这一行的开头。")
        indent = indent.replace("\ufeff", "")
    if "\t" in indent:
        report("行首用 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格（每一级缩进两个空格，与同一级的行对齐）。")
        result.tab_lines.add(number)
    if FULL_SPACE in indent:
        report("行首用了全角空格“　”（中文输入法）缩进，YAML 只认半角空格：请把它换成英文空格（每一级缩进两个空格）。")
        indent = indent.replace(FULL_SPACE, "  ")
    if not rest or rest.startswith("#") or (not indent and rest.startswith(("---", "..."))):
        return indent, rest, None
    out = ""  # the corrected list markers
    dash_column = None
    while marker := _MARKER.match(rest):
        dash, gap = marker.groups()
        after = rest[marker.end():]
        if dash == "-" and not gap:
            if not after or not (after[0].isalpha() or after[0] in QUOTE_PAIRS):
                break  # "-5", "---", a lone "-": not a list marker to judge
            report(f"列表项的“-”后面缺少空格：请写成“- {_shown(after)}”。")
            gap = " "
        elif dash != "-":
            report(f"列表项开头的“{dash}”是全角符号（中文输入法打出的横线），YAML 不认：请改为半角减号加空格“- ”。")
        elif FULL_SPACE in gap:
            report("列表项“-”后面是全角空格“　”（中文输入法），YAML 只认半角空格：请改为英文空格。")
        elif "\t" in gap:
            report("列表项“-”后面用了 Tab，YAML 只认空格：请把 Tab 换成空格。")
        dash_column = len(indent.expandtabs(2)) + len(out)
        out += "-" + (gap.replace(FULL_SPACE, " ").replace("\t", " ") or " ")
        rest = after
    key_column = len(indent.expandtabs(2)) + len(out)
    key = _KEY.match(rest)
    if key is not None:
        name, value = _key(key, rest, report)
        out += f"{name}: " if value else f"{name}:"
        value = _value(name, value, report)
        parent = key_column
    else:
        value = _missing_colon(rest, report)
        parent = dash_column
    opens = parent if parent is not None and _BLOCK_HEADER.fullmatch(value) else None
    if len(result.mistakes) == before:
        return line[:len(indent)], line[len(indent):], opens  # nothing wrong: the line as written
    return indent, out + value, opens


def _key(match: re.Match, rest: str, report) -> tuple[str, str]:
    """The key and its value, with what was wrong between them reported (``name: value`` is right)."""
    opening, name, closing, gap, colon, after = match.groups()
    value = rest[match.end():]
    if opening or closing:
        report(f"键 {name} 两边加了中文引号 {' '.join(filter(None, (opening, closing)))}：键不用加引号，请删除它们，写成“{name}: …”。")
    if colon == "：":
        report(f"“{name}：”里的冒号是全角“：”，请改为半角“: ”（英文冒号加空格）。")
    elif FULL_SPACE in gap + after:
        report(f"“{name}:”旁边是全角空格“　”（中文输入法），YAML 只认半角空格：请改为英文空格，写成“{name}: …”。")
    elif "\t" in after:
        report(f"“{name}:”后面用了 Tab，YAML 只认空格：请把 Tab 换成一个空格。")
    elif not after and value and name in _field_names() and not value.startswith(("/", "#")):
        report(f"“{name}:”后面缺少空格：冒号后要空一格，请写成“{name}: {_shown(value)}”。")
    return name, value


def _value(name: str, value: str, report) -> str:
    """A value in Chinese quotes that YAML would misread, or a flow mapping with a full-width colon."""
    stripped = value.rstrip()
    closing = QUOTE_PAIRS.get(stripped[:1])
    if closing and stripped.endswith(closing) and len(stripped) > 1:
        inner = stripped[1:-1]
        trouble = next((what for what in (": ", " #") if what in inner), None)
        if trouble is None and inner.endswith(":"):
            trouble = ":"
        if trouble:
            quoted = '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
            report(f"值两边的中文引号 {stripped[0]} {closing} 不是 YAML 的引号，里面的“{trouble.strip()}”会被误读"
                   f"（“#”后的文字被当作注释丢掉，“: ”被当作又一个键）：请改用英文引号，写成 {name}: {_shown(quoted, 30)}。")
            return quoted
    if stripped.startswith("{"):
        def fix(match: re.Match) -> str:
            start, opening, key, closing, = match.groups()
            report(f"“{key}：”里的冒号是全角“：”，请改为半角“: ”（英文冒号加空格）。")
            return f"{start}{key}: "
        value = _FLOW_KEY.sub(fix, value)
    return value


def _missing_colon(rest: str, report) -> str:
    """``kind 广场``: a field's name, a space and a value, without the colon between them."""
    match = _BARE_KEY.match(rest)
    if match is None or match.group(1) not in _field_names():
        return rest
    name, value = match.group(1), rest[match.end():]
    report(f"“{name}”后面缺少冒号：请写成“{name}: {_shown(value)}”（英文冒号加空格）。")
    return f"{name}: {value}"
