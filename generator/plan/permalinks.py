"""Permalinks: redirect pages for moved URLs, and the committed manifest of published URLs.

Every page URL a build publishes is recorded in ``published-urls.txt`` (commit it).
A later build that would drop one of them — a story renamed without ``aliases``, an
activity id changed without a ``redirects`` entry — fails before anything is written,
so links in newspapers and WeChat posts keep working.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError, Issue
from generator.plan.outputs import PAGE, REDIRECT, Origin, Plan
from generator.source.load import SITE_FILE
from generator.plan.urls import page_dir, page_url
from generator.model.nodes import Site

MANIFEST = "published-urls.txt"
HEADER = ("# 已发布的网址清单：portal build 会自动追加新网址，请随内容一起提交。\n"
          "# 清单里的网址如果在某次生成中消失（改名、删除而没有设置跳转），生成会失败，以免外部链接失效。\n")


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
            moves[old] = Move(old, story.path, Origin(story.record.doc, ("aliases", index), f"旧网址（aliases）“{alias}”"),
                              story.source)
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
    script_target = json.dumps(target).replace("<", "\\u003c")
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>页面已迁移</title>
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={relative}">
<script>location.replace({script_target} + location.hash)</script>
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


def read_manifest(root: Path) -> dict[str, int]:
    """Published URL → its line in the manifest."""
    path = root / MANIFEST
    if not path.is_file():
        return {}
    return {line.strip(): number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if line.strip() and not line.startswith("#")}


def check_manifest(root: Path, urls: set[str]) -> None:
    published = read_manifest(root)
    missing = sorted(set(published) - urls, key=published.get)
    if missing:
        lines = "\n".join(f"{MANIFEST}:{published[url]}: {url}: 已发布的网址将消失。" for url in missing)
        raise BuildError(
            f"{len(missing)} 个已发布的网址在本次生成中不存在，外部链接会失效：\n{lines}\n"
            "如果是先进典型或动态改了文件名或标题，请在新文件的 front matter 里写 slug: 旧网址名 固定网址，"
            "或写 aliases: [旧网址名] 让旧网址跳转；其他页面请在 campaigns.yaml 的 redirects 中登记"
            "（old: 旧路径/，new: 新路径/）。")


def write_manifest(root: Path, urls: set[str]) -> None:
    merged = set(read_manifest(root)) | urls
    text = HEADER + "".join(f"{url}\n" for url in sorted(merged))
    path = root / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        partial = path.with_name(path.name + ".tmp")  # a killed build must not leave half a manifest
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
