"""One rule for every reference an editor writes: a region, campaign, station, unit, category …

A reference that does not resolve is an issue at its own file:line, with the closest known
names and where the missing thing is defined.  A reference to a file that exists but failed
validation is not reported again: that file has reported its own errors — nor is a reference
to a list item its file's errors left out (load.Record.withdrawn).
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
        records = [sources.site, *(record for folder in ("regions", "campaigns", "stations", "exemplars", "news")
                                   for record in getattr(sources, folder).values())]
        # ids, names and aliases of list items left out of files with errors: a reference to one
        # is that file's error, already reported
        self.withdrawn: set[str] = set().union(*(record.withdrawn for record in records if record is not None))
        # "campaign/activity" refs of activities that reported errors
        self.unknowable: set[Kind] = set()  # kinds defined in a file that has errors of its own
        self.dropped: set[str] = {f"{campaign_id}/{name}" for campaign_id, record in sources.campaigns.items()
                                  for name in record.withdrawn}

    def report(self, record: Record, loc: tuple, message: str) -> None:
        self.issues.append(record.doc.issue(loc, message))

    def broken(self, folder: str, key: str) -> bool:
        """True when the file exists but failed validation: it has reported its own errors."""
        return key in self.sources.present.get(folder, set())

    def find(self, record: Record, loc: tuple, kind: Kind, key: str, table: Mapping[str, T],
             **names: str) -> Optional[T]:
        """``table[key]``, or None with an issue at ``loc`` (unless the target reported its own)."""
        found = table.get(key)
        if found is None and not (kind.folder and self.broken(kind.folder, key)) and key not in self.withdrawn \
                and kind not in self.unknowable:
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
        """Items by id; a repeated id is reported at its second place, naming the first."""
        result: dict = {}
        first: dict = {}
        for index, item in enumerate(items):
            if item.id in result:
                self.report(record, (field_name, index, "id"),
                            f"{what}“{item.id}”重复（{first_place(record, (field_name, first[item.id], 'id'))}），"
                            "每个 id 只能出现一次：请删除重复的一项，或改用另一个 id。")
            else:
                first[item.id] = index
            result[item.id] = item
        return result


def first_place(record: Record, loc: tuple) -> str:
    """“第 12 行已有”: where the first of two equal ids or names is, in the same file."""
    return f"第 {record.doc.line_of(loc)} 行已有"
