"""Write phase: the only code that touches the generated docs directory (.portal/docs).

Files whose bytes did not change are left alone (so mkdocs' live reload only sees real
changes); files no longer produced are removed.  Nothing is written through a symlink or
hard link found in the directory (see safe_fs.py): everything in it is generated.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from generator.gate.outputs import Outputs
from generator.publish import safe_fs


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def write_docs(outputs: Outputs, target: Path, keep: frozenset[str] = frozenset()) -> WriteStats:
    """Write into ``target``, a directory owned by the build (see publish/paths.py).

    Everything inside it is generated, so whatever stands where an output goes — a
    symlink, a hard link, a directory — is replaced, never written through.  Files neither
    in ``outputs`` nor in ``keep`` (outputs of this build that were not rendered again,
    being unchanged) are removed."""
    stats = WriteStats()
    safe_fs.require_dir(target)
    real_dirs: set[Path] = {target}
    for relative, data in outputs.items():
        path = target / relative
        for directory in reversed(path.relative_to(target).parents[:-1]):
            _make_real_dir(target / directory, real_dirs)
        if _holds(path, data):
            stats.unchanged += 1
            continue
        if safe_fs.kind(path) == "dir":
            safe_fs.remove(path)
        safe_fs.replace_file(path, data)  # readers never see a half-written page
        stats.written += 1
    for directory, dirs, files in os.walk(target, topdown=False):  # never descends into a link
        for name in files + dirs:
            path = Path(directory) / name
            if safe_fs.kind(path) == "dir":
                with suppress(OSError):  # not empty: still holds outputs
                    path.rmdir()
            elif (relative := path.relative_to(target).as_posix()) not in outputs and relative not in keep:
                path.unlink()  # a link goes, not what it points at
                stats.removed += 1
    return stats


def _make_real_dir(path: Path, real_dirs: set[Path]) -> None:
    if path in real_dirs:
        return
    if safe_fs.kind(path) != "dir":
        safe_fs.remove(path)
        path.mkdir()
    real_dirs.add(path)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is already our own file with these bytes (a hard link is not our own)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_size != len(data):
        return False
    return safe_fs.read_file(path, len(data)) == data
