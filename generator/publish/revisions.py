"""What git knows about the project's content: when each file last changed, by which commit,
and the recent commits — for 最后更新 on pages and the site's 更新记录 (model/audit.py).

One `git log --name-status -z` pass answers for every file, so the cost does not grow with the
number of pages, and it is kept per commit: `portal serve` asks again after every save, and
then only `git rev-parse` and `git status` run.  Renames are followed: a file moved without
a change keeps the date and commit of its last real change, and an older commit that touched
it under its old name counts for it.

Files changed since the last commit (an editor's preview) and projects outside git fall back
to the file's modification time, and have no commit: no unit is named for them.  A shallow
clone's history is cut short (every file would seem changed by its oldest commit): it counts
as no history.  Dates are in China's time zone, so a build in CI (UTC) and on an editor's
laptop agree.

Authors' names and e-mail addresses stay in this module's objects: only model/audit.py reads
them, to find the unit, and nothing else of them reaches a page or the build's state.  They are
what the committer declared (git does not check them): the audit trail informs readers, the
ownership check on merge requests is what enforces who may change what.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
TRACKED = ("content", "campaigns.yaml")
RECENT = 50  # commits kept for the 更新记录 page
_FIELD, _RECORD = "\x1f", "\x1e"
_FORMAT = f"--format={_RECORD}%H{_FIELD}%ct{_FIELD}%an{_FIELD}%ae"
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass(frozen=True)
class Author:
    """Who made a commit, as git records it: private, never shown (model/audit.py maps it to a unit)."""

    name: str
    email: str


@dataclass(frozen=True)
class Change:
    status: str  # A added, M changed, D deleted, R renamed (or moved)
    path: str  # project-relative, as the file is named after this commit
    old: Optional[str] = None  # a rename's former name
    moved: bool = False  # renamed without a change of content
    now: str = ""  # the file's name at HEAD (renamed since, or not): its record today


@dataclass(frozen=True)
class Commit:
    sha: str
    day: date
    author: Author
    changes: tuple[Change, ...]


@dataclass
class History:
    """``head`` None: no usable history (no git, not a repository, no commit yet, a shallow clone)."""

    head: Optional[str] = None
    last: dict[str, Commit] = field(default_factory=dict)  # file → the commit that last changed it
    recent: list[Commit] = field(default_factory=list)  # newest first, at most RECENT
    dirty: frozenset[str] = frozenset()  # changed since the last commit, or not committed at all

    @property
    def available(self) -> bool:
        return self.head is not None

    def commit_of(self, path: str) -> Optional[Commit]:
        """The commit a file is as it is now: None when it has changed since (or outside git)."""
        return None if path in self.dirty else self.last.get(path)


def _git(root: Path, *args: str) -> Optional[str]:
    try:
        result = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args],
                                capture_output=True, encoding="utf-8", errors="replace", timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, CHINA).date()


# The log of a commit does not change: kept per (project, HEAD), the last few only.
_LOGS: dict[tuple[str, str], tuple[dict[str, Commit], list[Commit]]] = {}


def read_history(root: Path) -> History:
    root = root.resolve()
    head = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD")
    if head is None:
        return History()
    shallow, prefix, sha = (head.split("\n") + ["", "", ""])[:3]
    if shallow.strip() != "false" or not sha.strip():
        return History()
    sha = sha.strip()
    key = (str(root), sha)
    if key not in _LOGS:
        log = _git(root, "-c", "i18n.logOutputEncoding=UTF-8", "log", "-z", "--name-status", "-M", "--relative",
                   _FORMAT, "--", *TRACKED)
        if log is None:
            return History()
        if len(_LOGS) >= 4:
            _LOGS.clear()
        _LOGS[key] = _parse_log(log)
    last, recent = _LOGS[key]
    return History(sha, last, recent, _dirty(root, prefix.strip()))


def _parse_log(log: str) -> tuple[dict[str, Commit], list[Commit]]:
    """Newest commit first.  ``forward`` maps a name a file had to the name it has now, so that an
    older commit's change is its change; a pure move (R100) is not a change of its own."""
    last: dict[str, Commit] = {}
    recent: list[Commit] = []
    forward: dict[str, str] = {}
    for chunk in log.split(_RECORD):
        if not chunk:
            continue
        header, _, rest = chunk.partition("\0")
        parts = header.split(_FIELD)
        if len(parts) != 4 or not _SHA.fullmatch(parts[0]) or not parts[1].isdigit():
            continue  # not a commit's header (an author's name holding a separator splits one)
        tokens = rest.lstrip("\n").split("\0")
        changes: list[Change] = []
        index = 0
        while index < len(tokens):
            status = tokens[index].strip()
            if not status:
                index += 1
                continue
            if status[0] in "RC":
                if index + 2 >= len(tokens):
                    break
                old, new = tokens[index + 1], tokens[index + 2]
                index += 3
                if status[0] == "C":  # a copy is a new file
                    changes.append(Change("A", new))
                else:
                    forward[old] = forward.get(new, new)
                    changes.append(Change("R", new, old, moved=status == "R100"))
                continue
            if index + 1 >= len(tokens):
                break
            changes.append(Change(status[0], tokens[index + 1]))
            index += 2
        changes = [replace(change, now=forward.get(change.path, change.path)) for change in changes]
        commit = Commit(parts[0], _day(int(parts[1])), Author(parts[2], parts[3]), tuple(changes))
        for change in changes:
            if not change.moved:
                last.setdefault(change.now, commit)
        if changes and len(recent) < RECENT:
            recent.append(commit)
    return last, recent


def _dirty(root: Path, prefix: str) -> frozenset[str]:
    """Files under TRACKED that differ from HEAD, or are not committed (porcelain v2 names them from
    the repository's top; ``prefix`` is the project's place in it)."""
    status = _git(root, "status", "--porcelain=v2", "-z", "--untracked-files=all", "--", *TRACKED)
    if status is None:
        return frozenset()
    found: set[str] = set()
    tokens = status.split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        kind = token[:1]
        if kind == "1":
            path = token.split(" ", 8)[-1]
        elif kind == "2":
            path = token.split(" ", 9)[-1]
            index += 1  # the former name follows
        elif kind == "u":
            path = token.split(" ", 10)[-1]
        elif kind == "?":
            path = token[2:]
        else:
            continue
        found.add(path[len(prefix):] if prefix and path.startswith(prefix) else path)
    return frozenset(found)


def last_changed(root: Path, history: Optional[History] = None) -> dict[str, date]:
    """Project-relative POSIX path → date of its last change: its last commit, else its mtime."""
    root = root.resolve()
    history = read_history(root) if history is None else history
    changed: dict[str, date] = {}
    for name in TRACKED:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in files:
            relative = file.relative_to(root).as_posix()
            commit = history.commit_of(relative)
            changed[relative] = commit.day if commit is not None else _day(file.stat().st_mtime)
    return changed
