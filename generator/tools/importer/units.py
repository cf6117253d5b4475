"""Unit lines (牵头单位：…) → unit lists → the region's units, and new units for the region file.

A list is cut at 、，,；; but never inside brackets or quotes (各县（市、区）文明办, “三下乡、
四进社区”服务队); a name or alias the region already has is taken whole even when it holds a
separator itself (各县（市）区、开发（度假）园区), so the region file decides what is one unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from generator.model.slugs import pinyin_slug
from generator.tools.importer.outline import ROLE_LABEL

SEPARATORS = "、，,；;"
ROLES = {"主办": "hosts", "承办": "leads", "牵头": "leads", "协办": "responsible", "责任": "responsible",
         "配合": "responsible", "参与": "responsible"}
_BRACKET_AT_END = re.compile(r"[（(]\s*((?:主办|承办|协办|牵头|责任|配合|参与)(?:单位|部门)\s*[:：][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]\s*[。.]?\s*$")


def roles_in(text: str) -> dict[str, str]:
    """{role: list text} of a line such as “牵头单位：A、B。责任单位：C”."""
    found: dict[str, str] = {}
    matches = list(ROLE_LABEL.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        role = ROLES[match.group(1)[:2]]
        value = text[match.end():end].strip().strip("。.；;，, ")
        if value:
            found[role] = (found[role] + "、" + value) if role in found else value
    return found


def bracket_at_end(body: str) -> tuple[str, dict[str, str]]:
    """A body ending “…（牵头单位：A、B。责任单位：C）”: the body without it, and its roles."""
    match = _BRACKET_AT_END.search(body)
    if not match:
        return body, {}
    rest = body[:match.start()].rstrip()
    if rest and not rest.endswith(("。", "！", "？")):
        rest += "。"
    return rest, roles_in(match.group(1))


def split_units(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The names in a unit list, the longest known name first at each place."""
    names: list[str] = []
    position, length = 0, len(text)
    longest = sorted(known, key=len, reverse=True)
    while position < length:
        while position < length and (text[position] in SEPARATORS or text[position].isspace()):
            position += 1
        if position >= length:
            break
        whole = next((name for name in longest if text.startswith(name, position)
                      and (position + len(name) == length or text[position + len(name)] in SEPARATORS + " 。")), None)
        if whole:
            names.append(whole)
            position += len(whole)
            continue
        depth, end = 0, position
        while end < length:
            char = text[end]
            if char in "（(“《[【":
                depth += 1
            elif char in "）)”》]】":
                depth = max(0, depth - 1)
            elif depth == 0 and char in SEPARATORS:
                break
            end += 1
        name = text[position:end].strip().strip("。.").strip()
        if name:
            names.append(name)
        position = end
    return names


@dataclass
class NewUnit:
    id: str
    name: str
    line: int


@dataclass
class RegionUnits:
    """The region's units by every name they go by, and the units an import adds."""

    names: dict[str, str]  # name or alias → id
    ids: set[str]
    new: list[NewUnit] = field(default_factory=list)

    @classmethod
    def from_region(cls, data: dict) -> "RegionUnits":
        names: dict[str, str] = {}
        ids: set[str] = set()
        for unit in data.get("units") or []:
            if not isinstance(unit, dict) or "id" not in unit:
                continue
            ids.add(str(unit["id"]))
            for name in [unit.get("name"), *(unit.get("aliases") or [])]:
                if name:
                    names[str(name)] = str(unit["id"])
        return cls(names, ids)

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.names)

    def resolve(self, name: str, line: int) -> tuple[str, Optional[NewUnit]]:
        """The name to write (as the plan says it) and the new unit made for it, if it is new."""
        if name in self.names:
            return name, None
        slug = pinyin_slug(name)  # "story" is its fallback for a name without letters (“１２３４５”)
        base = (slug[:40].strip("-") if slug != "story" else "") or "unit"
        unit_id, n = base, 2
        while unit_id in self.ids:
            unit_id, n = f"{base}-{n}", n + 1
        unit = NewUnit(unit_id, name, line)
        self.ids.add(unit_id)
        self.names[name] = unit_id
        self.new.append(unit)
        return name, unit


def region_text_with(text: str, units: list[NewUnit], source: str,
                     place: Callable[[int], str] = lambda line: f"原文第 {line} 行") -> Optional[str]:
    """The region file's text with the new units appended to its `units:` list, comments kept;
    None when the list's place or indentation cannot be told safely."""
    if not units:
        return text
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"units:\s*(#.*)?$", line)), None)
    if start is None:
        if any(re.match(r"units:", line) for line in lines):
            return None  # units: [] or another inline form
        indent, insert_at, head = "  ", len(lines), ["units:"]
        while insert_at and not lines[insert_at - 1].strip():
            insert_at -= 1
    else:
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
        items = [re.match(r"(\s*)- ", lines[i]) for i in range(start + 1, end)]
        indents = {m.group(1) for m in items if m}
        if len(indents) > 1:
            return None
        indent = indents.pop() if indents else "  "
        insert_at = end
        while insert_at > start + 1 and not lines[insert_at - 1].strip():
            insert_at -= 1
        head = []
    block = head + [f"{indent}# 待核对：以下 {len(units)} 个单位由 portal import 从 {source} 新增。请核对名称，"
                    f"补充全称（full_name）；若与已有单位相同，请删去并把这个写法加入那个单位的 aliases。"]
    for unit in units:
        block += [f"{indent}- id: {quote(unit.id)}  # 待核对：新单位（{place(unit.line)}）",
                  f"{indent}  name: {quote(unit.name)}"]
    return "\n".join(lines[:insert_at] + block + lines[insert_at:])


def quote(text: str) -> str:
    from generator.tools.importer.draft import scalar
    return scalar(text)
