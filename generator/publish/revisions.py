"""When each source file last changed: git history, or the file's mtime outside git.

"最后更新" on a page is the date its source file (a campaign, station or story) was
last committed.  One `git log` pass answers for every file, so the cost does not grow
with the number of pages.  Files changed since the last commit (an editor's preview)
and projects outside git fall back to the file's modification time.  Dates are in
China's time zone, so a build in CI (UTC) and on an editor's laptop agree.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
TRACKED = ("content", "campaigns.yaml")


def _git(root: Path, *args: str) -> list[str] | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.splitlines() if result.returncode == 0 else None


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, CHINA).date()


def last_changed(root: Path) -> dict[str, date]:
    """Project-relative POSIX path → date of its last change."""
    root = root.resolve()
    changed: dict[str, date] = {}
    # -M100%: a file moved unchanged (into its region folder, content/stations/<region>/) is a rename,
    # and the record keeps the date of its last real change.
    log = _git(root, "-c", "core.quotepath=off", "log", "--format=@%ct", "--name-status", "-M100%", "--relative",
               "--", *TRACKED)
    if log is not None:
        when = None
        moved: dict[str, str] = {}  # an older path → the path it has now

        def now(path: str) -> str:
            seen = set()
            while path in moved and path not in seen:
                seen.add(path)
                path = moved[path]
            return path

        for line in log:
            if line.startswith("@"):
                when = _day(int(line[1:]))
            elif line and when is not None:
                status, *paths = line.split("\t")
                if status.startswith("R") and len(paths) == 2:
                    if now(paths[1]) != paths[0]:
                        moved[paths[0]] = now(paths[1])
                elif paths:
                    changed.setdefault(now(paths[-1]), when)  # newest commit first
        dirty = (_git(root, "-c", "core.quotepath=off", "diff", "HEAD", "--name-only", "--relative", "--", *TRACKED)
                 or []) + (_git(root, "-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard",
                                "--", *TRACKED) or [])
        for name in dirty:
            changed.pop(name, None)  # not committed yet: its mtime below
    for name in TRACKED:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in files:
            relative = file.relative_to(root).as_posix()
            if relative not in changed:
                changed[relative] = _day(file.stat().st_mtime)
    return changed
