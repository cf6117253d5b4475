"""Permalinks: redirect pages for moved URLs, and the set of URLs a build publishes.

Every page URL a build publishes is recorded in ``published-urls.txt`` (see
publish/manifest.py).  A later build that would drop one of them — a story renamed
without ``aliases``, an activity id changed without a ``redirects`` entry — fails before
anything is written, so links in newspapers and WeChat posts keep working.
"""

from __future__ import annotations

import html
import posixpath

from generator.errors import ValidationFailed
from generator.plan.urls import page_dir, page_url
from generator.model.site import Site
from generator.gate.outputs import Outputs


def redirects(site: Site, outputs: Outputs) -> dict[str, str]:
    """Old URL path → new docs path, from story aliases and campaigns.yaml ``redirects``.

    Story aliases were checked against their folder when the site was built; the
    site-wide rules can name any page, so they are checked here against the pages
    that were actually rendered.
    """
    moved = {}
    for story in [*site.exemplars, *site.news]:
        for alias in story.model.aliases:
            moved[f"{story.folder}/{alias}/"] = story.path
    pages = {page_dir(path): path for path, _ in outputs.items() if path.endswith(".md")}
    issues = []
    for index, rule in enumerate(site.redirects):
        if rule.new not in pages:
            issues.append(site.source.issue(("redirects", index, "new"),
                                            f"新网址 {rule.new} 不是本站的页面，请检查拼写（以 / 结尾）。"))
        elif rule.old in pages or rule.old in moved:
            issues.append(site.source.issue(("redirects", index, "old"),
                                            f"旧网址 {rule.old} 仍是本站的页面或已登记过跳转，不能再跳转到别处。"))
        else:
            moved[rule.old] = pages[rule.new]
    if issues:
        raise ValidationFailed(issues)
    return moved


def _redirect_page(site: Site, old: str, new_docs_path: str) -> str:
    target_dir = page_dir(new_docs_path)
    relative = posixpath.relpath(target_dir or ".", old.rstrip("/") or ".") + "/"
    absolute = html.escape(page_url(site, new_docs_path), quote=True)
    relative = html.escape(relative, quote=True)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>页面已迁移</title>
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={relative}">
<script>location.replace("{relative}" + location.hash)</script>
</head>
<body>
<p>本页已迁移到 <a href="{relative}">新网址</a>。</p>
</body>
</html>
"""


def render_redirects(site: Site, moved: dict[str, str], outputs: Outputs) -> None:
    for old, new in sorted(moved.items()):
        outputs.add(f"{old}index.html", _redirect_page(site, old, new))


def render_permalinks(site: Site, outputs: Outputs) -> None:
    render_redirects(site, redirects(site, outputs), outputs)


def published_urls(outputs: Outputs) -> set[str]:
    """Site-absolute URL paths of pages, plus the redirect pages that keep old URLs alive
    (the only HTML the generator writes itself)."""
    return ({"/" + page_dir(path) for path, _ in outputs.items() if path.endswith(".md")}
            | {"/" + path.removesuffix("index.html") for path, _ in outputs.items() if path.endswith("/index.html")})
