"""Replace the built site whole, never half: a staging directory is swapped into place.

On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so at every instant `site/` is
either the complete old site or the complete new one — also for a web server reading it
or a `kill -9` at any point.  Elsewhere (or on file systems without the call) two
renames are used, with a moment in between when `site/` is missing.
A lock keeps two builds of the same project from swapping at once, and directories left
behind by a killed build are removed by the next one.
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


def staging_prefix(target: Path) -> str:
    return f".{target.name}."


def swap_into_place(new: Path, target: Path) -> None:
    """Make `new` the content of `target`; the old content is deleted afterwards."""
    if not target.exists():
        os.replace(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old site
        return
    old = target.with_name(f"{staging_prefix(target)}old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Staging directories of builds that were killed: never published, safe to delete."""
    for path in target.parent.glob(staging_prefix(target) + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """One build per output directory at a time; the lock dies with its process."""
    lock_path = target.parent / f"{staging_prefix(target)}lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"另一个构建正在写入 {target}：请等它结束后再运行 build。") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
