"""Which pages exist, what each is made from, and who chose its place.

A page is a template, a context (computed only when the page is rendered: calendar grids,
QR codes and charts cost time) and the project files it depends on.  Detail pages depend on
their record and the records they show; lists depend on everything of their kind.  Every
page also depends on campaigns.yaml (the site's settings, categories and standards).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from generator.model.calendar_grid import month_calendar
from generator.model.keydays import next_key_days
from generator.model.nodes import (ActivityNode, CampaignNode, MonthLink, RegionNode, Site, StationNode, StoryNode,
                                   UnitNode, archived, calendar_path, current, mailto_link, tel_link)
from generator.model.upcoming import upcoming
from generator.plan import listings
from generator.model.places import district_link_sources
from generator.plan.region_calendars import district_calendar, region_calendar
from generator.plan.outputs import TODAY, Origin
from generator.render import field_reference, search_meta, social
from generator.render.charts import bar_svg, status
from generator.render.feeds import feed_specs
from generator.render.ics import feeds
from generator.render.map_tiles import tiles_config
from generator.render.mapapps import navigation_links
from generator.render.posters import posters, qr_svg
from generator.render.search_meta import SearchMeta
from generator.render.social import Social
from generator.source.load import SITE_FILE

Context = dict[str, Any] | Callable[[], dict[str, Any]]


@dataclass
class Page:
    path: str  # docs-relative, e.g. campaigns/kunming-2018/index.md
    template: str
    context: Context = field(default_factory=dict)
    social: Social = field(default_factory=Social)  # share card and JSON-LD
    search: Optional[SearchMeta] = None  # None: not in the search index
    sources: frozenset[str] = frozenset()  # project files the page shows (campaigns.yaml always)
    origin: Optional[Origin] = None  # the editor's choice that named this page, for a clash
    source: Optional[str] = None  # the file a detail page is made from: its "last updated"
    title: str = ""  # what the page is, in messages

    def __post_init__(self):
        self.sources = self.sources | {SITE_FILE}

    def make_context(self) -> dict[str, Any]:
        return self.context() if callable(self.context) else self.context


def files(*nodes) -> frozenset[str]:
    """The project files behind nodes: their own source, and a region's for their place and units."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, (list, tuple, set, frozenset)):
            found |= files(*node)
        elif isinstance(node, ActivityNode):
            found |= {node.campaign.source, node.campaign.region.source}
        elif isinstance(node, UnitNode):
            found.add(node.region.source)
        elif isinstance(node, (CampaignNode, StationNode)):
            found |= {node.source, node.region.source}
        elif isinstance(node, StoryNode):
            found |= {node.source, TODAY}  # whether it is out, current or archived depends on the day
            if node.region is not None:
                found.add(node.region.source)
            found |= {f"content/{photo.path}" for photo in node.photos}
        elif isinstance(node, RegionNode):
            found.add(node.source)
        elif node is not None:
            raise TypeError(node)
    return frozenset(found)


@dataclass(frozen=True)
class Lists:
    """What the site-wide lists are made from, by kind: a new station does not touch the calendar."""

    campaigns: frozenset[str]  # every campaign file, and the regions of their units
    regions: frozenset[str]
    stations: frozenset[str]
    exemplars: frozenset[str]  # stories, and the campaigns they belong to (their names are shown)
    news: frozenset[str]

    @classmethod
    def of(cls, site: Site) -> "Lists":
        return cls(files(site.campaigns), files(list(site.regions.values())), files(site.stations),
                   files(site.exemplars, [e.campaign for e in site.exemplars]) | {TODAY},
                   files(site.news, [n.campaign for n in site.news]) | {TODAY})


def plan_pages(site: Site) -> list[Page]:
    today = site.today
    campaigns_by_date = sorted(site.campaigns, key=lambda c: (c.start, c.id), reverse=True)
    years = sorted({y for c in site.campaigns for y in range(c.start.year, c.end.year + 1)}, reverse=True)
    running = [c for c in campaigns_by_date if c.is_running(today)]
    lists = Lists.of(site)

    def home():
        coming = upcoming(site.public_activities, today, 8)
        return {
            "running": running,
            # with no plan running, what goes on anyway: standing services and the stations
            "standing": [] if running else listings.standing_services(site),
            "stations_by_region": [] if running else listings.stations_by_region(site),
            "latest": campaigns_by_date[:3],
            "years": [(y, [c for c in campaigns_by_date if c.start.year <= y <= c.end.year]) for y in years],
            "upcoming": coming,
            "key_days": [] if coming else next_key_days(today, 3),  # what is coming when no plan dates it
            "themes_now": [m for c in running if (m := c.themed_month(today.year, today.month))],
        }

    pages = [
        Page("index.md", "home.md.j2", home, social.home(site), sources=lists.campaigns | lists.stations | {TODAY},
             title="首页"),
        Page("join/index.md", "join.md.j2", {"platforms": site.platforms}, title="我要当志愿者",
             sources=frozenset(f"content/{p.qr_path}" for p in site.platforms if p.qr_path)),
        Page("campaigns/index.md", "campaigns.md.j2", {
            "by_year": [(y, [c for c in campaigns_by_date if c.start.year == y]) for y in
                        sorted({c.start.year for c in site.campaigns}, reverse=True)],
        }, sources=lists.campaigns, title="活动方案目录"),
        Page("units/index.md", "units.md.j2", {}, sources=lists.campaigns | lists.regions, title="责任单位目录"),
        Page("stations/index.md", "stations.md.j2", lambda: {
            "by_region": listings.stations_by_region(site),
            "by_kind": listings.stations_by_kind(site),
            "by_service": listings.stations_by_service(site),
        }, sources=lists.stations, title="志愿服务站目录"),
        Page("exemplars/index.md", "exemplars.md.j2", lambda: {"lists": listings.exemplar_lists(site)},
             sources=lists.exemplars, title="先进典型目录"),
        Page("exemplars/archive.md", "archive.md.j2", {"stories": archived(site.exemplars), "heading": "先进典型归档",
                                                       "index": "exemplars/index.md", "back": "先进典型"},
             sources=lists.exemplars, title="先进典型归档"),
    ]
    for campaign in site.campaigns:
        origin = Origin(campaign.doc, (), f"方案文件名“{campaign.id}”")
        shown = files(campaign, campaign.stations, campaign.exemplars)
        pages.append(Page(campaign.path, "campaign.md.j2", lambda campaign=campaign: {
            "campaign": campaign,
            "upcoming": upcoming(campaign.public_activities, today, 5),
        }, social.campaign(site, campaign), search_meta.for_campaign(campaign), shown | {TODAY}, origin,
            campaign.source))
        months = campaign.month_list()
        for index, month in enumerate(months):
            pages.append(Page(month.path, "month.md.j2", lambda campaign=campaign, months=months, index=index, month=month: {
                "campaign": campaign,
                "month": month,
                "previous": months[index - 1] if index else None,
                "next": months[index + 1] if index + 1 < len(months) else None,
                "cal": month_calendar(month.year, month.month, campaign.public_activities, today),
            }, sources=files(campaign) | {TODAY}, origin=origin, source=campaign.source))
        for activity in campaign.activities:
            pages.append(Page(activity.path, "activity.md.j2", {"activity": activity}, social.activity(site, activity),
                              search_meta.for_activity(activity),
                              files(activity, activity.stations, activity.exemplars),
                              Origin(campaign.doc, ("activities", activity.index, "id"),
                                     f"活动 id“{activity.id}”"), campaign.source))
        if campaign.targets:
            pages.append(Page(campaign.targets_path, "targets.md.j2", lambda campaign=campaign: _targets(campaign),
                              sources=files(campaign), origin=origin, source=campaign.source))
    pages.extend(_calendar_pages(site, lists))
    for unit in site.units:
        shown = files(unit, [a.campaign for a in unit.leads + unit.responsible], [c for c, _ in unit.campaign_roles])
        pages.append(Page(unit.path, "unit.md.j2", {"unit": unit}, social.unit(site, unit), search_meta.for_unit(unit),
                          shown, Origin(unit.region.doc, ("units", unit.index, "id"), f"单位 id“{unit.id}”"), unit.region.source))
    tiles = tiles_config(site)
    for station in site.stations:
        location = station.model.location
        shown = files(station, station.campaigns, [a.campaign for a in station.activities], station.exemplars,
                      district_link_sources(station))
        pages.append(Page(station.path, "station.md.j2", {
            "station": station, "tiles": tiles,
            "navigation": navigation_links(station.name, station.model.address, location.lat, location.lon),
        }, social.station(site, station), search_meta.for_station(station), shown,
            Origin(station.doc, (), f"站点文件名“{station.id}”"), station.source))
    pages.append(Page("stations/map.md", "stations_map.md.j2", lambda: {
        "tiles": tiles, "by_region": listings.stations_by_region(site)}, sources=lists.stations, title="站点地图"))
    pages.append(Page("data/index.md", "data.md.j2", {}, title="开放数据说明"))
    pages.append(Page(field_reference.PAGE, "help_fields.md.j2", {"sections": field_reference.sections()},
                      title="字段说明页"))  # made from the schema: code, not project files
    for exemplar in site.exemplars:
        shown = files(exemplar, exemplar.campaign, exemplar.activities, exemplar.stations)
        pages.append(Page(exemplar.path, "exemplar.md.j2", {"exemplar": exemplar}, social.story(site, exemplar),
                          search_meta.for_story(exemplar), shown | {TODAY}, _story_origin(exemplar),
                          exemplar.source))
    pages.append(Page("search/index.md", "search.md.j2", {}, sources=lists.campaigns | lists.regions, title="搜索页"))
    pages.append(Page("publicity/index.md", "publicity.md.j2", {
        "by_start": sorted(site.campaigns, key=lambda c: c.start, reverse=True),
        "themed": [c for c in site.campaigns if c.themes],
    }, sources=lists.campaigns | lists.stations, title="宣传页"))
    for poster in posters(site):
        pages.append(Page(poster.path, "poster.md.j2", lambda poster=poster: {
            "poster": poster, "qr": qr_svg(poster.target), "signup_qr": qr_svg(poster.signup) if poster.signup else ""},
                          sources=files(poster.node), origin=Origin(poster.node.doc, (), f"{poster.node.doc.display} 的海报")))
    pages.append(Page("news/index.md", "news.md.j2", {"posts": current(site.news)}, sources=lists.news, title="动态目录"))
    pages.append(Page("news/archive.md", "archive.md.j2", {"stories": archived(site.news), "heading": "动态归档",
                                                           "index": "news/index.md", "back": "动态"},
                      sources=lists.news, title="动态归档"))
    for post in site.news:
        pages.append(Page(post.path, "news_post.md.j2", {"post": post}, social.story(site, post),
                          search_meta.for_story(post), files(post, post.campaign) | {TODAY}, _story_origin(post),
                          post.source))
    specs = feed_specs(site)
    pages.append(Page("feeds/index.md", "feeds.md.j2", {"groups": listings.feeds_page(specs),
                                                             "changes_feed": changes_feed()},
                      sources=lists.regions, title="订阅页"))
    return pages


def changes_feed() -> str:
    from generator.plan import changes  # it plans its page from these pages' list

    return changes.FEED


def with_kit(stories: list[StoryNode], planned: dict) -> list[StoryNode]:
    """The stories that have a press kit: those whose own page this build publishes (``planned``:
    the plan's outputs by path; a page whose URL clashed is another's).  The press page lists
    these and the plan makes their zips: no dead link, no kit for a page that is not there."""
    def own_page(story: StoryNode) -> bool:
        page = planned.get(story.path)
        return page is not None and page.origin is not None and page.origin.doc is story.record.doc
    return [story for story in stories if own_page(story)]


def press_page(site: Site, planned) -> Page:
    """The press page; ``planned`` is read when it is rendered, once the plan is complete."""
    lists = Lists.of(site)
    return Page("press/index.md", "press.md.j2", lambda: _press(site, planned), sources=lists.exemplars | lists.news,
                title="新闻中心")


def _press(site: Site, planned) -> dict:
    """The press page: the media contact of the settings, and every published story with its kit."""
    press = site.settings.press
    groups = [{"heading": heading, "stories": stories}
              for heading, stories in (("先进典型", with_kit(site.exemplars, planned)),
                                       ("动态", with_kit(site.news, planned))) if stories]
    return {"press": press, "phone_link": tel_link(press.phone) if press and press.phone else "",
            "email_link": mailto_link(press.email) if press and press.email else "", "groups": groups}


def _story_origin(story: StoryNode) -> Origin:
    field_name = "slug" if story.model.slug else "title"
    return Origin(story.record.doc, (field_name,), f"文章网址“{story.id}”")


def _targets(campaign: CampaignNode) -> dict:
    items = [status(target) for target in campaign.targets]
    return {"campaign": campaign, "items": items,
            "reported": [item for item in items if item.latest],
            "has_sample": any(item.target.progress and item.target.progress[0].sample for item in items),
            "charts": {item.target.id: bar_svg(item, f"chart-{item.target.id}") for item in items}}


def calendar_months(site: Site) -> list[tuple[int, int]]:
    """Every month of every year a campaign touches: the site-wide calendar's range (not the years
    between two campaigns, which may be decades apart)."""
    years = sorted({year for c in site.campaigns for year in range(c.start.year, c.end.year + 1)})
    return [(year, month) for year in years for month in range(1, 13)]


def _calendar_pages(site: Site, lists: Lists) -> list[Page]:
    """The site-wide months, each place's calendar, the index and the subscribe page: what citizens
    see as a calendar holds public activities only (month_calendar and upcoming see to it)."""
    today = site.today
    sources = lists.campaigns | {TODAY}
    months = calendar_months(site)
    activities = site.public_activities
    places = site.places
    pages = []
    for index, (year, month) in enumerate(months):
        def context(index=index, year=year, month=month):
            running = [c for c in site.campaigns if (year, month) in c.months()]
            return {
                "month": MonthLink(year, month),
                "cal": month_calendar(year, month, activities, today),
                "campaigns": running,
                "themes": [m for c in running if (m := c.themed_month(year, month))],
                "previous": MonthLink(*months[index - 1]) if index else None,
                "next": MonthLink(*months[index + 1]) if index + 1 < len(months) else None,
            }
        pages.append(Page(calendar_path(year, month), "calendar.md.j2", context, sources=sources,
                          title=f"{year}年{month}月日历"))
    for region in places:
        shown = [a.stations for a in region.public_activities]
        pages.append(Page(region.calendar_path, "region_calendar.md.j2",
                          lambda region=region: {"place": region_calendar(region, today)},
                          sources=files(region, region.calendar_campaigns, region.districts, region.city, shown,
                                        [d.sources for d in region.district_calendars]) | {TODAY},
                          origin=Origin(region.doc, (), f"地区文件名“{region.id}”"), title=f"{region.name}日历"))
        for district in region.district_calendars:
            pages.append(Page(district.calendar_path, "district_calendar.md.j2",
                              lambda district=district: {"place": district_calendar(district, today)},
                              sources=files(district.sources) | {TODAY},
                              origin=Origin(district.stations[0].doc, ("district",), f"区县“{district.name}”"),
                              title=f"{district.title}日历"))

    def index_context():
        counts = {(year, month): sum(1 for day in month_calendar(year, month, activities, today).days
                                     for _ in day.activities) for year, month in months}
        current = (today.year, today.month)
        latest = (max(m for m in months if m <= current) if months[0] <= current else months[0]) if months else None
        return {
            "current": MonthLink(*current) if current in counts else None,
            "latest": MonthLink(*latest) if latest else None,
            "years": [(year, [(MonthLink(year, month), counts[(year, month)]) for month in range(1, 13)])
                      for year in sorted({y for y, _ in months}, reverse=True)],
            "places": places,
        }
    # every region has a calendar, and every district its stations name: those files name them
    places_sources = sources | files(places) | lists.stations
    pages.append(Page("calendar/index.md", "calendar_index.md.j2", index_context, sources=places_sources,
                      title="日历目录"))
    pages.append(Page("calendar/subscribe.md", "subscribe.md.j2", {"feeds": listings.feeds_by_group([feed for feed, _ in feeds(site)])},
                      sources=places_sources, title="日历订阅页"))
    return pages
