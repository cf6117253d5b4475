"""Where a generated file ends up on the web: one rule for every module that links or cites.

mkdocs serves pages with directory URLs (a/b.md → a/b/, a/index.md → a/); other files
keep their path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.gate import urls

if TYPE_CHECKING:
    from generator.model.nodes import Site


def page_dir(docs_path: str) -> str:
    """Site-relative URL path of a page: campaigns/x/index.md → campaigns/x/, index.md → ''."""
    path = docs_path.removesuffix(".md")
    return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"


def page_url(site: "Site", docs_path: str) -> str:
    """Public absolute URL of any generated file (pages get directory URLs)."""
    base = site.settings.url.rstrip("/") + "/"
    return base + (page_dir(docs_path) if docs_path.endswith(".md") else docs_path)


def site_host(site: "Site") -> str:
    """The portal's host name, for event UIDs and share cards."""
    return urls.host(site.settings.url) or "portal.invalid"
