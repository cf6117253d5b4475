"""The audit trail readers see: which unit last changed a record, and when.

A commit's author is a person; the public sees the *unit*: an author whose git user name (or
the part of the e-mail address before "@") is listed in a unit's `owners` is that unit, in a
region's `owners` that region, in the site's `editors` the site's operator, and anyone else
"门户编辑".  Units come before regions (a unit's editor is listed there on purpose), regions
and units in file order, names compared without case.  A group (``org/team``) cannot be matched
to a commit: git records people.  Names and e-mail addresses go no further than this module.

A file changed since the last commit (or outside git) keeps its date (the file's time, see
publish/revisions.py) but names no unit: who changed it is not recorded yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from generator.model.nodes import Site
from generator.publish.revisions import Author, Commit, History, last_changed

PORTAL_EDITORS = "门户编辑"


@dataclass(frozen=True)
class Stamp:
    day: date
    unit: Optional[str] = None  # None: not committed, or no history
    commit: str = ""  # the commit the file is as of ("" when it is not committed)


class Audit:
    """Per project file: when it last changed, by which commit and unit.  Without ``site`` (before
    the model is built) units are not known; dates and commits are."""

    def __init__(self, root: Path, history: History, site: Optional[Site] = None):
        self.history = history
        self.dates = last_changed(root, history)
        self._units = _owner_units(site) if site is not None else None
        self._stamps: dict[str, Optional[Stamp]] = {}  # asked for once per output's source

    def unit_of(self, author: Author) -> str:
        units = self._units or {}
        local = author.email.rpartition("@")[0] if "@" in author.email else author.email
        for key in (author.name.strip().casefold(), local.strip().casefold()):
            if key and key in units:
                return units[key]
        return PORTAL_EDITORS

    def stamp(self, path: str) -> Optional[Stamp]:
        if path not in self._stamps:
            self._stamps[path] = self._stamp(path)
        return self._stamps[path]

    def _stamp(self, path: str) -> Optional[Stamp]:
        day = self.dates.get(path)
        if day is None:
            return None
        commit = self.history.commit_of(path)
        if commit is None:
            return Stamp(day)
        return Stamp(day, self.unit_of(commit.author) if self._units is not None else None, commit.sha)

    @property
    def recent(self) -> list[Commit]:
        return self.history.recent

    @property
    def token(self) -> str:
        """What the site-wide history shows depends on: the newest commit touching the content."""
        if not self.history.available:
            return "-"
        return self.history.recent[0].sha if self.history.recent else "+"


def _owner_units(site: Site) -> dict[str, str]:
    units: dict[str, str] = {}
    regions = list(site.regions.values())
    for region in regions:
        for unit in region.units:
            for owner in unit.model.owners:
                units.setdefault(owner.casefold(), unit.name)
    for region in regions:
        for owner in region.model.owners:
            units.setdefault(owner.casefold(), region.name)
    for owner in site.settings.editors:
        units.setdefault(owner.casefold(), site.settings.operator)
    return units
