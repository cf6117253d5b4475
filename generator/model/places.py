"""Places: which regions lie in which, and so which campaigns each place's calendar holds.

A region file names a province, a city and, for a district-level region (梅列区), a district.
A city's calendar holds the campaigns of the city and of the district regions inside it, so a
citizen of the city misses nothing; a district's calendar holds its own and links to its city's.

Station files name a district too (晋宁区).  Each district a city's stations name gets a calendar
of its own (DistrictCalendar): the activities held at its stations, and the city's activities
tied to no station, which every resident can join.  A district with its own region file already
has a calendar (the region's), so it gets no second one; nor do the districts of a region that
is itself a district.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypinyin import lazy_pinyin
from slugify import slugify

from generator.model.grouping import grouped, sorted_by
from generator.model.nodes import ActivityNode, CampaignNode, RegionNode, StationNode, place_key


def lies_in(inner: RegionNode, outer: RegionNode) -> bool:
    """``inner`` is ``outer`` or inside it: the same city, and the same district if ``outer`` has one."""
    a, b = inner.model, outer.model
    return inner is outer or (a.province == b.province and a.city == b.city
                              and (b.district is None or a.district == b.district))


def link_places(regions: list[RegionNode], campaigns: list[CampaignNode]) -> None:
    """Fill each region's calendar campaigns (campaigns.yaml order), districts and city.

    Only regions of the same city are compared, so the work grows with the regions of a city."""
    order = {id(c): index for index, c in enumerate(campaigns)}
    own: dict[int, list[CampaignNode]] = {}
    for campaign in campaigns:
        own.setdefault(id(campaign.region), []).append(campaign)
    by_city: dict[tuple[str, str], list[RegionNode]] = {}
    for region in sorted(regions, key=place_key):
        by_city.setdefault((region.model.province, region.model.city), []).append(region)
    for same_city in by_city.values():
        for region in same_city:
            inside = [r for r in same_city if lies_in(r, region)]
            region.calendar_campaigns = sorted((c for r in inside for c in own.get(id(r), [])), key=lambda c: order[id(c)])
            region.districts = [r for r in inside if not lies_in(region, r)]
            region.city = next((r for r in same_city if lies_in(region, r) and not lies_in(r, region)), None)


def pinyin_slug(text: str, max_length: int = 56) -> str:
    """Chinese names as readable URL words: 晋宁区 → jin-ning-qu ("" when nothing is left)."""
    return slugify(" ".join(lazy_pinyin(text)), max_length=max_length, word_boundary=True)


@dataclass(eq=False)
class DistrictCalendar:
    """A district of a city named by the city's station files: the calendar of its residents."""

    region: RegionNode
    name: str
    slug: str
    stations: list[StationNode]  # the region's stations in the district, by name
    # The region's stations in other districts whose names read alike (城区, 程区): they decide
    # the slug's number, so what links the calendar depends on them too.
    namesakes: list[StationNode]

    @property
    def calendar_path(self) -> str:
        return f"calendar/regions/{self.region.id}/{self.slug}.md"

    @property
    def ics_path(self) -> str:
        return f"calendar/regions/{self.region.id}/{self.slug}.ics"

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.name}"

    @property
    def place(self) -> str:
        return f"{self.region.place} · {self.name}"

    @property
    def at_stations(self) -> list[ActivityNode]:
        """Public activities held at one of the district's stations (in the city's plans or its districts')."""
        here = {id(s) for s in self.stations}
        return [a for a in self.region.public_activities if any(id(s) in here for s in a.stations)]

    @property
    def citywide(self) -> list[ActivityNode]:
        """The city's own public activities tied to no station: any resident can join them.  An
        activity tied only to other districts' stations is in neither list."""
        return [a for c in self.region.calendar_campaigns if c.region is self.region
                for a in c.public_activities if not a.stations]

    @property
    def public_activities(self) -> list[ActivityNode]:
        """Both lists, in the plans' order: what the feed and the month grids hold."""
        chosen = {id(a) for a in self.at_stations} | {id(a) for a in self.citywide}
        return [a for a in self.region.public_activities if id(a) in chosen]

    @property
    def sources(self) -> list:
        """The nodes whose files decide what it shows, its URL and whether it exists."""
        return [self.region, self.region.calendar_campaigns, self.region.districts, self.stations, self.namesakes]


def link_districts(stations: list[StationNode]) -> None:
    """Each city's district calendars (by district name), and each station's district calendar:
    its own, or the district region's when the district has a region file.  Call after
    link_places, with the activities' stations linked."""
    for _, members in grouped(stations, lambda s: s.region.id):
        region = members[0].region
        if region.model.district:  # the region is a district: its calendar is the district's
            continue
        own_region = {r.model.district: r for r in region.districts if r.model.district}
        named = [(name, group) for name, group in grouped(members, lambda s: s.model.district)
                 if name and name not in own_region]
        bases = {name: pinyin_slug(name) or "district" for name, _ in named}
        taken: set[str] = set()
        for name, group in named:
            slug, n = bases[name], 1
            while slug in taken:
                n += 1
                slug = f"{bases[name]}-{n}"
            taken.add(slug)
            namesakes = [s for s in members if s.model.district != name and bases.get(s.model.district) == bases[name]]
            district = DistrictCalendar(region, name, slug, sorted_by(group, lambda s: s.name), namesakes)
            region.district_calendars.append(district)
            for station in group:
                station.district_calendar = district
        for station in members:
            if station.model.district in own_region:
                station.district_calendar = own_region[station.model.district]


def district_link_sources(station: StationNode) -> list:
    """The nodes whose files decide which district calendar a station links, and at what URL."""
    district = station.district_calendar
    return [station.region.districts, district.namesakes if isinstance(district, DistrictCalendar) else []]
