"""One entry point for "load, validate, model": used by the CLI, the mkdocs hook and tests."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Optional

from generator.errors import BuildError, ValidationFailed
from generator.source.load import load_sources
from generator.model.nodes import Site
from generator.model.site import build_site

TODAY_ENV = "PORTAL_TODAY"


def resolve_today(explicit: Optional[date] = None) -> date:
    """The build's notion of today: --today, then $PORTAL_TODAY, then $SOURCE_DATE_EPOCH.

    Only an interactive preview without any of these falls back to the clock, so that
    CI and tests (which set one of them) give byte-identical builds.
    """
    if explicit is not None:
        return explicit
    try:
        if os.environ.get(TODAY_ENV):
            return date.fromisoformat(os.environ[TODAY_ENV])
        if os.environ.get("SOURCE_DATE_EPOCH"):
            return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc).date()
    except ValueError:
        raise BuildError(f"环境变量 {TODAY_ENV}（YYYY-MM-DD）或 SOURCE_DATE_EPOCH（Unix 秒数）的值无效。") from None
    return date.today()


def load_site(root: Path, today: date, drafts: bool = False) -> Site:
    """Load and validate the project at ``root``; raise ValidationFailed with every issue.

    ``drafts`` includes draft news posts (for the local preview only).
    """
    sources = load_sources(root)
    site, issues = build_site(sources, today, drafts)
    if issues or site is None:
        raise ValidationFailed(issues)
    return site
