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
from pydantic import ValidationError

from generator.gate import html as sanitize
from generator.gate import urls
from generator.gate import csp
from generator.build import generate
from generator.errors import ValidationFailed
from generator.source.load import SITE_FILE, read_source
from generator.project import resolve_today
from generator.publish.search_index import index_site
from generator.source.schema import SiteSettings
from generator.source.yamlsource import SourceError, parse_yaml

log = logging.getLogger("mkdocs.portal")
_state = {"command": None, "video_hosts": frozenset(), "settings": None}


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    """campaigns.yaml is the one place for the site's title, description, URL and hosts."""
    config.extra["portal_csp"] = csp.policy(None)  # until the settings are known: no tiles, no frames
    _state["settings"] = None
    _state.pop("script_hashes", None)
    root = Path(config.config_file_path).parent
    path = root / SITE_FILE
    # Read as `check` reads it (size limit, BOM, encodings); a problem is check's to report.
    text = read_source(root, path, [])
    try:
        data = parse_yaml(text, path, SITE_FILE).data if text is not None else None
        settings = SiteSettings.model_validate(data.get("site") if isinstance(data, dict) else None)
    except (SourceError, ValidationError):
        return config  # `check` reports it; a preview keeps mkdocs.yml's values meanwhile
    # Material prints these into HTML without escaping (header, <title>, <meta>, the footer's
    # copyright): each is escaped here, once — markupsafe's Markup is never escaped again.
    config.site_name = escape(settings.title)
    config.site_description = escape(settings.description)
    config.copyright = escape(settings.operator)
    config.site_url = settings.url  # an https URL of plain characters (schema.py, gate/urls.py)
    # Material's head script embeds the site's root; by default as a path relative to each page,
    # which would give every depth of page another script hash (see csp.py).
    config.extra["scope"] = urls.path(settings.url)
    config.extra["portal_csp"] = csp.policy(settings)
    _state["settings"] = settings
    _state["video_hosts"] = frozenset(settings.video_hosts)
    return config


def on_pre_build(config):
    root = Path(config.config_file_path).parent
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


def on_page_content(html, page, config, files):
    """Every page's HTML through the allow-list (sanitize.py), whatever its source."""
    _escape_meta(page)
    return sanitize.clean_html(html, _state["video_hosts"])


# Front matter values that are data for our own templates, not text: printed as they are.
_DATA_META = frozenset({"jsonld"})


def _escape_meta(page) -> None:
    """Material prints page titles and front matter values raw (header, <title>, <meta
    description>): every text value reaches the templates escaped, once, as Markup.  Done
    here, when each page is read and before any template runs, because one page's template
    prints other pages' titles too."""
    page.meta["title"] = page.title or ""
    for key, value in page.meta.items():
        if isinstance(value, str) and key not in _DATA_META:
            page.meta[key] = escape(value)


def on_post_page(output, page, config):
    """The page's Content-Security-Policy gets the hashes of the theme's inline scripts."""
    return _with_script_hashes(output, page.content or "", page.file.src_uri)


def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):  # 404.html; sitemap.xml has no scripts
        return _with_script_hashes(output, "", template_name)
    return output


def _with_script_hashes(output: str, content: str, name: str) -> str:
    hashes = csp.theme_script_hashes(output, content)
    first = _state.setdefault("script_hashes", hashes)
    if hashes != first:
        # The theme writes the same scripts on every page, so the header policy in nginx.conf
        # fits them all; a difference means something outside the content wrote a script.
        log.error("%s：主题写入的内联脚本与其他页面不同（%s），请检查模板。", name,
                  " ".join(sorted(set(hashes) ^ set(first))))
    if _state["command"] == "serve":
        # The preview's live reload appends an inline script that differs on every request: the
        # local preview allows inline scripts (a hash would let no other inline script in).
        hashes = ["'unsafe-inline'"]
    page = csp.with_policy(output, csp.policy(_state["settings"], hashes))
    if page is None:
        log.error("%s：页面开头缺少 Content-Security-Policy（theme/main.html 的 site_meta），或它不在第一个脚本之前。",
                  name)
        return output
    return page


def on_post_build(config):
    """Index the freshly built pages for search, in `portal build` and while serving."""
    index_site(Path(config.site_dir))
