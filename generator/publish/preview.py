"""`portal serve`: regenerate what a save changed, and keep search current without making the
editor wait for it.

mkdocs serve watches content/ and rebuilds dirty: only pages whose Markdown is newer than their
HTML.  Before that rebuild the changed outputs are rendered (build.generate, which renders only
outputs whose sources changed since the last generation).  A mistake is printed and the last
good pages stay up.  Pagefind re-indexes the whole site (it has no incremental mode): it runs in
the background after each rebuild, so the edited page is served at once and search catches up.

Each check's result is kept (last_check.py): the form editor at /admin/ shows whether a save passed.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from generator.errors import ValidationFailed
from generator.project import resolve_today
from generator.publish import last_check
from generator.publish.search_index import index_site

log = logging.getLogger("mkdocs.portal")
_search = {"thread": None, "again": False}
_lock = threading.Lock()
cms = True  # `portal serve --no-cms` turns the form editor off


def regenerate(root: Path) -> None:
    from generator.build import generate  # build imports this module's package

    started = time.time()
    try:
        stats = generate(root, resolve_today(), drafts=True)
    except ValidationFailed as failed:
        # Printed, not logged: in strict mode a logged error would abort the rebuild and
        # leave the preview stuck; the editor should see the message and the last good pages.
        print(f"内容有错误，预览仍显示上一次成功生成的页面：\n{failed.report()}", file=sys.stderr, flush=True)
        last_check.record(started, "\n".join(issue.format() for issue in failed.issues))
        return
    last_check.record(started, None)
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
