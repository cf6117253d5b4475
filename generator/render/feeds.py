"""Syndication feeds for news posts and exemplar stories: Atom, RSS 2.0 and JSON Feed 1.1.

Entry ids are the stories' permanent URLs, and every date comes from the content,
so feeds are byte-identical across builds and readers never see an item twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from generator.plan.urls import page_url
from generator.model.nodes import Site
from generator.model.nodes import StoryNode, current
from generator.gate.html import clean_fragment
from generator.render.fragments import Fragments

TZ = ZoneInfo("Asia/Shanghai")
LIMIT = 50  # newest items per feed


def feed_path(name: str, suffix: str) -> str:
    """Feeds live at the site root: Material's instant navigation fetches sitemap.xml next to
    every <link rel="alternate">, and only the root has one."""
    return f"feed-{name}.{suffix}"


@dataclass(frozen=True)
class FeedSpec:
    name: str  # news / stories
    title: str
    index: str  # docs path of the HTML list the feed mirrors


def feed_specs(site: Site) -> list[tuple[FeedSpec, list[StoryNode]]]:
    return [
        (FeedSpec("news", f"{site.settings.title}：动态", "news/index.md"), current(site.news)),
        (FeedSpec("stories", f"{site.settings.title}：先进典型", "exemplars/index.md"), current(site.exemplars)),
    ]


def _moment(story: StoryNode) -> datetime:
    return datetime.combine(story.model.date, time(), TZ)


def _html(site: Site, story: StoryNode, fragments: Fragments) -> str:
    """The story as feed readers show it: photos with credits, then the body as the gate let it out."""
    images = "".join(
        f'<p><img src="{_attr(page_url(site, photo.path))}" alt="{_attr(photo.model.alt)}"><br>'
        f"图片：{_text(photo.model.credit)}</p>" for photo in story.photos)
    return clean_fragment(images + fragments.html(story.body))


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _summary(story: StoryNode) -> str:
    if story.model.summary:
        return story.model.summary
    model = story.model
    return f"{model.kind}：{model.name}" if hasattr(model, "kind") else story.title


def _generator(site: Site, spec: FeedSpec, stories: list[StoryNode], fragments: Fragments,
               rss: bool = False) -> FeedGenerator:
    """``rss``: RSS readers render <description> as HTML, so plain text goes in escaped
    (Atom says what its text is: summary and subtitle are plain text)."""
    plain = _text if rss else str
    feed = FeedGenerator()
    home = page_url(site, spec.index)
    feed.id(home)
    feed.title(spec.title)
    feed.description(plain(site.settings.description))
    feed.language("zh-CN")
    feed.link(href=home, rel="alternate")
    feed.link(href=page_url(site, feed_path(spec.name, "xml")), rel="self")
    latest = max((_moment(s) for s in stories), default=datetime(2000, 1, 1, tzinfo=TZ))
    feed.updated(latest)
    feed.lastBuildDate(latest)  # feedgen would otherwise stamp the clock
    for story in reversed(stories[:LIMIT]):  # oldest first: feedgen prepends
        entry = feed.add_entry()
        url = page_url(site, story.path)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(story.title)
        entry.link(href=url)
        entry.published(_moment(story))
        entry.updated(_moment(story))
        entry.summary(plain(_summary(story)))
        entry.content(_html(site, story, fragments), type="html")
        if story.model.author:
            entry.author({"name": story.model.author})
    return feed


def json_feed(site: Site, spec: FeedSpec, stories: list[StoryNode], fragments: Fragments) -> str:
    items = []
    for story in stories[:LIMIT]:
        item = {
            "id": page_url(site, story.path),
            "url": page_url(site, story.path),
            "title": story.title,
            "summary": _summary(story),
            "content_html": _html(site, story, fragments),
            "date_published": _moment(story).isoformat(),
        }
        if story.model.author:
            item["authors"] = [{"name": story.model.author}]
        if story.photos:
            item["image"] = page_url(site, story.photos[0].path)
        items.append(item)
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": spec.title,
        "home_page_url": page_url(site, spec.index),
        "feed_url": page_url(site, feed_path(spec.name, "json")),
        "description": site.settings.description,
        "language": "zh-CN",
        "items": items,
    }, ensure_ascii=False, indent=1) + "\n"


def atom(site: Site, spec: FeedSpec, stories: list[StoryNode], fragments: Fragments) -> bytes:
    return _generator(site, spec, stories, fragments).atom_str(pretty=True)


def rss(site: Site, spec: FeedSpec, stories: list[StoryNode], fragments: Fragments) -> bytes:
    return _generator(site, spec, stories, fragments, rss=True).rss_str(pretty=True)
