"""`portal serve`: regenerate what a save changed, show the editor what is wrong with it, and keep
search current without making the editor wait for it.

mkdocs serve watches content/ and rebuilds dirty: only pages whose Markdown is newer than their
HTML.  Before that rebuild the changed outputs are rendered (build.generate, which renders only
outputs whose sources changed since the last generation).  A save with errors changes no page:
the errors are printed, and written to ``portal-preview.json`` in the served site, which
portal-preview.js (added to every page of the preview) reads to list them over the page, every
``file:line: field: message`` in Chinese, until a save fixes them and the page reloads — so the
editor never looks at an out-of-date page without being told.  Pagefind re-indexes the whole
site (it has no incremental mode): it runs in the background after each rebuild, so the edited
page is served at once and search catches up.

Each check's result is also kept (last_check.py): the form editor at /admin/ shows whether a save passed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.errors import Issue, ValidationFailed
from generator.project import resolve_today
from generator.publish import last_check, safe_fs
from generator.publish.search_index import index_site

log = logging.getLogger("mkdocs.portal")
_search = {"thread": None, "again": False}
_lock = threading.Lock()
cms = True  # `portal serve --no-cms` turns the form editor off

STATUS_FILE = "portal-preview.json"  # beside the served site's index.html; read by portal-preview.js
SCRIPT = "assets/javascripts/portal-preview.js"
STYLESHEET = "assets/stylesheets/portal-preview.css"
ASSETS = (SCRIPT, STYLESHEET)
# What the last generation found: a save with errors writes no page.
_status: dict = {"generation": 0, "issues": []}


def regenerate(root: Path) -> None:
    from generator.build import generate  # build imports this module's package

    started = time.time()
    _status["generation"] += 1
    try:
        stats = generate(root, resolve_today(), drafts=True)
    except ValidationFailed as failed:
        # Printed, not logged: in strict mode a logged error would abort the rebuild and
        # leave the preview stuck; the browser lists them too (write_status).
        _status["issues"] = list(failed.issues)
        lines = "\n".join(issue.format() for issue in failed.issues)
        print(f"内容有错误，预览没有更新（浏览器中的每个页面也列出了这些错误）：\n{lines}\n"
              f"共 {len(failed.issues)} 个错误。改正并保存后，预览会自动更新。", file=sys.stderr, flush=True)
        last_check.record(started, lines)
        return
    _status["issues"] = []
    last_check.record(started, None)
    if stats.written or stats.removed:
        log.info("已重新生成 %d 个页面，删除 %d 个", stats.written, stats.removed)


def status() -> dict:
    """What portal-preview.js shows: every error of the last generation, as the terminal has it."""
    issues: list[Issue] = _status["issues"]
    return {"generation": _status["generation"],
            "errors": [{"file": issue.file, "line": issue.line, "field": issue.field, "message": issue.message,
                        "text": issue.format()} for issue in issues]}


def write_status(site_dir: Path) -> None:
    """The status into the served site (mkdocs serve's own temporary dir), whole or not at all."""
    data = json.dumps(status(), ensure_ascii=False).encode("utf-8")
    handle, temporary = tempfile.mkstemp(dir=site_dir, prefix=".portal-preview-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, site_dir / STATUS_FILE)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def add_assets(config) -> None:
    """The error list's script and style, on every page of the preview (never of a build)."""
    from mkdocs.config.config_options import ExtraScript

    config.extra_javascript.append(ExtraScript().run_validation({"path": SCRIPT, "defer": True}))
    config.extra_css.append(STYLESHEET)


PLACEHOLDER = "# 预览还没有生成\n\n内容有错误，网站的页面还没有生成过：请按本页上方列出的提示修改并保存，改好后这里会显示网站。\n"


def placeholder_docs(docs: Path, nav_pages: list[str]) -> None:
    """A first preview whose content has errors has no pages to show: one page per entry of the
    navigation stands in, for the error list to appear over; the first generation replaces them."""
    if any(docs.iterdir()):
        return  # the last generation's pages: shown, with the errors over them
    for page in nav_pages:
        path = docs / page
        path.parent.mkdir(parents=True, exist_ok=True)
        safe_fs.replace_file(path, PLACEHOLDER.encode("utf-8"))


def index_in_background(site_dir: Path) -> None:
    """Run Pagefind after this rebuild; a rebuild during a run asks for one more run after it."""
    with _lock:
        if _search["thread"] is not None and _search["thread"].is_alive():
            _search["again"] = True
            return
        _search["thread"] = threading.Thread(target=_index, args=(site_dir,), daemon=True)
        _search["thread"].start()


def _index(site_dir: Path) -> None:
    while True:
        try:
            index_site(site_dir)
            log.info("搜索索引已更新")
        except Exception as exc:  # the preview goes on; search shows the previous index
            log.warning("搜索索引更新失败：%s", exc)
        with _lock:
            if not _search["again"]:
                _search["thread"] = None
                return
            _search["again"] = False
