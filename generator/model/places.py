"""Places: which regions lie in which, and so which campaigns each place's calendar holds.

A region file names a province, a city and, for a district-level region (梅列区), a district.
A city's calendar holds the campaigns of the city and of the district regions inside it, so a
citizen of the city misses nothing; a district's calendar holds its own and links to its city's.
"""

from __future__ import annotations

from generator.model.nodes import CampaignNode, RegionNode, place_key


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
