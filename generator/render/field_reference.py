"""The field reference for editors: every field of every kind of file, in Chinese.

One text, two places: ``docs/字段说明.md`` in the repository (written by ``portal reference``,
kept in sync by test_reference.py) and the site's ``help/fields/`` page; both are rendered by
the same template macro (templates/_field_reference.md.j2) from ``sections()``.  The wording is
the schema's (source/schema.py); this module only arranges it: one list per mapping, the facts
(required or not, type, format, default) as one phrase per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import FIELD_REFERENCE as REFERENCE_FILE
from generator.source.fields import FieldDoc, FileKind, file_kinds, yaml_text

PAGE = "help/fields.md"


@dataclass(frozen=True)
class Row:
    key: str  # printed in a code span: a key from the schema, never an editor's text
    label: str
    facts: str  # 必填，日期（YYYY-MM-DD …）
    allowed: tuple[str, ...]  # values, each printed in a code span
    meaning: str
    example: str  # one line of YAML, printed in a code span; "" for a mapping
    see: str  # the group that lists a mapping's keys


@dataclass(frozen=True)
class Group:
    path: str  # activities[].when; "" for the file's top level
    label: str
    meaning: str
    rows: tuple[Row, ...]
    same_as: str  # an earlier group of the same mapping: "see there" instead of the list again


@dataclass(frozen=True)
class Section:
    kind: FileKind
    groups: tuple[Group, ...]


@lru_cache(maxsize=None)
def sections() -> tuple[Section, ...]:
    return tuple(Section(kind, tuple(_groups(kind))) for kind in file_kinds())


def _groups(kind: FileKind):
    shown: dict[type, str] = {}
    pending = [("", "", "", kind.fields, None)]
    while pending:
        path, label, meaning, fields, model = pending.pop(0)
        if model is not None and model in shown:
            yield Group(path, label, meaning, (), shown[model])
            continue
        if model is not None:
            shown[model] = path
        yield Group(path, label, meaning, tuple(_row(doc) for doc in fields), "")
        # A mapping's keys follow the list that names it, in the order the list names them.
        pending[0:0] = [(_group_path(doc), doc.label, doc.meaning, doc.fields, doc.model)
                        for doc in fields if doc.is_mapping]


def _group_path(doc: FieldDoc) -> str:
    return doc.path + ("[]" if doc.many else "")


def _row(doc: FieldDoc) -> Row:
    facts = ["必填" if doc.required else "可选"]
    if doc.default is not None and not doc.is_mapping:
        facts[0] += f"，默认 {yaml_text(doc.default)}"
    if doc.kind == "choice":
        facts.append("取值")  # the values follow
    else:
        facts.append(doc.type + (f"（{doc.rule}）" if doc.rule else "") + ("，可用" if doc.allowed else ""))
    return Row(doc.name, doc.label, "，".join(facts), tuple(str(value) for value in doc.allowed), doc.meaning,
               yaml_text(doc.example) if doc.example is not None else "",
               _group_path(doc) if doc.is_mapping else "")


def document() -> str:
    """The reference as the repository's Markdown file (REFERENCE_FILE)."""
    from generator.render.fragments import Fragments
    from generator.render.pages import environment  # it plans pages, which use sections()

    template = environment(Fragments(frozenset(), True)).get_template("field_reference_doc.md.j2")
    return re.sub(r"\n{3,}", "\n\n", template.render(sections=sections()))
