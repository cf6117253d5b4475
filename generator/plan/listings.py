"""What the site-wide list pages list: groupings, filters and counts over the whole site, computed
here so that their templates only iterate and print.  Per-node facts (a unit's activities by
campaign, a station's met items) are the nodes' own (model/nodes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from generator.model.grouping import grouped, sorted_by
from generator.model.nodes import ExemplarNode, RegionNode, Site, StationNode, current
from generator.render.ics import Feed
from generator.source.schema import STATION_KINDS, ExemplarKind

T = TypeVar("T")


@dataclass(frozen=True)
class Group(Generic[T]):
    label: str  # what the list calls the group: a district, a kind, a service (editors' text)
    items: list[T]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class RegionStations:
    region: RegionNode
    stations: list[StationNode]  # by name
    districts: list[Group[StationNode]] = field(default_factory=list)  # by district, each by name


def stations_by_region(site: Site) -> list[RegionStations]:
    """Regions by id; in each, the stations by name, and by district then name."""
    result = []
    for _, stations in grouped(site.stations, lambda s: s.region.id):
        districts = [Group(district, sorted_by(members, lambda s: s.name))
                     for district, members in grouped(stations, lambda s: s.model.district)]
        result.append(RegionStations(stations[0].region, sorted_by(stations, lambda s: s.name), districts))
    return result


def stations_by_kind(site: Site) -> list[Group[StationNode]]:
    """The station kinds in use, in the schema's order."""
    groups = [Group(kind, [s for s in site.stations if s.model.kind == kind]) for kind in STATION_KINDS]
    return [group for group in groups if group.items]


def stations_by_service(site: Site) -> list[Group[StationNode]]:
    services = sorted({service for s in site.stations for service in s.model.services})
    return [Group(service, [s for s in site.stations if service in s.model.services]) for service in services]


@dataclass(frozen=True)
class ExemplarLists:
    by_kind: list[Group[ExemplarNode]]  # every kind, in the schema's order, even when empty
    by_year: list[Group[ExemplarNode]]  # newest year first
    by_region: list[Group[ExemplarNode]]  # regions by id, labelled with their names


def exemplar_lists(site: Site) -> ExemplarLists:
    """The exemplars not yet archived, by kind, year and region."""
    shown = current(site.exemplars)
    return ExemplarLists(
        [Group(kind, [e for e in shown if e.model.kind == kind]) for kind in ExemplarKind.__args__],
        [Group(str(year), items) for year, items in grouped(shown, lambda e: e.model.year, reverse=True)],
        [Group(items[0].region.name, items) for _, items in grouped(shown, lambda e: e.region.id)],
    )


FEED_GROUPS = ("全部", "报送", "方案", "地区", "类别")


def feeds_by_group(feeds: list[Feed]) -> dict[str, list[Feed]]:
    """The subscribe page's sections, each with the calendars it offers in the plan's order."""
    return {group: [feed for feed in feeds if feed.group == group and feed.offered] for group in FEED_GROUPS}
