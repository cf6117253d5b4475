"""Running mkdocs: the build into a staging dir, and the preview server.

mkdocs stamps sitemaps with SOURCE_DATE_EPOCH: it is derived from the build's `today`, so two
builds of the same sources are byte-identical; the preview's hook reads PORTAL_TODAY.
"""

from __future__ import annotations

import logging
import os
import signal
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator

from generator.errors import BuildError
from generator.project import TODAY_ENV
from generator.publish.staging import quiet_dirty_warning

CONFIG_FILE = "mkdocs.yml"
TEMPLATES = Path(__file__).resolve().parents[1] / "render" / "templates"
CLOCK_ENV = (TODAY_ENV, "SOURCE_DATE_EPOCH")


def mkdocs_build(root: Path, site_dir: Path, strict: bool, dirty: bool = False) -> None:
    """HTML from the docs dir; the hooks (publish/mkdocs_hooks.py) gate every page and index search.

    ``dirty``: ``site_dir`` holds the previous site (linked_copy); mkdocs builds only the pages
    whose Markdown is newer than their HTML — exactly the changed ones."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    config = _mkdocs_config(root, site_dir=str(site_dir), strict=strict)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        with quiet_dirty_warning():
            build(config, dirty=dirty)
    except (Abort, MkDocsException) as exc:
        raise BuildError(f"mkdocs 构建失败：{exc}") from None


CLOCK_ENV = (TODAY_ENV, "SOURCE_DATE_EPOCH")


def _pin_clock(today: date) -> None:
    """mkdocs stamps sitemaps with SOURCE_DATE_EPOCH; derive it from `today` for identical builds.
    The hook reads PORTAL_TODAY when `serve` regenerates pages."""
    os.environ[TODAY_ENV] = today.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(today, time(), timezone.utc).timestamp()))


@contextmanager
def clock_pinned(today: date) -> Iterator[None]:
    """The pin for one build only: a caller that builds twice (tests, benchmarks) keeps its own."""
    saved = {key: os.environ.get(key) for key in CLOCK_ENV}
    _pin_clock(today)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _mkdocs_config(root: Path, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(root / CONFIG_FILE), **overrides)
    except ConfigurationError as exc:
        raise BuildError(f"{CONFIG_FILE} 配置有误：{exc}") from None


def nav_pages(root: Path) -> list[str]:
    """The Markdown pages mkdocs.yml's navigation names."""
    def pages(items) -> list[str]:
        found = []
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                found += pages(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append(value)
        return found
    return pages(_mkdocs_config(root).nav)


def serve_preview(root: Path, today: date, addr: str, cms: bool = True) -> None:
    """mkdocs' live-reload server, rebuilding dirty: only pages whose Markdown a save changed.

    SIGTERM ends it as Ctrl+C does, so its shutdown runs (the hooks stop decap-server)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.publish import preview

    _mkdocs_config(root)  # a missing or broken mkdocs.yml is a Chinese message, not mkdocs' traceback
    preview.cms = cms
    signal.signal(signal.SIGTERM, _interrupt)
    _pin_clock(today)
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # "Serving on …" and rebuild notes
    os.chdir(root)
    with quiet_dirty_warning():
        try:
            mkdocs_serve(config_file=str(root / CONFIG_FILE), dev_addr=addr, livereload=True, build_type="dirty",
                         watch=[str(root / "content"), str(root / "campaigns.yaml"), str(TEMPLATES)])
        except KeyboardInterrupt:  # before the server ran (it handles its own); the hooks shut down
            pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt
