"""Permalinks: redirect pages for moved URLs, and the URLs a build publishes.

The URLs go into the committed manifest ``published-urls.txt`` (publish/manifest.py): a
later build that would drop one of them — a story renamed without ``aliases``, an activity
id changed without a ``redirects`` entry — is refused, so links in newspapers and WeChat
posts keep working.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass

from generator.errors import Issue
from generator.plan.outputs import PAGE, REDIRECT, Origin, Plan
from generator.source.load import SITE_FILE
from generator.plan.urls import page_dir, page_url
from generator.gate import csp
from generator.model.nodes import Site



@dataclass(frozen=True)
class Move:
    old: str  # URL path that moved, e.g. exemplars/old-slug/
    new: str  # docs path of the page it moved to
    origin: Origin
    source: str  # the file that declares it


def redirects(site: Site, pages: dict[str, str]) -> tuple[list[Move], list[Issue]]:
    """Moved URLs, from story aliases and campaigns.yaml ``redirects``, and the rules' mistakes.

    ``pages`` maps each planned page's URL path to its docs path.  Story aliases were checked
    against their folder when the site was built; the site-wide rules can name any page, so
    they are checked here against the plan.
    """
    moves: dict[str, Move] = {}
    for story in [*site.exemplars, *site.news]:
        for index, alias in story.aliases:
            old = f"{story.folder}/{alias}/"
            origin = Origin(story.record.doc, ("aliases", index), f"旧网址（aliases）“{alias}”")
            moves[old] = Move(old, story.path, origin, story.source)
            # its poster moved with it (printed posters carry the story's own URL, but a link to the poster may be out)
            poster = f"posters/{story.folder}/{alias}/"
            moves[poster] = Move(poster, story.poster_path, origin, story.source)
    issues = []
    for index, rule in enumerate(site.redirects):
        if rule.new not in pages:
            issues.append(site.source.issue(("redirects", index, "new"),
                                            f"新网址 {rule.new} 不是本站的页面，请检查拼写（以 / 结尾）。"))
        elif rule.old in pages or rule.old in moves:
            issues.append(site.source.issue(("redirects", index, "old"),
                                            f"旧网址 {rule.old} 仍是本站的页面或已登记过跳转，不能再跳转到别处。"))
        else:
            moves[rule.old] = Move(rule.old, pages[rule.new],
                                   Origin(site.source, ("redirects", index, "old"), f"跳转的旧网址 {rule.old}"),
                                   SITE_FILE)
    return sorted(moves.values(), key=lambda move: move.old), issues


def redirect_page(site: Site, move: Move) -> str:
    target_dir = page_dir(move.new)
    target = posixpath.relpath(target_dir or ".", move.old.rstrip("/") or ".") + "/"
    absolute = html.escape(page_url(site, move.new), quote=True)
    relative = html.escape(target, quote=True)
    script = html.escape(posixpath.relpath(".", move.old.rstrip("/") or ".") + "/assets/javascripts/portal-redirect.js")
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
{csp.meta_tag(csp.policy(site.settings))}
<meta name="robots" content="noindex">
<title>页面已迁移</title>
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={relative}">
<script src="{script}"></script>
</head>
<body>
<p>本页已迁移到 <a href="{relative}">新网址</a>。</p>
</body>
</html>
"""


def published_urls(plan: Plan) -> set[str]:
    """Site-absolute URL paths of pages, plus the redirect pages that keep old URLs alive
    (the only HTML the generator writes itself)."""
    return ({"/" + page_dir(o.path) for o in plan if o.kind == PAGE}
            | {"/" + o.path.removesuffix("index.html") for o in plan if o.kind == REDIRECT})
