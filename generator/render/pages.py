"""Markdown pages: each planned page rendered with its Jinja2 template.

Links between pages are relative ``.md`` links so that ``mkdocs build --strict`` verifies
every one of them.  Plain text (titles, names) goes through the ``t`` filter; editors'
Markdown through ``fragments`` (the HTML gate's output, see render/fragments.py).
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any, Optional
from urllib.parse import quote

import jinja2
from functools import lru_cache

from generator.model import nodes, timing
from generator.model.audit import Audit
from generator.model.nodes import Site
from generator.plan.pages import Page
from generator.plan.urls import page_dir, page_url
from generator.render import feeds
from generator.render.fragments import Fragments

# Markdown's backslash escapes: inline syntax (emphasis, code, links, attribute lists) and the
# characters that start a heading, quote or table cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}>#|])")
_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")
# What starts a block at the beginning of a line: a list item, an admonition (!!!) or details
# block (???), a rule or setext underline.  Not all have a backslash escape; an entity has none
# of their meaning and shows the same character.
_BLOCK_START = re.compile(r"[-+=!?:~]|\d+[.)](?:\s|$)")


def md_text(value: Any) -> str:
    """Plain text (titles, names) as inline Markdown that shows exactly that text.

    One line: a line break would end a table row, heading or admonition and start a block.
    "&" becomes "&amp;" so that "&lt;" in a name shows as typed; "<" has no Markdown escape, so it
    becomes an entity and never opens a tag; the rest of Markdown's syntax is backslash-escaped."""
    if value is None:
        return ""
    text = _LINE_BREAK.sub(" ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("<", "&lt;")
    if _BLOCK_START.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def md_url(value: Any) -> str:
    """An absolute URL as a Markdown link destination: spaces, brackets, quotes and backticks
    percent-encoded, so that the site's URL setting cannot end the link or start markup."""
    return quote(str(value), safe="/:?#@!$&'*+,;=%~-._")


def environment(fragments: Fragments) -> jinja2.Environment:
    """The templates' environment for one build's editor texts (``fragments``); the compiled
    templates are kept for the process, so the preview does not compile them again on each save."""
    env = _environment()
    env.filters["markdown"] = fragments.block
    return env


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is Markdown; plain text goes through the `t` filter
    )
    env.filters["t"] = md_text  # plain text in Markdown
    env.filters["md_url"] = md_url  # an absolute URL as a Markdown link's destination
    # A JSON string is a valid YAML double-quoted scalar: safe for any title in front matter.
    env.filters["yaml_str"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["cn_date"] = lambda d: timing.cn_date(d) if d else ""
    env.filters["number"] = nodes.number_text
    return env




class PageRenderer:
    """Renders planned pages; one Jinja environment for the whole build."""

    def __init__(self, site: Site, fragments: Fragments, audit: Optional[Audit] = None):
        self.site = site
        self.env = environment(fragments)
        self.audit = audit  # source file → when and by which unit it last changed (model/audit.py)
        self.feeds = feeds.discovery(site)  # docs path → the feeds its <head> announces

    def render(self, page: Page) -> str:
        template = self.env.get_template(page.template)
        site = self.site

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
                               **page.make_context())
        assert text.startswith("---\n"), page.template  # every template opens with front matter
        search = page.search.front_matter() if page.search else ""
        text = ("---\n" + page.social.front_matter(page.path) + search + self._updated(page)
                + feeds.discovery_front_matter(self.feeds.get(page.path, [])) + text[4:])
        return re.sub(r"\n{3,}", "\n\n", text)

    def _updated(self, page: Page) -> str:
        """"最后更新" of a detail page: when and by which unit its source file last changed, in its
        own bytes (so a page whose source was committed again is a changed page, and is built again)."""
        stamp = self.audit.stamp(page.source) if self.audit is not None and page.source else None
        if stamp is None:
            return ""
        by = f"updated_by: {json.dumps(stamp.unit, ensure_ascii=False)}\n" if stamp.unit else ""
        return (f"updated: {json.dumps(timing.cn_date(stamp.day), ensure_ascii=False)}\n"
                f"updated_iso: {stamp.day.isoformat()}\n{by}")
