"""What the site-wide list pages list: groupings, filters and counts over the whole site, computed
here so that their templates only iterate and print.  Per-node facts (a unit's activities by
campaign, a station's met items) are the nodes' own (model/nodes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from generator.model.grouping import grouped, sorted_by
from generator.model.places import pinyin_slug
from generator.model.nodes import ActivityNode, CampaignNode, ExemplarNode, RegionNode, Site, StationNode, current
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
class District(Group[StationNode]):
    anchor: str = ""  # the id of its heading on the station pages: links jump to it without JavaScript
    # How the district chooser (portal-stations.js) names it: d1, d2 … in list order.  Not the
    # anchor: what scripts read carries no text made from an editor's (test_template_escaping.py).
    key: str = ""


@dataclass(frozen=True)
class RegionStations:
    region: RegionNode
    stations: list[StationNode]  # by name
    districts: list[District] = field(default_factory=list)  # by district, each by name

    @property
    def count(self) -> int:  # the home page's station counts by region (lost when nearme met join)
        return len(self.stations)


def district_anchor(region_id: str, district: str, taken: set[str]) -> str:
    """portal-district-<region>-<pinyin>: readable and stable while the district keeps its name,
    within the page gate's 80 characters, numbered when two names read alike (城区 and 程区)."""
    base = "portal-district-" + (pinyin_slug(f"{region_id} {district}") or region_id[:56])
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor

    @property
    def count(self) -> int:
        return len(self.stations)


def stations_by_region(site: Site) -> list[RegionStations]:
    """Regions by id; in each, the stations by name, and by district then name."""
    result, taken = [], set()
    for region_id, stations in grouped(site.stations, lambda s: s.region.id):
        districts = []
        for district, members in grouped(stations, lambda s: s.model.district):
            anchor = district_anchor(region_id, district, taken)
            districts.append(District(district, sorted_by(members, lambda s: s.name), anchor, f"d{len(taken)}"))
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
class StandingServices:
    """A plan's standing services (常态化: every Saturday, at the stations), which go on after its period."""

    campaign: CampaignNode
    shown: list[ActivityNode]  # recurring ones first, then those at stations, then in the plan's order
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def standing_services(site: Site, per_campaign: int = 3) -> list[StandingServices]:
    """For each region, the standing services of its latest plan that has any, newest plan first.

    Standing: in a category marked ``standing: true``, or repeating by rule (每周六); public only (a
    work task for the units is nothing to go to)."""
    found = []
    for _, campaigns in grouped(site.campaigns, lambda c: c.region.id):
        for campaign in sorted(campaigns, key=lambda c: (c.start, c.id), reverse=True):
            items = [a for a in campaign.public_activities if a.category.standing or a.timing.kind == "recurring"]
            if items:
                items.sort(key=lambda a: (a.timing.kind != "recurring", not a.stations))  # stable: plan order
                found.append(StandingServices(campaign, items[:per_campaign], len(items)))
                break
    return sorted(found, key=lambda s: (s.campaign.start, s.campaign.id), reverse=True)


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


@dataclass(frozen=True)
class FeedLinks:
    label: str
    title: str
    atom: str  # docs paths
    rss: str
    json: str


def feeds_page(specs: list) -> list[Group[FeedLinks]]:
    """The feeds page's sections (全站, 按类别, 按地区), each feed in its three formats."""
    links = [(spec.group, FeedLinks(spec.label, spec.title, spec.path("xml"), spec.path("rss"), spec.path("json")))
             for spec, _ in specs]
    groups = list(dict.fromkeys(group for group, _ in links))
    return [Group(group, [link for g, link in links if g == group]) for group in groups]
