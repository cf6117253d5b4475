"""The plan: every output of a build, decided before anything is rendered or written.

An output is a path in the docs dir, a kind (which gate policy it passes), the project files
it is made from, and how to render it.  The plan is where two outputs claiming one place is
found — a station file named ``map.yaml`` and the station map, a story slug ``archive`` and
the archive page, a redirect onto a page, a file onto the theme's assets — and reported at
the file:line of the editor's choice that caused it, before anything is rendered.

mkdocs turns ``a/b.md`` into ``a/b/index.html`` and copies other files as they are; both the
docs path and that final site path must be unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from generator.errors import Issue
from generator.plan.urls import page_dir
from generator.source.yamlsource import Document

from generator.gate.kinds import (ATOM, ATTACHMENT, CARD, CSV, GEOJSON, ICS, JSON_FEED, KINDS, PAGE,  # noqa: F401
                                  PHOTO, REDIRECT, RSS, TEXT, VENDOR, ZIP)

# The build's own date: outputs that show what is on today, or which stories are out yet.
TODAY = "@today"
# The content's git history (model/audit.py): the site-wide 更新记录.
HISTORY = "@history"

# Site paths that belong to the theme, mkdocs, Pagefind or the publish phase, never to content.
RESERVED_FILES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"})
RESERVED_PREFIXES = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "pagefind/", "search/lexicon/")


@dataclass(frozen=True)
class Origin:
    """The editor's choice that put an output where it is: file:line for a clash."""

    doc: Document
    loc: tuple = ()
    what: str = ""  # how the editor's choice is named in a message, e.g. 站点文件名“map”

    def issue(self, message: str) -> Issue:
        return self.doc.issue(self.loc, message)


@dataclass(eq=False)
class Output:
    path: str  # docs-relative, as the generator writes it
    kind: str
    sources: frozenset[str]  # project-relative files (and TODAY) it is made from
    render: Callable[[], bytes | str]
    origin: Optional[Origin] = None
    title: str = ""  # what the output is, for messages (页面“站点地图”)
    # What `portal check` runs instead of render when rendering only produces pixels from what
    # this already validates (share images: the layout, not the PNG).
    check: Optional[Callable[[], object]] = None

    def __post_init__(self):
        assert self.kind in KINDS, self.kind

    @property
    def site_path(self) -> str:
        """Where the file ends up in the built site."""
        return page_dir(self.path) + "index.html" if self.kind == PAGE else self.path


@dataclass
class Plan:
    outputs: dict[str, Output] = field(default_factory=dict)  # by docs path
    issues: list[Issue] = field(default_factory=list)
    _site_paths: dict[str, Output] = field(default_factory=dict)
    _dirs: dict[str, Output] = field(default_factory=dict)  # site directory → an output inside it

    def add(self, output: Output) -> bool:
        """Claim the output's place; a clash or a reserved place is an issue, and the output is left out."""
        site_path = output.site_path
        parents = [site_path.rsplit("/", depth)[0] for depth in range(1, site_path.count("/") + 1)]
        # A file where another output needs a directory (calendar/all.ics and calendar/all.ics/index.html)
        # is a clash too: one of them could not be written.
        other = (self.outputs.get(output.path) or self._site_paths.get(site_path) or self._dirs.get(site_path)
                 or next((self._site_paths[p] for p in parents if p in self._site_paths), None))
        if other is not None:
            self._clash(output, other)
            return False
        if site_path.startswith(RESERVED_PREFIXES) or any(p in RESERVED_FILES for p in [site_path, *parents]):
            self._report(output, f"{_name(output)}（/{site_path}）会占用网站程序的网址（主题资源、站点地图或搜索索引）："
                                 "请换一个名称。")
            return False
        self.outputs[output.path] = output
        self._site_paths[site_path] = output
        for parent in parents:
            self._dirs.setdefault(parent, output)
        return True

    def _clash(self, output: Output, other: Output) -> None:
        # Report at the editor's choice; when both are editors', at the later one, naming the first.
        if output.origin is None and other.origin is not None:
            output, other = other, output
        where = f"（{other.origin.doc.display}）" if other.origin is not None else ""
        url = "/" + page_dir(output.path) if output.kind == PAGE else "/" + output.site_path
        self._report(output, f"{_name(output)}（{url}）与{_name(other)}{where}的网址冲突：请换一个名称。")

    def _report(self, output: Output, message: str) -> None:
        if output.origin is None:
            # Two of the generator's own outputs: a bug in the generator, not the editor's to fix.
            raise AssertionError(f"generator bug: {message}")
        self.issues.append(output.origin.issue(message))

    def __iter__(self) -> Iterator[Output]:
        return iter(self.outputs.values())

    def __len__(self) -> int:
        return len(self.outputs)

    def pages(self) -> dict[str, str]:
        """URL path (as page_dir gives it) → docs path of every page."""
        return {page_dir(o.path): o.path for o in self.outputs.values() if o.kind == PAGE}


def _name(output: Output) -> str:
    if output.origin is not None and output.origin.what:
        return output.origin.what
    return output.title or f"文件 {output.path} "
