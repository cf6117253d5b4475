"""Read YAML (and Markdown front matter) while remembering the line of every node.

Validation errors must name ``file:line``; pydantic only knows a ``loc`` path such
as ``("activities", 3, "title")``.  ``Document.line_of(loc)`` maps that path back
to the line where the node (or its nearest existing parent) starts.

YAML 1.1's implicit typing is a trap for editors: ``no`` becomes ``False`` and
``2018-02-30`` makes PyYAML itself crash.  This loader keeps dates as plain
strings (pydantic validates them, with a proper message) and types plain scalars as
YAML 1.2's core schema does — only ``true``/``false`` are booleans, and numbers are
plain decimals (``0o``/``0x`` for the rare octal or hex): ``9:30`` is text, not the
base-60 number 570, ``1_000`` is text and ``012`` is twelve.  It is the schema the form
editor (Decap CMS, npm ``yaml``) writes in, so what it writes unquoted reads back as written.

Source files come from many hands (and from Word, WPS and Windows Notepad), and a
hostile one must end as one ``file:line`` message, never a traceback or a hang:
``decode_source`` refuses non-UTF-8 text, control characters and absurd lines, and the
loader refuses what editors never need and attackers love — anchors and aliases
(“billion laughs”), explicit tags, and nesting deep enough to exhaust the stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Issue


MAX_DEPTH = 40  # real files nest about 6 deep; the composer recurses once per level
MAX_LINE_CHARS = 20_000  # the longest line of the five real plans has about 2,400


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML this project refuses; ``problem`` is already the Chinese message."""


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp, yes/no/on/off, merge (<<) and value (=) resolvers.

    It also refuses anchors, aliases and explicit tags, and limits nesting depth.
    """

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            # Aliases let a few lines expand into gigabytes ("billion laughs").
            raise RefusedYAML(problem="不支持 YAML 锚点“&”和引用“*”：请把内容直接写出来；"
                                      "如果这是正文中的文字，请给整个值加引号。",
                              problem_mark=event.start_mark)
        if getattr(event, "tag", None) is not None:
            # Explicit tags reach constructors (!!timestamp, !!binary, !!python/…) no editor needs.
            raise RefusedYAML(problem="不支持 YAML 标签（以“!”开头的写法）：请删除它；"
                                      "要让数字或日期按文字处理，请给值加引号，如 \"0871\"。",
                              problem_mark=event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise RefusedYAML(problem=f"嵌套层数超过 {MAX_DEPTH} 层（括号或缩进层层套叠）："
                                      "请检查是否多写了“[”“{”或缩进错乱。",
                              problem_mark=event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_DROPPED_RESOLVERS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                      "tag:yaml.org,2002:float", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value",
                      "tag:yaml.org,2002:yaml")
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution); int before float,
# which also matches "12".
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"),
)


def _construct_int(loader, node) -> int:
    """YAML 1.2: decimal (a leading zero is not octal), 0o octal, 0x hex."""
    value = loader.construct_scalar(node)
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    return int(value)


StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# libyaml (C) composes a file's nodes ten times faster than PyYAML's Python parser — most of the
# source phase on a large project.  It is used only for text that cannot reach what StrictLoader
# refuses or reports: nothing that could start an anchor, alias or tag, and no nesting deeper
# than MAX_DEPTH (libyaml's composer recurses in C); any error goes to StrictLoader again, for
# its Chinese message.  Everything else (resolvers, construction, lines) is the same code.
if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _CParser

    class _FastLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader.yaml_implicit_resolvers = StrictLoader.yaml_implicit_resolvers
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
else:  # pragma: no cover - PyYAML without libyaml
    _FastLoader = None

# Where a token may start: an anchor (&a), an alias (*a) or a tag (!, !!str).  Markdown's ** in a
# block of text is not one: an anchor's or alias's name follows its sign directly.
_MAYBE_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\{,:?-])(?:[&*][^\s*,\[\]{}]|!)")
_STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))


# What can nest in flow style, and what hides brackets from it: a quoted scalar (only where a
# token starts), a comment.  An unclosed quote matches nothing, so its brackets are counted.
_FLOW_TOKEN = re.compile(r"""(?<![^\s\[{,:])(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*")|(?<!\S)#[^\n]*|[\[\]{}]""")
_BLOCK_PREFIX = re.compile(r"(?:[-?:][ \t]+)*")  # "- - - x": block sequences nested on one line


def _plainly_nested(text: str) -> bool:
    """No block or flow nesting deeper than MAX_DEPTH: libyaml's composer would recurse in C."""
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) + _BLOCK_PREFIX.match(stripped).end() > 2 * MAX_DEPTH:
            return False
    depth = 0
    for token in _FLOW_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif bracket in "]}":
            depth = max(depth - 1, 0)
    return True


class _NotPlain(Exception):
    """The fast path met something only StrictLoader may judge."""


def _fast_node(text: str):
    if _FastLoader is None or _MAYBE_NODE_PROPERTY.search(text) or not _plainly_nested(text):
        return None, None
    loader = _FastLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None, None


Loc = tuple  # a path of str keys and int indexes


@dataclass
class Document:
    """One parsed source file: its data plus the line of each node."""

    path: Path
    display: str  # path as shown to editors, relative to the project
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """Line of the deepest existing node on ``loc`` (1-based)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def issue(self, loc: Loc, message: str) -> Issue:
        return Issue(self.display, self.line_of(loc), format_loc(loc), message)

    def value_at(self, loc: Loc) -> Any:
        """The value as written (a block scalar keeps its line breaks), or None."""
        value = self.data
        for part in loc:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


def format_loc(loc: Loc) -> str:
    """``("activities", 3, "title")`` → ``activities[3].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class SourceError(Exception):
    """A source file that cannot be read or parsed: one issue, and the file is skipped."""

    def __init__(self, issue: Issue):
        super().__init__(issue.format())
        self.issue = issue


class YamlSyntaxError(SourceError):
    """The YAML (or the front matter) does not parse, or uses a refused feature."""


# --- bytes → text ----------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # also the start of UTF-32 LE
# C0 controls except tab/LF/CR, DEL, C1 controls, and the two non-characters.  PyYAML
# refuses them anyway (without a line); Word's manual line break \x0b is a common one.
# Then the bidirectional controls (marks, embeddings, overrides, isolates): they make text
# display in another order than it is stored — two names that look alike, a comment that
# hides a line (“Trojan Source”) — and Chinese text never needs them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff{_BIDI}]")


def decode_source(data: bytes, display: str) -> str:
    """The text of a source file, or SourceError naming the line of the first problem.

    A UTF-8 BOM (Windows Notepad adds one) is dropped silently.
    """
    if data.startswith(_UTF16_BOMS):
        raise SourceError(Issue(display, 1, "", "文件是 UTF-16 编码（Windows 记事本的“Unicode”格式），不是 UTF-8："
                                "请在编辑器中“另存为”，编码选择 UTF-8 后再试。"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(Issue(display, line, "", _not_utf8_message(data, exc.start))) from None
    check_characters(text, display)
    _check_line_lengths(text, display)
    return text


def _not_utf8_message(data: bytes, position: int) -> str:
    """Say which encoding it looks like: a whole GBK file, or one line pasted from one."""
    start = data.rfind(b"\n", 0, position) + 1
    end = data.find(b"\n", position)
    line = data[start:end if end >= 0 else len(data)]
    save_as = "请在编辑器中“另存为”，编码选择 UTF-8 后再试"
    if data.count(b"\x00") * 4 > len(data):  # every other byte is zero in UTF-16 text
        return f"文件不是 UTF-8 编码，看起来是没有 BOM 的 UTF-16 编码：{save_as}。"
    try:
        shown = line.decode("gbk").strip()
    except UnicodeDecodeError:
        return f"文件不是 UTF-8 编码，这一行有无法识别的字节：{save_as}。"
    shown = shown if len(shown) <= 30 else shown[:30] + "…"
    return (f"文件不是 UTF-8 编码：这一行看起来是 GBK/GB2312 编码（Windows 记事本、WPS 等的常见默认），"
            f"按 GBK 读出来是“{shown}”：请在编辑器中按 GBK 打开，再“另存为”并选择 UTF-8 编码；"
            "如果只有这一行是从别处粘贴的，请删除后重新输入。")


def check_characters(text: str, display: str, line_offset: int = 0) -> None:
    """Refuse invisible control and bidirectional characters, naming their line."""
    match = _CONTROL.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1 + line_offset
    char = match.group()
    if re.match(f"[{_BIDI}]", char):
        what = "文字方向控制字符"
        hint = "它让文字显示的顺序与实际内容不同，常见于从网页或聊天软件复制的文字"
    else:
        what = "控制字符"
        hint = ("文件可能是 UTF-16 编码，或根本不是文本文件" if char == "\x00"
                else "常见于从 Word、网页或聊天软件复制的文字")
    raise SourceError(Issue(display, line, "", f"含有不可见的{what} U+{ord(char):04X}（{hint}）："
                            "请删除该字符（可在编辑器中打开“显示不可见字符”）后保存。"))


def _check_line_lengths(text: str, display: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise SourceError(Issue(display, number, "", f"这一行有 {len(line)} 个字符，超过上限 {MAX_LINE_CHARS}："
                                    "请分成多行（YAML 中的长文本在“|”后换行、缩进书写，Markdown 正文用空行分段）；"
                                    "如果这不是你写的内容，请检查文件是否损坏。"))


# --- text → data -----------------------------------------------------------------------


def parse_yaml(text: str, path: Path, display: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; raise YamlSyntaxError with a file:line issue."""
    try:
        check_characters(text, display, line_offset)  # PyYAML would raise a ReaderError without a line
    except SourceError as exc:
        raise YamlSyntaxError(exc.issue) from None  # callers of parse_yaml catch only this
    loader, node = _fast_node(text)
    if loader is not None:
        try:
            if node is None:
                return Document(path, display, None, {(): 1 + line_offset})
            lines: dict[Loc, int] = {}
            duplicates: list[Issue] = []
            data = _build(loader, node, (), lines, duplicates, display, line_offset, fast=True)
            if duplicates:
                raise YamlSyntaxError(duplicates[0])
            return Document(path, display, data, lines)
        except (_NotPlain, yaml.YAMLError):
            pass  # StrictLoader reads it again and says what is wrong
        finally:
            loader.dispose()
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(path, display, None, {(): 1 + line_offset})
        lines = {}
        duplicates = []
        data = _build(loader, node, (), lines, duplicates, display, line_offset)
    except RefusedYAML as exc:
        raise YamlSyntaxError(Issue(display, exc.problem_mark.line + 1 + line_offset, "", exc.problem)) from None
    except yaml.MarkedYAMLError as exc:
        message, mark = _explain(exc)
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        raise YamlSyntaxError(Issue(display, line, "", f"YAML 语法错误：{message}。")) from None
    except yaml.YAMLError as exc:  # unmarked: no line known
        raise YamlSyntaxError(Issue(display, 1 + line_offset, "", f"YAML 语法错误：无法解析（{exc}）。")) from None
    finally:
        loader.dispose()
    if duplicates:
        raise YamlSyntaxError(duplicates[0])
    return Document(path, display, data, lines)


def _build(loader, node, loc, lines, duplicates, display, offset, fast=False):
    if fast and node.tag not in _STANDARD_TAGS:
        raise _NotPlain()
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)):
                raise RefusedYAML(problem="键必须是文本（“键: 值”中冒号前的部分不能为空，也不能是列表或映射）。",
                                  problem_mark=key_node.start_mark)
            if key in result:
                duplicates.append(
                    Issue(display, key_node.start_mark.line + 1 + offset,
                          format_loc(loc + (key,)),
                          f"重复的键“{key}”：同一层级里每个键只能出现一次，请合并或删除其中一个。")
                )
            result[key] = _build(loader, value_node, loc + (key,), lines, duplicates,
                                 display, offset, fast)
            # The key's own line is more useful than the value's for block values.
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, loc + (index,), lines, duplicates, display, offset, fast)
            for index, item in enumerate(node.value)
        ]
    return _scalar(loader, node)


def _scalar(loader, node):
    """A scalar's value; numbers Python cannot hold or print become a message, not a traceback."""
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # e.g. an int of 5,000 digits (int max str digits)
        value = math.inf
    if isinstance(value, float) and not math.isfinite(value):
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        raise RefusedYAML(problem=f"“{shown}”不是可用的数字（太大，或是 .inf/.nan）："
                                  "请写普通数字；如果这是文字，请给它加引号。",
                          problem_mark=node.start_mark)
    return value


# (problem pattern, context pattern or None, explanation, report at the context mark)
# The context mark is where an unclosed quote or bracket was opened: the line to fix.
_PROBLEMS = (
    (r"found unexpected end of stream", r"quoted scalar",
     "引号没有闭合：这一行开始的引号直到文件末尾都没有另一半", True),
    (r"found unexpected end of stream", None, "文件意外结束（引号或括号未闭合）", True),
    (r"expected ',' or '\]'", None,
     "方括号“[”没有闭合，或列表中两项之间缺少逗号：请检查这一行开始的“[ ]”", True),
    (r"expected ',' or '\}'", None,
     "花括号“{”没有闭合，或两项之间缺少逗号：请检查这一行开始的“{ }”", True),
    (r"mapping values are not allowed here", None,
     "此处不能出现“键: 值”（常见原因：值里含有“: ”，请给整个值加引号；或上一行缩进不对）", False),
    (r"found character '\\t' that cannot start any token|found a tab character", None,
     "YAML 不允许使用 Tab 缩进，请把 Tab 换成空格", False),
    (r"found character '(.+)' that cannot start any token", None,
     "“{0}”不能作为值的开头：请给整个值加引号", False),
    (r"could not find expected ':'", None,
     "找不到应有的冒号“:”：这一行应写成“键: 值”（冒号后有空格），或上一行的引号没有闭合", False),
    (r"expected <block end>, but found '-'", None, "列表项“-”的缩进与上面的项不一致", False),
    (r"expected <block end>, but found '<block (?:mapping|sequence) start>'", None,
     "缩进不一致：这一行比上面同一层级的行缩进多或少", False),
    (r"expected <block end>", None, "缩进不一致，或上一行的值后面还有多余的文字", False),
    (r"but found another document", None, "一个文件只能有一份内容：请删除多余的“---”分隔行", False),
    (r"expected '<document start>'", None, "无法识别的文件开头（“%”开头的行是 YAML 指令）：请删除这一行", False),
    (r"found unknown escape character|expected escape sequence", None,
     "双引号里的反斜杠“\\”开始了无效的转义：含反斜杠的文字（如 Windows 路径）请改用单引号，或把“\\”换成“/”", False),
    (r"expected the node content", None,
     "此处缺少值，或有多余的符号（如“]”“}”“,”）：以这些符号开头的文字请加引号", False),
    (r"expected alphabetic or numeric character", None,
     "“&”“*”“!”在 YAML 中有特殊含义：以它们开头的文字请加引号", False),
    (r"expected chomping or indentation indicators", None,
     "“|”或“>”后面不能直接跟文字：多行文本请在“|”后换行，再缩进书写", False),
    (r"found unhashable key", None, "键必须是文本", False),
)


def _explain(exc: yaml.MarkedYAMLError):
    """Chinese explanation of a PyYAML error, and the mark of the line to fix."""
    problem = exc.problem or str(exc)
    context = exc.context or ""
    for pattern, context_pattern, message, at_context in _PROBLEMS:
        match = re.search(pattern, problem)
        if match and (context_pattern is None or re.search(context_pattern, context)):
            mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
            return message.replace("{0}", match.group(1)) if match.groups() else message, mark
    return f"无法解析（{problem}），请检查缩进、冒号后的空格和引号是否成对", exc.problem_mark or exc.context_mark


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_FRONT_MATTER_START = re.compile(r"\A---[ \t]*\r?\n")


def parse_front_matter(text: str, path: Path, display: str) -> tuple[Document, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns the front-matter document, the body, and the body's first line.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        raise YamlSyntaxError(Issue(display, 1, "", _front_matter_problem(text)))
    document = parse_yaml(match.group(1), path, display, line_offset=1)
    body_line = text[: match.end()].count("\n") + 1
    return document, text[match.end():], body_line


def _front_matter_problem(text: str) -> str:
    if not text.strip():
        return "文件是空的：应以“---”包围的元数据（front matter）开头，后面是正文，请参照 README 中的示例。"
    if _FRONT_MATTER_START.match(text):
        return ("元数据（front matter）没有结束：第 1 行的“---”之后找不到单独一行的“---”。"
                "请在元数据最后一行之后单独写一行“---”，再写正文。")
    return "文件开头缺少以“---”包围的元数据（front matter），请参照 README 中的示例，在第一行写“---”。"
