"""Read YAML (and Markdown front matter) while remembering the line of every node.

Validation errors must name ``file:line``; pydantic only knows a ``loc`` path such
as ``("activities", 3, "title")``.  ``Document.line_of(loc)`` maps that path back
to the line where the node (or its nearest existing parent) starts.

YAML 1.1's implicit typing is a trap for editors: ``no`` becomes ``False`` and
``2018-02-30`` makes PyYAML itself crash.  This loader keeps dates as plain
strings (pydantic validates them, with a proper message) and only treats
``true``/``false`` as booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp and yes/no/on/off resolvers."""


StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

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


def format_loc(loc: Loc) -> str:
    """``("activities", 3, "title")`` → ``activities[3].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class YamlSyntaxError(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.format())
        self.issue = issue


def parse_yaml(text: str, path: Path, display: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; raise YamlSyntaxError with a file:line issue."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(path, display, None, {(): 1 + line_offset})
        lines: dict[Loc, int] = {}
        duplicates: list[Issue] = []
        data = _build(loader, node, (), lines, duplicates, display, line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        problem = exc.problem or str(exc)
        raise YamlSyntaxError(
            Issue(display, line, "", f"YAML 语法错误：{_translate_problem(problem)}。"
                  "请检查缩进、冒号后的空格和引号是否成对。")
        ) from None
    finally:
        loader.dispose()
    if duplicates:
        raise YamlSyntaxError(duplicates[0])
    return Document(path, display, data, lines)


def _build(loader, node, loc, lines, duplicates, display, offset):
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.MarkedYAMLError(
                    problem="键必须是文本", problem_mark=key_node.start_mark
                )
            if key in result:
                duplicates.append(
                    Issue(display, key_node.start_mark.line + 1 + offset,
                          format_loc(loc + (key,)),
                          f"重复的键“{key}”：同一层级里每个键只能出现一次，请合并或删除其中一个。")
                )
            result[key] = _build(loader, value_node, loc + (key,), lines, duplicates,
                                 display, offset)
            # The key's own line is more useful than the value's for block values.
            lines[loc + (key,)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, loc + (index,), lines, duplicates, display, offset)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（常见原因：冒号后缺少空格，或上一行缩进不对）",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "found character '\\t' that cannot start any token": "YAML 不允许使用 Tab 缩进，请改用空格",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '<block sequence start>'": "缩进不一致",
    "expected <block end>, but found '-'": "列表项“-”的缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found undefined alias": "引用了未定义的锚点",
}


def _translate_problem(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)


def parse_front_matter(text: str, path: Path, display: str) -> tuple[Document, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns the front-matter document, the body, and the body's first line.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        raise YamlSyntaxError(
            Issue(display, 1, "", "文件开头缺少以“---”包围的元数据（front matter），"
                  "请参照 README 中的示例，在第一行写“---”。")
        )
    document = parse_yaml(match.group(1), path, display, line_offset=1)
    body_line = text[: match.end()].count("\n") + 1
    return document, text[match.end():], body_line
