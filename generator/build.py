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
             linked_copy        staging = the published site by hard links (an incremental build)
             mkdocs             HTML into the staging dir — only pages whose Markdown changed when
                                incremental; every page through the HTML gate (mkdocs_hooks.py)
             index_search       Pagefind and the query lexicon
             carry_retired      the replaced index's files, for pages opened before the publish
             swap_into_place    staging ↔ site/, atomically; then the manifest and the state

An incremental build (publish/state.py) renders only outputs whose sources changed since the
last build, and mkdocs builds only pages whose Markdown changed, into a copy of the site that
shares unchanged files with it by hard links — never writing into one (mkdocs_hooks.on_files);
with nothing changed it stops after hashing the sources.

Every step reports what it finds and the next still runs on what is sound, so one run
lists every problem.  Nothing is written unless all steps up to the gate are clean.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from generator.errors import Issue, ValidationFailed
from generator.gate.outputs import Outputs
from generator.model.audit import Audit
from generator.model.nodes import Site
from generator.model.site import build_site as build_model
from generator.plan.outputs import Plan
from generator.plan.permalinks import published_urls
from generator.plan.site_plan import plan_site
from generator.publish import preview, safe_fs
from generator.publish.docs import WriteStats, write_docs
from generator.publish.mkdocs_run import clock_pinned, mkdocs_build, nav_pages, serve_preview
from generator.publish.search_grace import carry_retired
from generator.publish.staging import linked_copy, remove_outputs
from generator.publish.state import (BuildState, Inputs, digest, fingerprint, forget_state, load_state, save_state,
                                     site_identity)
from generator.publish.manifest import published_drafts, vanished_urls, write_manifest
from generator.publish.revisions import read_history
from generator.publish.paths import StatePaths, staging_prefix, state_issues, state_paths
from generator.publish.swap import build_lock, remove_leftovers, swap_into_place
from generator.render.fragments import render_fragments
from generator.render.run import draw_cards, render_plan
from generator.source.load import SITE_FILE, load_sources

@dataclass
class Checked:
    site: Site
    plan: Plan
    outputs: Outputs  # what was rendered: everything, or what changed since `previous`
    paths: StatePaths
    urls: set[str]  # every URL this build publishes
    state: BuildState  # what this build produces, to be saved once it is published
    fresh: frozenset[str] = frozenset()  # outputs unchanged since `previous`, not rendered


def check(root: Path, today: date, drafts: bool = False, cards: bool = False,
          cache_dir: Optional[Path] = None, site_dir: Optional[Path] = None,
          previous: Optional[BuildState] = None) -> Checked:
    """Everything `build` does before it touches the disk; ValidationFailed lists every problem.

    ``cards``: draw the share images (build); check only lays them out.  ``previous``: the
    state of the last build (publish/state.py): outputs whose sources did not change are not
    rendered again, and only changed files' texts are checked again (they passed before).
    """
    paths = state_paths(root, site_dir)
    issues = state_issues(paths)
    sources = load_sources(paths.root)
    site, model_issues = build_model(sources, today, drafts)
    issues += model_issues
    if site is None:  # no site to plan, but every Markdown text is still checked
        raise ValidationFailed(issues + render_fragments(sources).issues)
    audit = Audit(paths.root, read_history(paths.root), site)
    inputs = Inputs(paths.root, today, audit)
    current = inputs.sources()
    fragments = render_fragments(sources, _changed_files(previous, current))
    plan = plan_site(site, fragments, cache_dir or paths.cards_dir(make=False), audit)
    urls = published_urls(plan)
    issues += [*fragments.issues, *plan.issues]
    keys = {output.path: inputs.key(output) for output in plan}
    fresh = _fresh(previous, keys, paths.docs_dir(make=False)) if not issues else frozenset()
    outputs = render_plan(plan, draw_cards=False, degraded=bool(issues), fresh=fresh)
    issues += outputs.issues
    if not drafts and not issues:  # a preview publishes nothing; a record with errors is not planned
        issues += published_drafts(paths.root, sources.campaigns) or vanished_urls(paths.root, urls)
    if issues:
        raise ValidationFailed(issues)
    if cards:
        if cache_dir is None:
            paths.cards_dir()  # made now that nothing is wrong, never through a link
        else:
            cache_dir.mkdir(parents=True, exist_ok=True)
        draw_cards(plan, outputs, fresh)
    hashes = {path: digest(data) for path, data in outputs.items()}
    state = BuildState(previous.fingerprint if previous else "", None,
                       {path: (key, hashes.get(path) or (previous.digest(path) if previous else "") or "")
                        for path, key in keys.items()},
                       current, today.isoformat())
    return Checked(site, plan, outputs, paths, urls, state, fresh)


def _changed_files(previous: Optional[BuildState], current: dict[str, str]) -> Optional[frozenset[str]]:
    """The project files to check again (None: all of them — no state, or the settings changed)."""
    if previous is None or previous.sources.get(SITE_FILE) != current.get(SITE_FILE):
        return None
    return frozenset(path for path, value in current.items() if previous.sources.get(path) != value)


def _fresh(previous: Optional[BuildState], keys: dict[str, str], docs: Path) -> frozenset[str]:
    """Outputs whose key is the one of the last build, and which are still in the docs dir."""
    if previous is None:
        return frozenset()
    return frozenset(path for path, key in keys.items()
                     if previous.key(path) == key and safe_fs.kind(docs / path) == "file")


def render(root: Path, today: date, drafts: bool = False, cache_dir: Optional[Path] = None) -> Outputs:
    """Every output, rendered and gated, in memory (share images drawn)."""
    return check(root, today, drafts, cards=True, cache_dir=cache_dir).outputs


def generate(root: Path, today: date, drafts: bool = False) -> WriteStats:
    """Check and write the docs dir (only what changed since the last generation); nothing is
    written when a check fails.  The preview uses it before every rebuild."""
    paths = state_paths(root)
    mode = fingerprint(paths.root, "preview" if drafts else "publish")
    previous = _previous(paths, mode)
    checked = check(root, today, drafts, cards=True, previous=previous)
    forget_state(paths.state)
    stats = write_docs(checked.outputs, checked.paths.docs_dir(), keep=checked.fresh)
    checked.state.fingerprint = mode
    save_state(paths.state, checked.state)
    return stats


def build_site(root: Path, today: date, site_dir: Optional[Path] = None, strict: bool = True,
               incremental: bool = True) -> Path:
    """Check, generate and build the HTML site; the previous site stays intact on failure.

    ``incremental``: start from the last build's state when it describes the site in place."""
    paths = state_paths(root, site_dir)
    mode = fingerprint(paths.root, "publish")
    previous = _previous(paths, mode, site=True) if incremental else None
    if previous is not None and _unchanged(previous, paths, today):
        return paths.site
    checked = check(root, today, cards=True, site_dir=site_dir, previous=previous)
    root, target = checked.paths.root, checked.paths.site
    forget_state(paths.state)  # from here until the swap, the docs dir and the site disagree
    write_docs(checked.outputs, checked.paths.docs_dir(), keep=checked.fresh)
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target), clock_pinned(today):
        remove_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
        try:
            if previous is not None:
                linked_copy(target, staging)
                remove_outputs(staging, set(previous.outputs) - set(checked.state.outputs))
            mkdocs_build(root, staging, strict, dirty=previous is not None)
            carry_retired(target, staging, today)  # pages opened before this publish keep their search
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
            swap_into_place(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        write_manifest(root, checked.urls)
        checked.state.fingerprint = mode
        checked.state.site = site_identity(target)
        save_state(paths.state, checked.state)
    return target


def _previous(paths: StatePaths, mode: str, site: bool = False) -> Optional[BuildState]:
    """The last build's state, if it was made by this code in this mode (and, for a build, for the
    site now in place): anything else is a build from scratch."""
    state = load_state(paths.state)
    if state is None or state.fingerprint != mode:
        return None
    if site and (state.site is None or state.site != site_identity(paths.site)):
        return None
    return state


def _unchanged(previous: BuildState, paths: StatePaths, today: date) -> bool:
    """Nothing to do: the same sources (bytes, revision dates and commits), the same day."""
    if previous.today != today.isoformat():
        return False
    inputs = Inputs(paths.root, today, Audit(paths.root, read_history(paths.root)))
    return inputs.sources() == previous.sources


def serve(root: Path, today: date, addr: str, cms: bool = True) -> None:
    """Preview with live reload; the mkdocs hook regenerates what a save changed and lists the
    errors of a save in the browser (publish/preview.py) — from the start, if there are some.
    ``cms``: the form editor at /admin/ (publish/preview_admin.py)."""
    paths = state_paths(root)
    try:
        generate(paths.root, today, drafts=True)
    except ValidationFailed:  # reported by the preview's first build, in the terminal and the browser
        docs = paths.docs_dir()  # made first: mkdocs.yml names it, and reading the navigation needs it
        preview.placeholder_docs(docs, nav_pages(paths.root))
    serve_preview(paths.root, today, addr, cms)


def summary(checked: Checked) -> str:
    site = checked.site
    return (f"检查通过：{len(site.campaigns)} 个方案，{len(site.activities)} 项活动，"
            f"{len(site.stations)} 个站点，{len(site.exemplars)} 个先进典型，{len(site.news)} 条动态。"
            + "".join(f"\n草稿：{source} 有 {count} 项待核对（review），核对后删去 review 列表才会发布。"
                      for source, count in site.draft_campaigns))


__all__ = ["Checked", "Issue", "build_site", "check", "generate", "render", "serve", "summary"]
