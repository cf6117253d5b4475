"""Orchestration: load → validate → model → render → write, then mkdocs.

``generate`` writes the Markdown docs dir; ``build_site`` runs mkdocs into a
fresh directory and swaps it into place only when the whole build succeeded, so
a failed build never damages the published site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator, Optional

from generator.errors import BuildError
from generator.render.feeds import render_feeds
from generator.render.ics import render_calendars
from generator.plan.pages import plan_pages, render_cards, render_pages
from generator.plan.permalinks import published_urls, render_permalinks
from generator.publish.manifest import check_manifest, write_manifest
from generator.publish.paths import preflight, staging_prefix, state_paths
from generator.render.robots import render_robots
from generator.render.stations_csv import render_stations_csv
from generator.render.stations_geojson import render_stations_geojson
from generator.publish.swap import build_lock, remove_leftovers, swap_into_place
from generator.render.vendor import copy_vendor_files
from generator.project import TODAY_ENV, load_site
from generator.gate.outputs import Outputs, WriteStats

CONFIG_FILE = "mkdocs.yml"


def render(root: Path, today: date, drafts: bool = False, cache_dir: Optional[Path] = None) -> Outputs:
    """Every generated file, in memory.  Raises ValidationFailed on bad input.

    ``cache_dir`` keeps share images between builds (default: the project's .portal/cache).
    """
    site = load_site(root, today, drafts)
    outputs = Outputs()
    pages = plan_pages(site)
    render_pages(site, pages, outputs)
    render_cards(site, pages, outputs, cache_dir / "cards" if cache_dir else state_paths(root).cards_dir())
    render_calendars(site, outputs)
    render_feeds(site, outputs)
    render_stations_geojson(site, outputs)
    render_stations_csv(site, outputs)
    copy_vendor_files(outputs)
    for path, source in sorted({**site.attachments, **site.images}.items()):
        outputs.add(path, source.read_bytes())
    render_permalinks(site, outputs)
    render_robots(site, outputs)
    return outputs


def generate(root: Path, today: date, drafts: bool = False) -> WriteStats:
    """Validate and write the docs dir; nothing is written when validation fails."""
    outputs = render(root, today, drafts)
    return outputs.write(state_paths(root).docs_dir())


CLOCK_ENV = (TODAY_ENV, "SOURCE_DATE_EPOCH")


def _pin_clock(today: date) -> None:
    """mkdocs stamps sitemaps with SOURCE_DATE_EPOCH; derive it from `today` for identical builds.
    The hook reads PORTAL_TODAY when `serve` regenerates pages."""
    os.environ[TODAY_ENV] = today.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(today, time(), timezone.utc).timestamp()))


@contextmanager
def _clock_pinned(today: date) -> Iterator[None]:
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


def build_site(root: Path, today: date, site_dir: Optional[Path] = None, strict: bool = True) -> Path:
    """Generate and build the HTML site; the previous site stays intact on failure."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    paths = preflight(root, site_dir)  # before anything is written or followed
    root, target = paths.root, paths.site
    outputs = render(root, today)
    urls = published_urls(outputs)
    check_manifest(root, urls)  # before anything is written
    outputs.write(paths.docs_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target), _clock_pinned(today):
        remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
        try:
            config = _mkdocs_config(root, site_dir=str(staging), strict=strict)
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            try:
                build(config)
            except (Abort, MkDocsException) as exc:
                raise BuildError(f"mkdocs 构建失败：{exc}") from None
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
            swap_into_place(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        write_manifest(root, urls)
    return target


def serve(root: Path, today: date, addr: str) -> None:
    """Preview with live reload; the mkdocs hook regenerates when content changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = preflight(root).root
    generate(root, today, drafts=True)
    _pin_clock(today)
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # "Serving on …" and rebuild notes
    os.chdir(root)
    mkdocs_serve(
        config_file=str(root / CONFIG_FILE),
        dev_addr=addr,
        livereload=True,
        watch=[str(root / "content"), str(root / "campaigns.yaml"), str(root / "generator" / "render" / "templates")],
    )
