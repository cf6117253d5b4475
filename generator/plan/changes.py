"""The site-wide 更新记录 (changes/): the content's last commits — the day, the unit (model/audit.py)
and the records each one added, changed, moved or deleted, linked to their pages.

What a commit says about itself is not shown: its subject is written by editors for their
colleagues and may name people or carry internal notes, and the author is a person — the
public sees which unit changed which record, and when.  A record without a page in this build
(a draft, a story not out yet) is left out, so the list never announces what is not published;
a deleted record is named by its kind and file name, without a link — only if its page was
published (its URL is in published-urls.txt): a draft, a scheduled story or an imported plan
under review that was added and deleted again was never public, and its file name may name a
person.  A deleted story whose URL is no longer known (an explicit slug, a Chinese file name)
is left out too.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from generator.model.audit import Audit
from generator.model.nodes import Site
from generator.plan.outputs import HISTORY, TODAY
from generator.model.slugs import SLUG
from generator.plan.pages import Lists, Page
from generator.plan.urls import page_dir
from generator.publish.manifest import MANIFEST, load_manifest
from generator.source.load import SITE_FILE

PATH = "changes/index.md"
FEED = "feed-changes.xml"  # at the root, like the other feeds (render/feeds.py feed_path)
MAX_ITEMS = 20  # records listed for one commit; a bulk import says "等 N 项"
ACTIONS = {"A": "新增", "M": "修改", "D": "删除", "R": "修改", "T": "修改"}
FOLDERS = {"campaigns": "方案", "stations": "站点", "exemplars": "先进典型", "news": "动态", "regions": "地区"}


@dataclass(frozen=True)
class Record:
    kind: str  # 站点, 方案 …
    title: str
    path: Optional[str] = None  # its page (docs path); None: deleted, or a file without a page
    gone: bool = False  # deleted since: named by its file


@dataclass(frozen=True)
class Item:
    action: str  # 新增 / 修改 / 移动 / 删除
    record: Record

    @property
    def label(self) -> tuple[str, str]:
        """What the page and the feed print around the record's title: "修改站点", and "（已删除）"
        after a record deleted since (its own deletion says so already)."""
        gone = self.record.gone and self.record.path is None and self.action != "删除"
        return self.action + self.record.kind, "（已删除）" if gone else ""


@dataclass
class Entry:
    day: date
    unit: str
    commit: str  # its id (a hash, nothing personal): the feed entry's id
    items: list[Item] = field(default_factory=list)
    more: int = 0  # records of the commit not listed


def sources(site: Site) -> frozenset[str]:
    """Every record's file (titles, and whether a page exists), the day (stories come out), the history,
    the published URLs (whether a deleted record was ever public)."""
    lists = Lists.of(site)
    return (lists.campaigns | lists.regions | lists.stations | lists.exemplars | lists.news
            | {TODAY, HISTORY, MANIFEST})


def changes_page(site: Site, pages: list[Page], audit: Optional[Audit]) -> Page:
    planned = {page.path for page in pages}
    return Page(PATH, "changes.md.j2", lambda: context(site, planned, audit), sources=sources(site),
                title="更新记录")


def entries(site: Site, planned: set[str], audit: Optional[Audit]) -> Optional[list[Entry]]:
    """The recent commits that changed records, newest first; None without history."""
    if audit is None or not audit.history.available:
        return None
    records = _records(site, planned)
    published = set(load_manifest(site.root).urls)
    found = []
    for commit in audit.recent:
        entry = Entry(commit.day, audit.unit_of(commit.author), commit.sha)
        seen: set[str] = set()
        for change in commit.changes:
            item = _item(site, records, published, change.now, change.status, change.moved)
            if item is None or change.now in seen:
                continue
            seen.add(change.now)
            if len(entry.items) < MAX_ITEMS:
                entry.items.append(item)
            else:
                entry.more += 1
        if entry.items:
            found.append(entry)
    return found


def context(site: Site, planned: set[str], audit: Optional[Audit]) -> dict:
    found = entries(site, planned, audit)
    if found is None:
        return {"available": False, "days": [], "limit": 0, "feed": FEED}
    days: list[tuple[date, list[Entry]]] = []
    for entry in found:  # newest first: a day's commits stay together, in that order
        if days and days[-1][0] == entry.day:
            days[-1][1].append(entry)
        else:
            days.append((entry.day, [entry]))
    return {"available": True, "days": days, "limit": len(audit.recent), "feed": FEED}


def _records(site: Site, planned: set[str]) -> dict[str, Record]:
    """Project file → the record it is, linked when its page is in this build."""
    found = {SITE_FILE: Record("网站设置", "")}
    nodes = ([("方案", c.title, c) for c in site.campaigns] + [("站点", s.name, s) for s in site.stations]
             + [("先进典型", e.title, e) for e in site.exemplars] + [("动态", n.title, n) for n in site.news])
    for kind, title, node in nodes:
        found[node.source] = Record(kind, title, node.path if node.path in planned else None)
    for region in site.regions.values():
        found[region.source] = Record("地区", region.name,
                                      region.calendar_path if region.calendar_path in planned else None)
    return found


def _deleted_page(folder: str, stem: str) -> Optional[str]:
    """The docs path a deleted record's page had, as far as its file name tells (a story's URL
    comes from its file name only when that is a slug; otherwise it is not known)."""
    if folder in ("exemplars", "news"):
        return f"{folder}/{stem}.md" if SLUG.match(stem) else None
    return {"campaigns": f"campaigns/{stem}/index.md", "stations": f"stations/{stem}.md",
            "regions": f"calendar/regions/{stem}.md"}.get(folder)


def _item(site: Site, records: dict[str, Record], published: set[str], path: str, status: str,
          moved: bool) -> Optional[Item]:
    record = records.get(path)
    action = "移动" if moved else ACTIONS.get(status, "修改")
    if record is not None:
        if record.path is None and record.kind not in ("网站设置", "地区"):
            return None  # a draft or a story not out yet: not announced
        return Item(action, record)
    parts = path.split("/")
    kind = FOLDERS.get(parts[1]) if len(parts) > 2 and parts[0] == "content" else None
    if kind is None or (site.root / path).exists():
        return None  # photos and attachments are no records; a file that is no record of this build (a draft)
    stem = posixpath.splitext(parts[-1])[0]
    page = _deleted_page(parts[1], stem)
    if page is None or "/" + page_dir(page) not in published:
        return None  # never published: its file name is not for the public
    return Item(action, Record(kind, stem, gone=True))
