"""Every step of a build, in order.  `portal check` runs the steps up to the gate in memory;
`portal build` adds the disk: the docs dir, mkdocs into a staging dir, search, the swap.

    source   load_sources       find, read, parse and validate every project file
    model    build_model        resolve references, cross-record rules → Site
    render   render_fragments   editors' Markdown → HTML through the HTML gate
    plan     plan_site          every output: path, kind, sources; clashes are errors
    render   render_plan        every output rendered, each through its kind's gate
    publish  state_issues       the paths build writes, locks or keeps (no links), the URL manifest
             vanished_urls      a published URL this build would drop
    ---------------------------------------------------------- check stops here
    publish  write_docs         the docs dir (.portal/docs)
             mkdocs             HTML into a staging dir; every page through the HTML gate
             index_search       Pagefind and the query lexicon
             swap_into_place    staging ↔ site/, atomically; then the manifest

Every step reports what it finds and the next still runs on what is sound, so one run
lists every problem.  Nothing is written unless all steps up to the gate are clean.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator, Optional

from generator.errors import BuildError, Issue, ValidationFailed
from generator.gate.outputs import Outputs
from generator.model.nodes import Site
from generator.model.site import build_site as build_model
from generator.plan.outputs import Plan
from generator.plan.permalinks import published_urls
from generator.plan.site_plan import plan_site
from generator.project import TODAY_ENV
from generator.publish.docs import WriteStats, write_docs
from generator.publish.manifest import vanished_urls, write_manifest
from generator.publish.revisions import last_changed
from generator.publish.paths import StatePaths, staging_prefix, state_issues, state_paths
from generator.publish.swap import build_lock, remove_leftovers, swap_into_place
from generator.render.fragments import render_fragments
from generator.render.run import draw_cards, render_plan
from generator.source.load import load_sources

CONFIG_FILE = "mkdocs.yml"
TEMPLATES = Path(__file__).resolve().parent / "render" / "templates"


@dataclass
class Checked:
    site: Site
    plan: Plan
    outputs: Outputs
    paths: StatePaths
    urls: set[str]  # every URL this build publishes


def check(root: Path, today: date, drafts: bool = False, cards: bool = False,
          cache_dir: Optional[Path] = None, site_dir: Optional[Path] = None) -> Checked:
    """Everything `build` does before it touches the disk; ValidationFailed lists every problem.

    ``cards``: draw the share images (build); check only lays them out.
    """
    paths = state_paths(root, site_dir)
    issues = state_issues(paths)
    sources = load_sources(paths.root)
    site, model_issues = build_model(sources, today, drafts)
    issues += model_issues
    if site is None:
        raise ValidationFailed(issues)
    fragments = render_fragments(sources)
    plan = plan_site(site, fragments, cache_dir or paths.cards_dir(make=False), last_changed(paths.root))
    urls = published_urls(plan)
    issues += [*fragments.issues, *plan.issues]
    outputs = render_plan(plan, draw_cards=False, degraded=bool(issues))
    issues += outputs.issues
    if not drafts and not issues:  # a preview publishes nothing; a record with errors is not planned
        issues += vanished_urls(paths.root, urls)
    if issues:
        raise ValidationFailed(issues)
    if cards:
        if cache_dir is None:
            paths.cards_dir()  # made now that nothing is wrong, never through a link
        else:
            cache_dir.mkdir(parents=True, exist_ok=True)
        draw_cards(plan, outputs)
    return Checked(site, plan, outputs, paths, urls)


def render(root: Path, today: date, drafts: bool = False, cache_dir: Optional[Path] = None) -> Outputs:
    """Every output, rendered and gated, in memory (share images drawn)."""
    return check(root, today, drafts, cards=True, cache_dir=cache_dir).outputs


def generate(root: Path, today: date, drafts: bool = False) -> WriteStats:
    """Check and write the docs dir; nothing is written when a check fails."""
    checked = check(root, today, drafts, cards=True)
    return write_docs(checked.outputs, checked.paths.docs_dir())


def build_site(root: Path, today: date, site_dir: Optional[Path] = None, strict: bool = True) -> Path:
    """Check, generate and build the HTML site; the previous site stays intact on failure."""
    checked = check(root, today, cards=True, site_dir=site_dir)
    root, target = checked.paths.root, checked.paths.site
    write_docs(checked.outputs, checked.paths.docs_dir())
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target), _clock_pinned(today):
        remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
        try:
            _mkdocs(root, staging, strict)
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
            swap_into_place(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        write_manifest(root, checked.urls)
    return target


def _mkdocs(root: Path, site_dir: Path, strict: bool) -> None:
    """HTML from the docs dir; the hooks (publish/mkdocs_hooks.py) gate every page and index search."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    config = _mkdocs_config(root, site_dir=str(site_dir), strict=strict)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        build(config)
    except (Abort, MkDocsException) as exc:
        raise BuildError(f"mkdocs 构建失败：{exc}") from None


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


def serve(root: Path, today: date, addr: str) -> None:
    """Preview with live reload; the mkdocs hook regenerates when content changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    root = state_paths(root).root
    generate(root, today, drafts=True)
    _pin_clock(today)
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # "Serving on …" and rebuild notes
    os.chdir(root)
    mkdocs_serve(
        config_file=str(root / CONFIG_FILE),
        dev_addr=addr,
        livereload=True,
        watch=[str(root / "content"), str(root / "campaigns.yaml"), str(TEMPLATES)],
    )


def summary(checked: Checked) -> str:
    site = checked.site
    return (f"检查通过：{len(site.campaigns)} 个方案，{len(site.activities)} 项活动，"
            f"{len(site.stations)} 个站点，{len(site.exemplars)} 个先进典型，{len(site.news)} 条动态。")


__all__ = ["Checked", "Issue", "build_site", "check", "generate", "render", "serve", "summary"]
