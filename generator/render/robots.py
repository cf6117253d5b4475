"""robots.txt: everything may be crawled; the sitemap is where search engines find every page."""

from __future__ import annotations

from generator.model.nodes import Site
from generator.gate.outputs import Outputs


def render_robots(site: Site, outputs: Outputs) -> None:
    base = site.settings.url.rstrip("/") + "/"
    outputs.add("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode("utf-8"))
