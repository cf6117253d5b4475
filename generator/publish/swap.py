"""Replace the built site whole, never half: a staging directory is swapped into place.

On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so at every instant `site/` is
either the complete old site or the complete new one — also for a web server reading it
or a `kill -9` at any point.  Elsewhere (or on file systems without the call) two
renames are used, with a moment in between when `site/` is missing.
A lock keeps two builds of the same project from swapping at once, and directories left
behind by a killed build are removed by the next one.  The names (site dir, lock, staging
prefix) come from paths.py, which also refuses links among them before a build starts;
nothing here follows one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.errors import BuildError
from generator.publish.paths import lock_file, staging_prefix
from generator.publish.safe_fs import kind, open_lock, remove

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False when the system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def swap_into_place(new: Path, target: Path) -> None:
    """Make `new` the content of `target`; the old content is deleted afterwards."""
    if not os.path.lexists(target):
        os.replace(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old site
        return
    old = target.with_name(f"{staging_prefix(target)}old")
    remove(old)  # a leftover, or a link planted there: the entry goes, never its target
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Staging directories of builds that were killed: never published, safe to delete."""
    for path in target.parent.glob(staging_prefix(target) + "*"):
        if kind(path) == "dir":
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """One build per output directory at a time; the lock dies with its process.

    The lock file is opened without truncation and without following a link: locking it
    writes nothing, so even a lock file that is a hard link to a source cannot damage it."""
    fd = open_lock(lock_file(target))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"另一个构建正在写入 {target}：请等它结束后再运行 build。") from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
