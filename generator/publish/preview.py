"""`portal serve`: regenerate what a save changed, and keep search current without making the
editor wait for it.

mkdocs serve watches content/ and rebuilds dirty: only pages whose Markdown is newer than their
HTML.  Before that rebuild the changed outputs are rendered (build.generate, which renders only
outputs whose sources changed since the last generation).  A mistake is printed and the last
good pages stay up.  Pagefind re-indexes the whole site (it has no incremental mode): it runs in
the background after each rebuild, so the edited page is served at once and search catches up.

The last check's result is kept (`check_status`): the form editor (/admin/, preview_admin.py)
shows the editor whether a save passed.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from generator.errors import ValidationFailed
from generator.project import resolve_today
from generator.publish.search_index import index_site

log = logging.getLogger("mkdocs.portal")
_search = {"thread": None, "again": False}
_lock = threading.Lock()
_checked = {"serial": 0, "report": None}  # report: the last check's mistakes, None when it passed
cms = True  # `portal serve --no-cms` turns the form editor off


def check_status() -> dict:
    with _lock:
        return {"serial": _checked["serial"], "ok": _checked["report"] is None, "report": _checked["report"] or ""}


def _record(report) -> None:
    with _lock:
        _checked["serial"] += 1
        _checked["report"] = report


def regenerate(root: Path) -> None:
    from generator.build import generate  # build imports this module's package

    try:
        stats = generate(root, resolve_today(), drafts=True)
    except ValidationFailed as failed:
        # Printed, not logged: in strict mode a logged error would abort the rebuild and
        # leave the preview stuck; the editor should see the message and the last good pages.
        print(f"内容有错误，预览仍显示上一次成功生成的页面：\n{failed.report()}", file=sys.stderr, flush=True)
        _record("\n".join(issue.format() for issue in failed.issues))
        return
    _record(None)
    if stats.written or stats.removed:
        log.info("已重新生成 %d 个页面，删除 %d 个", stats.written, stats.removed)


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
