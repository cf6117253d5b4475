"""Who owns a record or a path, by the settings of one snapshot (see the package doc for the rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from generator.owners.records import Facts, editors_of, facts_of, place_of
from generator.owners.snapshot import SITE_FILE, Snapshot

# Files any owner may add to (new photos and attachments; new published URLs): what uses them is
# a record, checked on its own.  Changing or deleting what is there needs the portal's editors.
SHARED_FOLDERS = ("content/images/", "content/attachments/")
MANIFEST = "published-urls.txt"


def unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


@dataclass
class Rules:
    editors: tuple[str, ...]
    regions: dict[str, Facts] = field(default_factory=dict)  # region id → its region file's facts

    @classmethod
    def of(cls, snapshot: Snapshot) -> "Rules":
        paths = [path for path in snapshot.ids if (place := place_of(path)) is not None and place.kind == "regions"]
        snapshot.preload([SITE_FILE, *paths])
        regions = {}
        for path in sorted(paths):
            facts = facts_of(path, snapshot.read(path))
            regions.setdefault(facts.id, facts)
        return cls(editors_of(snapshot.read(SITE_FILE)), regions)

    def region_label(self, region: str | None) -> str:
        if region is None:
            return "未写所属地区（region）的内容"
        facts = self.regions.get(region)
        return f"{facts.label}（{region}）" if facts is not None else f"地区 {region}（还没有登记，没有地区编辑）"

    def region_owners(self, region: str | None) -> tuple[str, ...]:
        facts = self.regions.get(region) if region is not None else None
        return facts.owners if facts is not None else ()

    def unit_owners(self, facts: Facts) -> tuple[str, ...]:
        """Owners of the units a record names (operator, hosts, leads) in its own region's file."""
        region = self.regions.get(facts.region) if facts.region is not None else None
        if region is None or facts.kind == "regions":
            return ()
        return tuple(owner for unit in region.unit_list if unit.names & set(facts.units) for owner in unit.owners)

    def record_owners(self, facts: Facts) -> tuple[str, ...]:
        """Everyone who may change ``facts``' record: editors, its region's owners, its units' owners."""
        return unique((*self.editors, *self.region_owners(facts.region), *self.unit_owners(facts)))

    def all_owners(self) -> tuple[str, ...]:
        """Everyone who owns something: who may add photos, attachments and published URLs."""
        return unique((*self.editors, *(owner for facts in self.regions.values()
                                        for owner in (*facts.owners, *(o for u in facts.unit_list for o in u.owners)))))


class Identity:
    """NAME and the groups given with --groups, matched literally (case-insensitively, as git hosts
    compare names): group membership is known to the git host only, not to an offline check."""

    def __init__(self, name: str, groups: Iterable[str] = ()):
        self.name = name
        self.names = {n.strip().lstrip("@").casefold() for n in (name, *groups) if n.strip()}

    def may(self, owners: Iterable[str]) -> bool:
        return any(owner.casefold() in self.names for owner in owners)
