"""Permalinks: redirect pages for moved URLs, and the committed manifest of published URLs.

Every page URL a build publishes is recorded in ``published-urls.txt`` (commit it).
A later build that would drop one of them — a story renamed without ``aliases``, an
activity id changed without a ``redirects`` entry — fails before anything is written,
so links in newspapers and WeChat posts keep working.
"""

from __future__ import annotations

import html
import os
import posixpath
from pathlib import Path

from generator.errors import BuildError, ValidationFailed
from generator.plan.urls import page_dir, page_url
from generator.model.site import Site
from generator.gate.outputs import Outputs
from generator.gate import csp

MANIFEST = "published-urls.txt"
HEADER = ("# 已发布的网址清单：portal build 会自动追加新网址，请随内容一起提交。\n"
          "# 清单里的网址如果在某次生成中消失（改名、删除而没有设置跳转），生成会失败，以免外部链接失效。\n")


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
    script = html.escape(posixpath.relpath(".", old.rstrip("/") or ".") + "/assets/javascripts/portal-redirect.js")
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
