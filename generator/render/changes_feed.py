"""The 更新记录 as an Atom feed (feed-changes.xml): one entry per commit that changed records,
newest 50, for journalists and anyone who wants to be told what changed.

An entry is what the page shows — the day, the unit, the records with links — and nothing of
the commit but its hash, as the entry's id (stable, nothing personal).  Dates are the commits'
days, so the feed is byte-identical for one history.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Optional

from feedgen.feed import FeedGenerator

from generator.gate.html import clean_fragment
from generator.model.audit import Audit
from generator.model.nodes import Site
from generator.plan.changes import FEED, PATH, Entry, entries
from generator.plan.urls import page_url
from generator.render.feeds import TZ, _attr, _text


def _title(entry: Entry) -> str:
    first = entry.items[0]
    rest = len(entry.items) - 1 + entry.more
    lead, note = first.label
    what = f"{lead}{' ' + first.record.title if first.record.title else ''}{note}"
    return f"{entry.unit}：{what}" + (f" 等 {rest + 1} 项" if rest else "")


def _html(site: Site, entry: Entry) -> str:
    items = []
    for item in entry.items:
        what, note = item.label
        title = _text(item.record.title)
        if item.record.path:
            title = f'<a href="{_attr(page_url(site, item.record.path))}">{title}</a>'
        items.append(f"<li>{_text(what)} {title}{_text(note)}</li>")
    more = f"<p>等另外 {entry.more} 项。</p>" if entry.more else ""
    return clean_fragment(f"<p>{_text(entry.unit)}</p><ul>{''.join(items)}</ul>{more}")


def changes_atom(site: Site, planned: set[str], audit: Optional[Audit]) -> bytes:
    found = entries(site, planned, audit) or []
    home = page_url(site, PATH)
    feed = FeedGenerator()
    feed.id(home)
    feed.title(f"{site.settings.title}：更新记录")
    feed.subtitle("本站内容最近的修改：哪一天、哪个单位、改了哪些内容。")
    feed.language("zh-CN")
    feed.author({"name": site.settings.operator})
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=page_url(site, FEED), rel="self")
    moments = [datetime.combine(entry.day, time(), TZ) for entry in found]
    feed.updated(max(moments, default=datetime(2000, 1, 1, tzinfo=TZ)))
    for entry, moment in reversed(list(zip(found, moments))):  # oldest first: feedgen prepends
        item = feed.add_entry()
        item.id(f"{home}#{entry.commit}")
        item.title(_title(entry))
        item.summary(_title(entry))
        item.link(href=home, rel="alternate", type="text/html")
        item.updated(moment)
        item.content(_html(site, entry), type="html")
    return feed.atom_str(pretty=True)
