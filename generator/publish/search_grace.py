"""A published search index stays answerable for pages opened before a publish.

Pagefind names its index files by content (pagefind.<hash>.pf_meta, index/*.pf_index,
fragment/*.pf_fragment), as the query lexicon names its buckets (search/lexicon/*); a page
opened before a publish has read the old pagefind-entry.json and asks for the old names.
So every build that replaces a site carries the files of the replaced index that the new one
no longer has, for GRACE_DAYS after they were first replaced, and lists them with that date
in pagefind/retired.json.  Names never collide: a file of the same name has the same bytes.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

from generator.publish import safe_fs

GRACE_DAYS = 2
RETIRED = "pagefind/retired.json"
INDEX_DIRS = ("pagefind", "search/lexicon")


def _files(site: Path) -> set[str]:
    found = set()
    for folder in INDEX_DIRS:
        for directory, dirs, files in os.walk(site / folder):
            for name in files:
                found.add((Path(directory) / name).relative_to(site).as_posix())
    return found - {RETIRED}


def retired_files(site: Path) -> dict[str, date]:
    """The files of replaced indexes a site still carries, and since when."""
    try:
        data = json.loads(safe_fs.read_file(site / RETIRED, 16 * 1024 * 1024) or b"{}")
        return {str(path): date.fromisoformat(day) for path, day in data.items()}
    except (ValueError, TypeError, AttributeError, safe_fs.UnsafeEntry):
        return {}


def carry_retired(previous: Path, staging: Path, today: date) -> None:
    """Link into ``staging`` the index files of ``previous`` that its new index does not have."""
    if safe_fs.kind(previous) != "dir" or safe_fs.kind(staging / "pagefind") != "dir":
        return
    since = retired_files(previous)
    current = _files(staging)
    kept: dict[str, str] = {}
    for relative in sorted(_files(previous) - current):
        first = since.get(relative, today)
        if today - first > timedelta(days=GRACE_DAYS) or safe_fs.kind(previous / relative) != "file":
            continue
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(previous / relative, staging / relative)  # never written: the next index replaces whole dirs
        kept[relative] = first.isoformat()
    if kept:
        safe_fs.replace_file(staging / RETIRED, json.dumps(kept, ensure_ascii=False, indent=0,
                                                           sort_keys=True).encode("utf-8") + b"\n")
