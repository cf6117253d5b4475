"""Thin mkdocs hook: site settings from campaigns.yaml, regeneration while serving, search index.

The generator runs as its own step before mkdocs (see build.py).  While
``portal serve`` is running, mkdocs rebuilds when content/ changes; this hook
regenerates the docs dir first so the rebuild sees the edit.  A validation
error during preview is printed and the previous pages stay up.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from markupsafe import escape

from generator.gate import html as sanitize
from generator.build import generate
from generator.errors import ValidationFailed
from generator.source.load import SITE_FILE, read_source
from generator.project import resolve_today
from generator.publish.revisions import last_changed
from generator.model.timing import cn_date
from generator.publish.search_index import index_site
from generator.source.yamlsource import SourceError, parse_yaml

log = logging.getLogger("mkdocs.portal")
_state = {"command": None, "changed": {}, "video_hosts": frozenset()}


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    """campaigns.yaml is the one place for the site's title, description and URL."""
    root = Path(config.config_file_path).parent
    path = root / SITE_FILE
    # Read as `check` reads it (size limit, BOM, encodings); a problem is check's to report.
    text = read_source(root, path, [])
    try:
        data = parse_yaml(text, path, SITE_FILE).data if text is not None else None
    except SourceError:
        return config
    settings = data.get("site") if isinstance(data, dict) else None
    if not isinstance(settings, dict):
        return config
    # Material prints these without escaping: markupsafe's Markup is escaped once, and only once.
    config.site_name = escape(settings.get("title", config.site_name))
    config.site_description = escape(settings.get("description", config.site_description) or "")
    config.site_url = settings.get("url", config.site_url)
    config.copyright = escape(settings.get("operator") or config.copyright or "")  # the footer, raw too
    hosts = settings.get("video_hosts")
    _state["video_hosts"] = frozenset(h for h in hosts if isinstance(h, str)) if isinstance(hosts, list) else frozenset()
    return config


def on_pre_build(config):
    root = Path(config.config_file_path).parent
    _state["changed"] = last_changed(root)
    if _state["command"] != "serve":
        return
    try:
        stats = generate(root, resolve_today(), drafts=True)
    except ValidationFailed as failed:
        # Printed, not logged: in strict mode a logged error would abort the rebuild and
        # leave the preview stuck; the editor should see the message and the last good pages.
        print(f"内容有错误，预览仍显示上一次成功生成的页面：\n{failed.report()}", file=sys.stderr, flush=True)
        return
    if stats.written or stats.removed:
        log.info("已重新生成 %d 个页面，删除 %d 个", stats.written, stats.removed)


def on_page_markdown(markdown, page, config, files):
    """"最后更新" from the git history of the page's source file (see revisions.py)."""
    changed = _state["changed"].get(page.meta.get("source_file", ""))
    if changed:
        page.meta["updated"] = cn_date(changed)
        page.meta["updated_iso"] = changed.isoformat()
    return markdown


def on_page_content(html, page, config, files):
    """Every page's HTML through the allow-list (sanitize.py), whatever its source."""
    return sanitize.clean_html(html, _state["video_hosts"])


def on_page_context(context, page, config, nav):
    """Material prints page titles and descriptions raw (header, <title>, <meta name=description>):
    text from an editor must reach its templates escaped, or "<img onerror=…>" in a title would run
    and a quote in a description would end its attribute."""
    page.meta["title"] = escape(page.title or "")
    for key in ("description", "author"):
        if key in page.meta:
            page.meta[key] = escape(page.meta[key])
    return context


def on_post_build(config):
    """Index the freshly built pages for search, in `portal build` and while serving."""
    index_site(Path(config.site_dir))
