"""Render phase for the Markdown pages mkdocs turns into HTML.

``plan_pages`` decides which pages exist; ``render_pages`` renders each one with
its Jinja2 template.  Links between pages are relative ``.md`` links so that
``mkdocs build --strict`` verifies every one of them.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional

import jinja2

from generator.model import stories, timing
from generator.render import search_meta, social
from generator.render.cards import card_png
from generator.render.charts import bar_svg, status
from generator.render.search_meta import SearchMeta
from generator.render.social import Social, site_card
from generator.model.calendar_grid import month_calendar
from generator.render.feeds import feed_specs
from generator.render.ics import feeds
from generator.plan.urls import page_dir, page_url
from generator.model.keydays import KEY_DAYS
from generator.render.mapapps import navigation_links
from generator.render.map_tiles import tiles_config
from generator.source.schema import STATION_KINDS
from generator.render.posters import posters, qr_svg
from generator.model.site import ActivityNode, Site
from generator.gate.outputs import Outputs


@dataclass
class Page:
    path: str  # docs-relative, e.g. campaigns/kunming-2018/index.md
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    social: Social = field(default_factory=Social)  # share card and JSON-LD
    search: Optional[SearchMeta] = None  # None: not in the search index


_MD_SPECIAL = re.compile(r"([\\`*_\[\]>#|])")


def md_text(value: Any) -> str:
    """Escape plain text (titles, names) for inline Markdown.  "<" has no Markdown backslash
    escape, so it becomes an entity: it shows as "<" and never opens a tag."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("<", "&lt;") if value is not None else ""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is Markdown; plain text goes through the `t` filter
    )
    env.filters["t"] = md_text
    # A JSON string is a valid YAML double-quoted scalar: safe for any title in front matter.
    env.filters["yaml_str"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["cn_date"] = lambda d: timing.cn_date(d) if d else ""
    env.filters["number"] = _number
    env.globals["key_day_date"] = lambda name, year: KEY_DAYS[name].date_in(year)
    env.filters["current"] = stories.current
    env.filters["archived"] = stories.archived
    env.tests["contains"] = lambda sequence, value: value in sequence
    return env


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Upcoming:
    day: date
    activity: ActivityNode


def upcoming(activities: Iterable[ActivityNode], today: date, limit: int) -> list[Upcoming]:
    """The next ``limit`` things to go to from ``today``.

    Dated activities count by their next day; month-long ones only before they start
    (once under way they are on the month page); campaign-long items never, or they
    would crowd out everything with a precise date.
    """
    found = []
    for activity in activities:
        when = activity.timing
        if when.is_dated or (when.kind == "month" and when.first > today):
            day = when.next_on_or_after(today)
            if day is not None:
                found.append(Upcoming(day, activity))
    found.sort(key=lambda u: (u.day, not u.activity.timing.is_dated, u.activity.campaign.start,
                              u.activity.campaign.id, u.activity.id))
    return found[:limit]


def plan_pages(site: Site) -> list[Page]:
    today = site.today
    campaigns_by_date = sorted(site.campaigns, key=lambda c: (c.start, c.id), reverse=True)
    years = sorted({y for c in site.campaigns for y in range(c.start.year, c.end.year + 1)}, reverse=True)
    running = [c for c in campaigns_by_date if c.is_running(today)]
    pages = [
        Page("index.md", "home.md.j2", social=social.home(site), context={
            "running": running,
            "latest": campaigns_by_date[:3],
            "years": [(y, [c for c in campaigns_by_date if c.start.year <= y <= c.end.year]) for y in years],
            "upcoming": upcoming(site.activities, today, 8),
            "themes_now": [(c, c.theme_for(today.year, today.month)) for c in running
                           if c.theme_for(today.year, today.month)],
        }),
        Page("campaigns/index.md", "campaigns.md.j2", {
            "by_year": [(y, [c for c in campaigns_by_date if c.start.year == y]) for y in
                        sorted({c.start.year for c in site.campaigns}, reverse=True)],
        }),
        Page("units/index.md", "units.md.j2", {}),
        Page("stations/index.md", "stations.md.j2", {
            "kinds": [k for k in STATION_KINDS if any(s.model.kind == k for s in site.stations)],
            "services": sorted({service for s in site.stations for service in s.model.services}),
        }),
        Page("exemplars/index.md", "exemplars.md.j2", {}),
        Page("exemplars/archive.md", "archive.md.j2", {"stories": site.exemplars, "heading": "先进典型归档",
                                                       "index": "exemplars/index.md", "back": "先进典型"}),
    ]
    for campaign in site.campaigns:
        pages.append(Page(campaign.path, "campaign.md.j2", {
            "campaign": campaign,
            "upcoming": upcoming(campaign.activities, today, 5),
        }, social.campaign(site, campaign), search_meta.for_campaign(campaign)))
        months = campaign.months()
        for index, (year, month) in enumerate(months):
            pages.append(Page(campaign.month_path(year, month), "month.md.j2", {
                "campaign": campaign,
                "year": year,
                "month": month,
                "theme": campaign.theme_for(year, month),
                "previous": months[index - 1] if index else None,
                "next": months[index + 1] if index + 1 < len(months) else None,
                "cal": month_calendar(year, month, campaign.activities, today),
            }))
        for activity in campaign.activities:
            pages.append(Page(activity.path, "activity.md.j2", {"activity": activity}, social.activity(site, activity),
                              search_meta.for_activity(activity)))
        if campaign.targets:
            items = [status(target) for target in campaign.targets]
            pages.append(Page(campaign.targets_path, "targets.md.j2", {
                "campaign": campaign, "items": items,
                "charts": {item.target.id: bar_svg(item, f"chart-{item.target.id}") for item in items},
            }))
    pages.extend(_calendar_pages(site))
    for unit in site.units:
        pages.append(Page(unit.path, "unit.md.j2", {"unit": unit}, social.unit(site, unit), search_meta.for_unit(unit)))
    tiles = tiles_config(site)
    for station in site.stations:
        location = station.model.location
        pages.append(Page(station.path, "station.md.j2", {
            "station": station, "tiles": tiles,
            "navigation": navigation_links(station.name, station.model.address, location.lat, location.lon),
        }, social.station(site, station), search_meta.for_station(station)))
    pages.append(Page("stations/map.md", "stations_map.md.j2", {"tiles": tiles}))
    pages.append(Page("data/index.md", "data.md.j2", {}))
    for exemplar in site.exemplars:
        pages.append(Page(exemplar.path, "exemplar.md.j2", {"exemplar": exemplar}, social.story(site, exemplar),
                          search_meta.for_story(exemplar)))
    pages.append(Page("search/index.md", "search.md.j2", {}))
    pages.append(Page("publicity/index.md", "publicity.md.j2", {}))
    for poster in posters(site):
        pages.append(Page(poster.path, "poster.md.j2", {"poster": poster, "qr": qr_svg(poster.target)}))
    pages.append(Page("news/index.md", "news.md.j2", {}))
    pages.append(Page("news/archive.md", "archive.md.j2", {"stories": site.news, "heading": "动态归档",
                                                           "index": "news/index.md", "back": "动态"}))
    for post in site.news:
        pages.append(Page(post.path, "news_post.md.j2", {"post": post}, social.story(site, post),
                          search_meta.for_story(post)))
    pages.append(Page("feeds/index.md", "feeds.md.j2", {
        "feeds": [{"name": spec.name, "title": spec.title} for spec, _ in feed_specs(site)]}))
    return pages


def calendar_months(site: Site) -> list[tuple[int, int]]:
    """Every month of every year a campaign touches: the site-wide calendar's range."""
    years = range(min(c.start.year for c in site.campaigns), max(c.end.year for c in site.campaigns) + 1)
    return [(year, month) for year in years for month in range(1, 13)]


def _calendar_pages(site: Site) -> list[Page]:
    today = site.today
    months = calendar_months(site)
    activities = site.activities
    pages = []
    counts = {}
    for index, (year, month) in enumerate(months):
        cal = month_calendar(year, month, activities, today)
        counts[(year, month)] = sum(1 for day in cal.days for _ in day.activities)
        running = [c for c in site.campaigns if (year, month) in c.months()]
        pages.append(Page(f"calendar/{year}-{month:02d}.md", "calendar.md.j2", {
            "year": year,
            "month": month,
            "cal": cal,
            "campaigns": running,
            "themes": [(c, c.theme_for(year, month)) for c in running if c.theme_for(year, month)],
            "previous": months[index - 1] if index else None,
            "next": months[index + 1] if index + 1 < len(months) else None,
        }))
    current = (today.year, today.month)
    pages.append(Page("calendar/index.md", "calendar_index.md.j2", {
        "current": current if current in counts else None,
        "latest": max(m for m in months if m <= current) if months[0] <= current else months[0],
        "years": [(year, [(month, counts[(year, month)]) for month in range(1, 13)])
                  for year in sorted({y for y, _ in months}, reverse=True)],
    }))
    pages.append(Page("calendar/subscribe.md", "subscribe.md.j2", {"feeds": [feed for feed, _ in feeds(site)]}))
    return pages


def render_pages(site: Site, pages: list[Page], outputs: Outputs) -> None:
    env = _environment()
    for page in pages:
        template = env.get_template(page.template)

        def link(target: str, _from: str = page.path) -> str:
            """Relative link to a docs file, for Markdown (mkdocs checks and rewrites it)."""
            return posixpath.relpath(target, posixpath.dirname(_from) or ".")

        def href(target: str, _from: str = page.path) -> str:
            """Relative URL for raw HTML attributes, which mkdocs leaves alone."""
            target_url = page_dir(target) if target.endswith(".md") else target
            return posixpath.relpath(target_url or ".", page_dir(_from) or ".") + (
                "/" if target.endswith(".md") else "")

        text = template.render(site=site, page=page, link=link, href=href, url=lambda path: page_url(site, path),
                               webcal=lambda path: "webcal://" + page_url(site, path).split("://", 1)[1],
                               **page.context)
        assert text.startswith("---\n"), page.template  # every template opens with front matter
        search = page.search.front_matter() if page.search else ""
        source = page_source(page)
        origin = f"source_file: {json.dumps(source, ensure_ascii=False)}\n" if source else ""
        text = "---\n" + page.social.front_matter(page.path) + search + origin + text[4:]
        outputs.add(page.path, re.sub(r"\n{3,}", "\n\n", text))


def page_source(page: Page) -> Optional[str]:
    """The file a detail page is made from; the mkdocs hook shows when it last changed."""
    context = page.context
    for key in ("post", "exemplar"):
        if key in context:
            return context[key].source
    if "activity" in context:
        return context["activity"].campaign.source
    if "unit" in context:
        return context["unit"].region.source
    for key in ("station", "campaign"):
        if key in context:
            return context[key].source
    return None


SITE_CARD = "assets/cards/site.png"


def render_cards(site: Site, pages: list[Page], outputs: Outputs, cache_dir) -> None:
    """Share images: one per content page, the site's card for the rest."""
    outputs.add(SITE_CARD, card_png(site_card(site), cache_dir))
    for page in pages:
        if page.social.card is not None:
            outputs.add(page.social.card_path(page.path), card_png(page.social.card, cache_dir))
