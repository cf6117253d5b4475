"""One rule for every reference an editor writes: a region, campaign, station, unit, category …

A reference that does not resolve is an issue at its own file:line, with the closest known
names and where the missing thing is defined.  A reference to a file that exists but failed
validation is not reported again: that file has reported its own errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, TypeVar

from generator.errors import Issue, suggest
from generator.source.load import Record, Sources

T = TypeVar("T")


@dataclass(frozen=True)
class Kind:
    noun: str  # what the editor named: 地区, 方案 …
    hint: str  # where it is defined, after the suggestion; {key} and {region} are filled in
    folder: Optional[str] = None  # content folder whose invalid files suppress a second error


REGION = Kind("地区", "：请先创建 content/regions/{key}.yaml。", "regions")
CAMPAIGN = Kind("方案", "。", "campaigns")
STATION = Kind("站点", "：站点文件应为 content/stations/{key}.yaml。", "stations")
UNIT = Kind("单位", "：请在 content/regions/{region}.yaml 的 units 中登记该单位（name 或 aliases），或检查拼写。")
CATEGORY = Kind("分类", "：分类在 campaigns.yaml 的 categories 中定义。")
STANDARD = Kind("标准", "：标准在 campaigns.yaml 的 standards 中定义。")
SECTION = Kind("板块", "：板块在本文件的 sections 中定义。")
ACTIVITY = Kind("活动", "。")


class Resolver:
    """Resolves references and collects the issues of the model phase."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self.issues: list[Issue] = []
        self.dropped: set[str] = set()  # "campaign/activity" refs of activities that reported errors

    def report(self, record: Record, loc: tuple, message: str) -> None:
        self.issues.append(record.doc.issue(loc, message))

    def broken(self, folder: str, key: str) -> bool:
        """True when the file exists but failed validation: it has reported its own errors."""
        return key in self.sources.present.get(folder, set())

    def find(self, record: Record, loc: tuple, kind: Kind, key: str, table: Mapping[str, T],
             **names: str) -> Optional[T]:
        """``table[key]``, or None with an issue at ``loc`` (unless the target reported its own)."""
        found = table.get(key)
        if found is None and not (kind.folder and self.broken(kind.folder, key)):
            self.report(record, loc, f"未知{kind.noun}“{key}”{suggest(key, table)}{kind.hint.format(key=key, **names)}")
        return found

    def find_all(self, record: Record, loc: tuple, kind: Kind, keys: Iterable[str], table: Mapping[str, T],
                 **names: str) -> list[T]:
        """Each key resolved (``loc + (index,)`` for the ones that do not), duplicates once, in order."""
        found: list[T] = []
        for index, key in enumerate(keys):
            node = self.find(record, loc + (index,), kind, key, table, **names)
            if node is not None and node not in found:
                found.append(node)
        return found

    def unique(self, record: Record, field_name: str, items, what: str) -> dict:
        """Items by id; a repeated id is reported at its second place."""
        result: dict = {}
        for index, item in enumerate(items):
            if item.id in result:
                self.report(record, (field_name, index, "id"), f"{what}“{item.id}”重复，每个 id 只能出现一次。")
            result[item.id] = item
        return result
