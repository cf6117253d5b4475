"""Syndication feeds for news posts and exemplar stories: Atom (RFC 4287), RSS 2.0 and JSON Feed 1.1.

One feed of news, one of every exemplar story, one per exemplar kind (“四个100”) and one per
region.  Entry ids are the stories' permanent URLs, and every date comes from the content,
so feeds are byte-identical across builds and readers never see an item twice.  Each item
carries its lead photo as an enclosure (Atom link rel=enclosure, RSS <enclosure> and Media
RSS with the photo's credit): a raster photo as it is, an SVG one as the story's share card
(feed readers and WeChat show no SVG).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Callable, Optional
from zoneinfo import ZoneInfo

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from generator.gate.html import clean_fragment
from generator.model.nodes import ExemplarNode, RegionNode, Site, StoryNode, current
from generator.plan.urls import page_url
from generator.render import social
from generator.render.cards import card_size
from generator.render.fragments import Fragments
from generator.source.schema import ExemplarKind

TZ = ZoneInfo("Asia/Shanghai")
LIMIT = 50  # newest items per feed
MEDIA = "http://search.yahoo.com/mrss/"
# Stable ASCII names for the exemplar kinds: they are in the feeds' URLs.
KIND_NAMES = {"最美志愿者": "volunteers", "最佳志愿服务组织": "organisations", "最佳志愿服务项目": "projects",
              "最美志愿服务社区": "communities"}
assert set(KIND_NAMES) == set(ExemplarKind.__args__)
RASTER_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".webp": "image/webp"}
FORMATS = (("xml", "Atom"), ("rss", "RSS 2.0"), ("json", "JSON Feed"))
ATOM_TYPE = "application/atom+xml"


def feed_path(name: str, suffix: str) -> str:
    """Feeds live at the site root: Material's instant navigation fetches sitemap.xml next to
    every <link rel="alternate">, and only the root has one."""
    return f"feed-{name}.{suffix}"


@dataclass(frozen=True)
class FeedSpec:
    name: str  # news, stories, kind-volunteers, region-kunming: the file name after "feed-"
    title: str
    index: str  # docs path of the HTML list the feed mirrors (its rel=alternate, RSS channel link)
    group: str  # heading on the feeds page: 全站, 按类别, 按地区
    label: str  # the feed's own name on that page
    region: Optional[RegionNode] = None  # a region's feed: the region file names it

    def path(self, suffix: str) -> str:
        return feed_path(self.name, suffix)


def feed_specs(site: Site) -> list[tuple[FeedSpec, list[StoryNode]]]:
    """Every feed with its stories, newest first (the model's order)."""
    title = site.settings.title
    stories = current(site.exemplars)
    specs = [
        (FeedSpec("news", f"{title}：动态", "news/index.md", "全站", "动态"), current(site.news)),
        (FeedSpec("stories", f"{title}：先进典型", "exemplars/index.md", "全站", "全部先进典型"), stories),
    ]
    for kind, name in KIND_NAMES.items():
        specs.append((FeedSpec(f"kind-{name}", f"{title}：{kind}", "exemplars/index.md", "按类别", kind),
                      [s for s in stories if s.model.kind == kind]))
    for region in site.regions_by_id:
        # A city's feed holds its districts' stories too, as its calendar holds their plans.
        places = {region.id, *(d.id for d in region.districts)}
        specs.append((FeedSpec(f"region-{region.id}", f"{title}：{region.name}先进典型", "exemplars/index.md",
                               "按地区", region.name, region),
                      [s for s in stories if s.region is not None and s.region.id in places]))
    return specs


def discovery(site: Site) -> dict[str, list[FeedSpec]]:
    """Docs path → the feeds its <head> announces.  Few per page: Material fetches sitemap.xml once
    more for every <link rel="alternate"> (benchmarks/feed_discovery.py measures it)."""
    specs = {spec.name: spec for spec, _ in feed_specs(site)}
    site_wide = [specs["stories"], specs["news"]]
    links = {"index.md": site_wide, "feeds/index.md": site_wide, "exemplars/index.md": [specs["stories"]],
             "news/index.md": [specs["news"]]}
    for story in site.exemplars:
        links[story.path] = [specs["stories"], specs[f"kind-{KIND_NAMES[story.model.kind]}"]] + (
            [specs[f"region-{story.region.id}"]] if story.region is not None else [])
    for post in site.news:
        links[post.path] = [specs["news"]]
    return links


def discovery_front_matter(specs: list[FeedSpec]) -> str:
    """``feeds:`` for theme/main.html; JSON is YAML, and ASCII escapes keep any region name one line."""
    if not specs:
        return ""
    return "feeds: " + json.dumps([{"title": s.title, "href": s.path("xml"), "type": ATOM_TYPE} for s in specs]) + "\n"


@dataclass(frozen=True)
class Enclosure:
    """A story's lead image as feeds carry it: always a raster file of the site."""

    path: str  # docs path
    mime: str
    length: Callable[[], int]  # bytes, read when the feed is rendered
    alt: str
    credit: str


def lead_image(site: Site, story: StoryNode, planned: set[str], cache_dir: Path) -> Optional[Enclosure]:
    """The first photo if it is raster; an SVG photo's stand-in is the story's share card (a PNG
    drawn from the same content), when the plan has it."""
    if not story.photos:
        return None
    photo = story.photos[0]
    mime = RASTER_TYPES.get(Path(photo.path).suffix.lower())
    if mime is not None:
        source = site.images.get(photo.path)
        if source is None:  # a photo `check` refused: the story's error is reported elsewhere
            return None
        return Enclosure(photo.path, mime, lambda: source.stat().st_size, photo.model.alt, photo.model.credit)
    share = social.story(site, story)
    if share.card is None or share.card_path not in planned:
        return None
    card = share.card
    return Enclosure(share.card_path, "image/png", lambda: card_size(card, cache_dir), story.title,
                     site.settings.operator)


def _moment(story: StoryNode) -> datetime:
    return datetime.combine(story.model.date, time(), TZ)


def _html(site: Site, story: StoryNode, fragments: Fragments) -> str:
    """The story as feed readers show it: photos with credits, then the body as the gate let it out.
    Every URL in it is absolute on the site: RSS has no xml:base, and readers resolve a relative
    URL against the item's link, or the feed's, or not at all.  The body's URLs are relative to
    the story's page, where the page has them."""
    images = "".join(
        f'<p><img src="{_attr(page_url(site, photo.path))}" alt="{_attr(photo.model.alt)}"><br>'
        f"图片：{_text(photo.model.credit)}</p>" for photo in story.photos)
    return clean_fragment(images + fragments.html(story.body), base=page_url(site, story.path))


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _summary(story: StoryNode) -> str:
    if story.model.summary:
        return story.model.summary
    model = story.model
    return f"{model.kind}：{model.name}" if isinstance(story, ExemplarNode) else story.title


class _MediaFeed(BaseExtension):
    def extend_ns(self):
        return {"media": MEDIA}


class _MediaEntry(BaseEntryExtension):
    """Media RSS <media:content> with the photo's description and credit (feedgen's own media
    extension has no credit).  Text goes in as text: lxml escapes it."""

    def __init__(self):
        self.enclosure: Optional[tuple[str, Enclosure, int]] = None

    def _add(self, parent):
        if self.enclosure is None:
            return parent
        url, image, length = self.enclosure
        content = xml_elem(f"{{{MEDIA}}}content", parent, url=url, type=image.mime, fileSize=str(length),
                           medium="image")
        xml_elem(f"{{{MEDIA}}}description", content).text = image.alt
        xml_elem(f"{{{MEDIA}}}credit", content).text = image.credit
        return parent

    def extend_atom(self, entry):
        # feedgen 1.0 writes an entry's Atom links without rel, type or length: the enclosure is ours
        # (unqualified, like feedgen's own elements, which the root's default namespace makes Atom).
        if self.enclosure is not None:
            url, image, length = self.enclosure
            xml_elem("link", entry, rel="enclosure", href=url, type=image.mime,
                     length=str(length), title=image.alt)
        return self._add(entry)

    def extend_rss(self, item):
        return self._add(item)


class FeedRenderer:
    """Renders one feed in each format; enclosures by story (None: no raster lead image)."""

    def __init__(self, site: Site, fragments: Fragments, enclosures: dict[StoryNode, Optional[Enclosure]]):
        self.site = site
        self.fragments = fragments
        self.enclosures = enclosures
        self._html: dict[StoryNode, str] = {}  # a story is in several feeds, each in three formats

    def html(self, story: StoryNode) -> str:
        if story not in self._html:
            self._html[story] = _html(self.site, story, self.fragments)
        return self._html[story]

    def _generator(self, spec: FeedSpec, stories: list[StoryNode], rss: bool = False) -> FeedGenerator:
        """``rss``: RSS readers render <description> as HTML, so plain text goes in escaped
        (Atom says what its text is: summary and subtitle are plain text)."""
        site = self.site
        plain = _text if rss else str
        feed = FeedGenerator()
        feed.register_extension("media", _MediaFeed, _MediaEntry)
        home = page_url(site, spec.index)
        own = page_url(site, spec.path("rss" if rss else "xml"))
        feed.id(page_url(site, spec.path("xml")))  # the same id in both formats: one feed, two serialisations
        feed.title(spec.title)
        feed.description(plain(site.settings.description))
        feed.author({"name": site.settings.operator, "uri": site.settings.url})
        feed.language("zh-CN")
        # feedgen takes the RSS <channel><link> from the last link added: the HTML page goes last.
        feed.link(href=own, rel="self", type="application/rss+xml" if rss else ATOM_TYPE)
        feed.link(href=home, rel="alternate", type="text/html")
        latest = max((_moment(s) for s in stories), default=datetime(2000, 1, 1, tzinfo=TZ))
        feed.updated(latest)
        feed.lastBuildDate(latest)  # feedgen would otherwise stamp the clock
        for story in reversed(stories[:LIMIT]):  # oldest first: feedgen prepends
            entry = feed.add_entry()
            url = page_url(site, story.path)
            entry.id(url)
            entry.guid(url, permalink=True)
            entry.title(story.title)
            entry.link(href=url)  # rel=alternate, the default
            image = self.enclosures.get(story)
            if image is not None:
                length = image.length()
                image_url = page_url(site, image.path)
                if rss:  # Atom's enclosure link is the extension's (see _MediaEntry)
                    entry.enclosure(image_url, str(length), image.mime)
                entry.media.enclosure = (image_url, image, length)
            entry.published(_moment(story))
            entry.updated(_moment(story))
            entry.summary(plain(_summary(story)))
            entry.content(self.html(story), type="html")
            if story.model.author:
                entry.author({"name": story.model.author})
        return feed

    def atom(self, spec: FeedSpec, stories: list[StoryNode]) -> bytes:
        return self._generator(spec, stories).atom_str(pretty=True)

    def rss(self, spec: FeedSpec, stories: list[StoryNode]) -> bytes:
        return self._generator(spec, stories, rss=True).rss_str(pretty=True)

    def json_feed(self, spec: FeedSpec, stories: list[StoryNode]) -> str:
        site = self.site
        items = []
        for story in stories[:LIMIT]:
            item = {
                "id": page_url(site, story.path),
                "url": page_url(site, story.path),
                "title": story.title,
                "summary": _summary(story),
                "content_html": self.html(story),
                "date_published": _moment(story).isoformat(),
            }
            if story.model.author:
                item["authors"] = [{"name": story.model.author}]
            image = self.enclosures.get(story)
            if image is not None:
                item["image"] = page_url(site, image.path)
            items.append(item)
        return json.dumps({
            "version": "https://jsonfeed.org/version/1.1",
            "title": spec.title,
            "home_page_url": page_url(site, spec.index),
            "feed_url": page_url(site, spec.path("json")),
            "description": site.settings.description,
            "authors": [{"name": site.settings.operator, "url": site.settings.url}],
            "language": "zh-CN",
            "items": items,
        }, ensure_ascii=False, indent=1) + "\n"
