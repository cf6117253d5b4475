"""File operations that never follow a symlink, for the files the build owns.

git stores symlinks, so a commit can put a link where the build keeps its state: an
ordinary ``open(path, "w")`` through ``.site.lock → README.md`` truncates README.md.
Everything here looks at the entry itself (lstat, O_NOFOLLOW) and replaces files by
renaming a fresh one over them, so neither a symlink nor a hard link found in place is
ever written through.  publish/paths.py reports such entries to the editor first; the
errors raised here are the safety net for anything that slips past it.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path
from typing import Optional

from generator.errors import BuildError

NOW = {"link": "符号链接", "file": "一个文件", "dir": "一个目录", "other": "管道、设备等特殊文件"}


def problem(what: str, kind: str, directory: bool) -> str:
    """“这里应是…，现在是…”: the one wording for an entry of the wrong kind where the build keeps its state."""
    text = f"这里应是{what}（{'目录' if directory else '普通文件'}），现在是{NOW[kind]}"
    return text + "：经由链接，构建会改写它指向的地方（可能是源文件）" if kind == "link" else text


class UnsafeEntry(BuildError):
    """A link, or an entry of the wrong type, where the build reads or writes its own files."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"{path} 是{NOW[kind]}，构建不会经由它读写：请删除它后重新运行。")
        self.path = path
        self.kind = kind


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def kind(path: Path) -> str:
    """'missing', 'link', 'dir', 'file' or 'other' — of the entry itself, never of a link's target."""
    try:
        return _kind_of(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"


def read_file(path: Path, limit: int) -> Optional[bytes]:
    """A regular file's bytes (at most ``limit`` + 1 of them), or None if it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)  # NONBLOCK: a FIFO must not hang
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeEntry(path, "link") from None
        raise
    found = _kind_of(os.fstat(fd).st_mode)
    if found != "file":
        os.close(fd)
        raise UnsafeEntry(path, found)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


def remove(path: Path) -> None:
    """Delete an entry of ours: a link itself (not its target), a file, or a whole directory."""
    found = kind(path)
    if found == "dir":
        shutil.rmtree(path)  # removes links inside, never what they point at
    elif found != "missing":
        os.unlink(path)


def replace_file(path: Path, data: bytes) -> None:
    """Make ``path`` a regular file holding ``data``: written beside it, then renamed over it.

    Readers see the old file or the new one, never half of one; a link or hard link at
    ``path`` is replaced, its target untouched."""
    temporary = path.with_name(path.name + ".tmp")
    remove(temporary)  # a killed build's leftover, or something planted there
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def require_dir(path: Path) -> None:
    """``path`` must be a real directory (made, with its parents, if missing)."""
    if kind(path) == "missing":
        path.mkdir(parents=True, exist_ok=True)
    found = kind(path)
    if found != "dir":
        raise UnsafeEntry(path, found)


def open_lock(path: Path) -> int:
    """A descriptor of the lock file, created if missing.  Never truncated: locking writes nothing."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR):
            raise UnsafeEntry(path, "link" if exc.errno == errno.ELOOP else "dir") from None
        raise
    found = _kind_of(os.fstat(fd).st_mode)
    if found != "file":
        os.close(fd)
        raise UnsafeEntry(path, found)
    return fd
