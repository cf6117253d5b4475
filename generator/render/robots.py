"""robots.txt: everything may be crawled; the sitemap is where search engines find every page."""

from __future__ import annotations

from generator.model.nodes import Site


PATH = "robots.txt"


def robots_txt(site: Site) -> str:
    base = site.settings.url.rstrip("/") + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap-pages.xml\n"  # every page (publish/sitemap.py)
