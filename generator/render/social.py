"""Share metadata for each page: Open Graph type, share card, and schema.org JSON-LD.

The values go into the page's front matter; theme/main.html turns them into
<meta property="og:…">, Twitter card tags and a <script type="application/ld+json">.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional

from generator.gate.json import script_json
from generator.render.cards import Card
from generator.plan.urls import page_url, site_host
from generator.model.nodes import ActivityNode, CampaignNode, Site, StationNode, UnitNode
from generator.model.nodes import ExemplarNode, StoryNode

WEEKDAY_URIS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
                "SA": "Saturday", "SU": "Sunday"}
PERSON_KINDS = {"最美志愿者"}


@dataclass
class Social:
    og_type: str = "website"
    card: Optional[Card] = None  # None: the site's default card
    jsonld: dict = field(default_factory=dict)
    card_path: str = ""  # where the card is; pages that would draw the same card share one

    def front_matter(self, docs_path: str) -> str:
        lines = [f"og_type: {self.og_type}"]
        if self.card is not None:
            lines.append(f"card: {self.card_path}")
        if self.jsonld:
            text = script_json({"@context": "https://schema.org", **self.jsonld})  # printed inside <script>
            lines.append("jsonld: " + json.dumps(text, ensure_ascii=False))
        return "\n".join(lines) + "\n"


def site_card(site: Site) -> Card:
    return Card(site.settings.title, "学雷锋志愿服务", site.settings.description[:40], site.settings.title, site_host(site))


def _card(site: Site, kicker: str, title: str, subtitle: str) -> Card:
    return Card(title, kicker, subtitle, site.settings.title, site_host(site))


def _publisher(site: Site) -> dict:
    return {"@type": "Organization", "name": site.settings.operator, "url": site.settings.url}


def _org(unit: UnitNode) -> dict:
    return {"@type": "GovernmentOrganization", "name": unit.model.full_name or unit.name,
            "areaServed": unit.region.name}


def home(site: Site) -> Social:
    return Social("website", None, {"@type": "WebSite", "name": site.settings.title, "url": site.settings.url,
                                    "description": site.settings.description, "inLanguage": "zh-CN",
                                    "publisher": _publisher(site)})


def campaign(site: Site, node: CampaignNode) -> Social:
    model = node.model
    data = {"@type": "Event", "name": model.title, "url": page_url(site, node.path),
            "startDate": node.start.isoformat(), "endDate": node.end.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "AdministrativeArea", "name": node.region.place.replace(" · ", "")},
            "organizer": [_org(u) for u in (node.hosts or node.leads)] or {"@type": "GovernmentOrganization",
                                                                            "name": model.issuer},
            "description": model.slogan or model.title, "inLanguage": "zh-CN"}
    return Social("website", campaign_card(site, node), data, _card_path(node.path))


def campaign_card(site: Site, node: CampaignNode) -> Card:
    """The campaign's card, which its activities share: a share of an activity says which one in its
    title and description; drawing a card per activity cost more than the rest of its page."""
    model = node.model
    subtitle = f"{node.region.name} · {node.start.year}年" + (f"至{node.end.year}年" if node.end.year != node.start.year else "")
    return _card(site, model.kind, model.slogan or model.short_title, subtitle)


def _card_path(docs_path: str) -> str:
    return "assets/cards/" + docs_path.removesuffix(".md").removesuffix("/index") + ".png"


def activity(site: Site, node: ActivityNode) -> Social:
    model = node.model
    when = node.timing
    data = {"@type": "Event", "name": model.title, "url": page_url(site, node.path),
            "startDate": when.first.isoformat(), "endDate": when.last.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": [{"@type": "Place", "name": s.name, "address": s.model.address} for s in node.stations]
            or {"@type": "Place", "name": "、".join(model.venues) or node.campaign.region.name,
                "address": node.campaign.region.place.replace(" · ", "")},
            "organizer": [_org(u) for u in node.leads] or [_org(u) for u in node.campaign.hosts],
            "superEvent": {"@type": "Event", "name": node.campaign.model.title,
                           "url": page_url(site, node.campaign.path)},
            "inLanguage": "zh-CN"}
    if model.body:
        data["description"] = model.body.strip()[:300]
    if when.kind == "recurring":
        data["eventSchedule"] = _schedule(node)
    if model.scale and model.scale.people:
        data["maximumAttendeeCapacity"] = model.scale.people
    return Social("website", campaign_card(site, node.campaign), data, _card_path(node.campaign.path))


def _schedule(node: ActivityNode) -> dict:
    rule = dict(part.split("=", 1) for part in node.timing.when.rule.split(";") if "=" in part)
    schedule = {"@type": "Schedule", "startDate": node.timing.first.isoformat(),
                "endDate": node.timing.last.isoformat(), "scheduleTimezone": "Asia/Shanghai"}
    frequency = {"DAILY": "P1D", "WEEKLY": "P1W", "MONTHLY": "P1M", "YEARLY": "P1Y"}.get(rule.get("FREQ"))
    if frequency:
        schedule["repeatFrequency"] = frequency
    days = [f"https://schema.org/{WEEKDAY_URIS[d[-2:]]}" for d in rule.get("BYDAY", "").split(",") if d[-2:] in WEEKDAY_URIS]
    if days:
        schedule["byDay"] = days
    if node.timing.when.exdates:
        schedule["exceptDate"] = [d.isoformat() for d in node.timing.when.exdates]
    return schedule


def station(site: Site, node: StationNode) -> Social:
    model = node.model
    data = {"@type": "CivicStructure", "name": model.name, "url": page_url(site, node.path),
            "address": {"@type": "PostalAddress", "streetAddress": model.address, "addressRegion": node.region.model.province,
                        "addressLocality": node.region.model.city, "addressCountry": "CN"},
            "geo": {"@type": "GeoCoordinates", "latitude": model.location.lat, "longitude": model.location.lon}}
    if model.hours:
        data["openingHours"] = model.hours
    if model.contact and model.contact.phone:
        data["telephone"] = model.contact.phone
    # One card for a region's stations: the station's own name is the share's title.
    region = node.region
    return Social("place", _card(site, "学雷锋志愿服务站", f"{region.name}志愿服务站", region.place), data,
                  f"assets/cards/stations/{region.id}.png")


def unit(site: Site, node: UnitNode) -> Social:
    data = _org(node) | {"url": page_url(site, node.path)}
    if node.model.aliases:
        data["alternateName"] = node.model.aliases
    return Social("website", None, data)


def story(site: Site, node: StoryNode) -> Social:
    model = node.model
    data = {"@type": "NewsArticle", "headline": model.title[:110], "url": page_url(site, node.path),
            "mainEntityOfPage": page_url(site, node.path), "datePublished": model.date.isoformat(),
            "dateModified": model.date.isoformat(), "inLanguage": "zh-CN", "publisher": _publisher(site),
            "author": {"@type": "Organization" if not model.author else "Person", "name": model.author or site.settings.operator}}
    # Search engines and WeChat take raster images only: the photos that are, else the share card.
    data["image"] = [page_url(site, photo.path) for photo in node.raster_photos] or [
        page_url(site, _card_path(node.path))]
    data["description"] = node.description
    if isinstance(node, ExemplarNode):
        data["about"] = {"@type": "Person" if model.kind in PERSON_KINDS else "Organization", "name": model.name}
        if model.organisation:
            data["about"]["affiliation" if model.kind in PERSON_KINDS else "parentOrganization"] = {
                "@type": "Organization", "name": model.organisation}
        kicker, subtitle = model.kind, f"{node.region.name} · {model.year}年"
    else:
        kicker, subtitle = "动态", model.date.isoformat()
    return Social("article", _card(site, kicker, model.title, subtitle), data, _card_path(node.path))
