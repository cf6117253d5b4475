"""The project's files at a git revision, or in the working tree: path → content id, bytes on demand.

Paths are relative to the project root (which may be a folder inside the repository).  Git runs
as a subprocess with fixed arguments; a revision is never passed where git could read it as an
option.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from generator.errors import BuildError

SITE_FILE = "campaigns.yaml"
LINK_MODE = "120000"


class GitError(BuildError):
    """A Chinese sentence: git is missing, the project is not a repository, the revision is unknown."""


@dataclass
class Snapshot:
    label: str  # how messages name it: the revision as given, or 工作区
    ids: dict[str, str]  # path → content id (a git object id, or the same hash of the bytes)
    reader: Callable[[list[str]], dict[str, bytes]]
    _cache: dict[str, bytes] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)  # path → git file mode (120000: a symbolic link)

    def is_link(self, path: str) -> bool:
        return self.modes.get(path) == LINK_MODE

    def read(self, path: str) -> Optional[bytes]:
        if path not in self.ids:
            return None
        if path not in self._cache:
            self._cache.update(self.reader([path]))
        return self._cache.get(path)

    def preload(self, paths: list[str]) -> None:
        wanted = [path for path in paths if path in self.ids and path not in self._cache]
        if wanted:
            self._cache.update(self.reader(wanted))


def _git(root: Path, *args: str, data: Optional[bytes] = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令：--since 要用 git 比较两个版本，请先安装 git。") from None


def _require_repository(root: Path) -> None:
    done = _git(root, "rev-parse", "--is-inside-work-tree")
    if done.returncode != 0 or done.stdout.strip() != b"true":
        raise GitError(f"项目目录 {root} 不是 git 仓库（或其中的目录）：--since 要比较 git 中的版本，"
                       "请在仓库里运行，或用 --project 指向仓库中的项目目录。")


def resolve(root: Path, revision: str) -> str:
    """The commit ``revision`` names, or a GitError that says what to do."""
    _require_repository(root)
    if not revision or revision.startswith("-") or any(ord(c) < 32 for c in revision):
        raise GitError(f"“{revision}”不是版本名：--since 后写提交号、分支名（如 origin/main）或标签。")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if done.returncode != 0:
        raise GitError(f"仓库里找不到版本“{revision}”：--since 后写提交号、分支名（如 origin/main）或标签。"
                       "在 CI 中多半是只取了最近一次提交（浅克隆）：请让 CI 取完整历史（GitLab：GIT_DEPTH: 0；"
                       "Gitea Actions：actions/checkout 的 fetch-depth: 0），或先 git fetch 目标分支。")
    return done.stdout.decode().strip()


def _cat(root: Path, object_ids: dict[str, str]) -> Callable[[list[str]], dict[str, bytes]]:
    def read(paths: list[str]) -> dict[str, bytes]:
        done = _git(root, "cat-file", "--batch", data="".join(f"{object_ids[p]}\n" for p in paths).encode())
        out, found, at = done.stdout, {}, 0
        for path in paths:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) < 3:  # "<id> missing"
                at = end + 1
                continue
            size = int(header[2])
            found[path] = out[end + 1:end + 1 + size]
            at = end + 1 + size + 1
        return found
    return read


def at_revision(root: Path, revision: str) -> Snapshot:
    commit = resolve(root, revision)
    done = _git(root, "ls-tree", "-r", "-z", commit, "--", ".")
    if done.returncode != 0:
        raise GitError(f"无法读取版本“{revision}”的文件：{done.stderr.decode(errors='replace').strip()}")
    ids, modes = {}, {}
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, object_id = meta.split()
        if kind == b"blob":  # submodules (commit) are not the portal's files
            path = name.decode("utf-8", "surrogateescape")
            ids[path], modes[path] = object_id.decode(), mode.decode()
    return Snapshot(revision, ids, _cat(root, ids), modes=modes)


def _blob_id(data: bytes, length: int) -> str:
    header = f"blob {len(data)}\0".encode()
    return (hashlib.sha256 if length == 64 else hashlib.sha1)(header + data).hexdigest()


def _read_local(root: Path, path: str) -> Optional[bytes]:
    full = root / path
    if full.is_symlink():  # git stores a link as its target: so do we, without following it
        return os.readlink(full).encode("utf-8", "surrogateescape")
    if not full.is_file():
        return None
    return full.read_bytes()


def working_tree(root: Path, id_length: int = 40) -> Snapshot:
    """Every file git would commit from the working tree (tracked or new, not ignored)."""
    _require_repository(root)
    done = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
    if done.returncode != 0:
        raise GitError(f"无法列出工作区的文件：{done.stderr.decode(errors='replace').strip()}")
    names = sorted({name.decode("utf-8", "surrogateescape") for name in done.stdout.split(b"\0") if name})
    ids, cache, modes = {}, {}, {}
    for name in names:
        data = _read_local(root, name)
        if data is not None:  # deleted but still in the index: gone
            ids[name], cache[name] = _blob_id(data, id_length), data
            modes[name] = LINK_MODE if (root / name).is_symlink() else "100644"
    return Snapshot("工作区", ids, lambda paths: {}, cache, modes)


def subfolder(root: Path) -> str:
    """The project's folder inside its repository ("" at the root): paths outside it are never listed."""
    done = _git(root, "rev-parse", "--show-prefix")
    return done.stdout.decode("utf-8", "surrogateescape").strip() if done.returncode == 0 else ""


def project_files(root: Path) -> Snapshot:
    """campaigns.yaml and content/ as they are on disk, without git (for `portal owners`)."""
    cache: dict[str, bytes] = {}
    if (root / SITE_FILE).is_file() and not (root / SITE_FILE).is_symlink():
        cache[SITE_FILE] = (root / SITE_FILE).read_bytes()
    for directory, dirs, files in os.walk(root / "content"):  # does not follow linked directories
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                cache[path.relative_to(root).as_posix()] = path.read_bytes()
    return Snapshot("工作区", {path: _blob_id(data, 40) for path, data in cache.items()}, lambda paths: {}, cache)
