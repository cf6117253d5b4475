"""What the last build produced: where an incremental build starts (.portal/state.json).

For every output the state keeps a *key* — a hash of the project files it is made from
(their bytes, the date and commit they last changed in, the unit that changed them), for
outputs that show what is on today the build's date, for the 更新记录 the newest commit —
and the hash of the bytes it rendered.  An output whose key is unchanged is not rendered
again; a page whose bytes are unchanged is not built again by mkdocs.

Everything that is not a project file is the *fingerprint*: the generator's code and
templates, the theme, mkdocs.yml, the front-end packages, the installed mkdocs, Material and
Pagefind, and the build mode (preview or publish).  A different fingerprint is a full build.

The state belongs to one built site: it records that directory's identity (device and
inode, which the atomic swap carries over), so a site replaced by hand, another --site-dir
or a build killed before the state was saved all fall back to a full build.  It is read and
written without following links (safe_fs), and anything unexpected in it means a full build,
never an error: the state only ever saves work.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from generator.plan.outputs import HISTORY, TODAY, Output
from generator.publish import safe_fs

if TYPE_CHECKING:
    from generator.model.audit import Audit

FORMAT = 1
MAX_STATE_BYTES = 256 * 1024 * 1024
CODE = Path(__file__).resolve().parents[1]  # the generator package
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin-extended", "markdown", "pymdown-extensions",
                 "nh3", "jinja2")


@dataclass
class BuildState:
    fingerprint: str
    site: Optional[tuple[int, int]] = None  # (st_dev, st_ino) of the site directory built from it
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)  # docs path → (key, bytes hash)
    sources: dict[str, str] = field(default_factory=dict)  # project file → Inputs.file(): what it was built from
    today: str = ""

    def key(self, path: str) -> Optional[str]:
        entry = self.outputs.get(path)
        return entry[0] if entry else None

    def digest(self, path: str) -> Optional[str]:
        entry = self.outputs.get(path)
        return entry[1] if entry else None

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "site": self.site,
                           "outputs": self.outputs, "sources": self.sources, "today": self.today},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(path: Path) -> Optional[BuildState]:
    try:
        data = safe_fs.read_file(path, MAX_STATE_BYTES)
        raw = json.loads(data) if data and len(data) <= MAX_STATE_BYTES else None
    except (safe_fs.UnsafeEntry, OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or not isinstance(raw.get("outputs"), dict):
        return None
    try:
        outputs = {str(path): (str(key), str(value)) for path, (key, value) in raw["outputs"].items()}
        site = tuple(int(part) for part in raw["site"]) if raw.get("site") else None
        sources = {str(path): str(value) for path, value in (raw.get("sources") or {}).items()}
    except (TypeError, ValueError, AttributeError):
        return None
    return BuildState(str(raw.get("fingerprint")), site if site and len(site) == 2 else None, outputs, sources,
                      str(raw.get("today") or ""))


def save_state(path: Path, state: BuildState) -> None:
    safe_fs.replace_file(path, state.to_json())


def forget_state(path: Path) -> None:
    """Before the docs dir or the site changes: a build killed half-way starts from scratch."""
    safe_fs.remove(path)


def site_identity(site: Path) -> Optional[tuple[int, int]]:
    try:
        info = os.lstat(site)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino)


def _files(root: Path, patterns: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        found += [path for path in root.glob(pattern) if path.is_file() and "__pycache__" not in path.parts]
    return sorted(set(found))


def fingerprint(root: Path, mode: str) -> str:
    """Everything besides the project's content that shapes the output (see the module doc)."""
    hasher = hashlib.sha256(f"{FORMAT}\0{mode}\0".encode())
    parts = [(CODE, ("**/*.py", "**/*.j2")), (root, ("mkdocs.yml", "theme/**/*")),
             (CODE.parent, ("package-lock.json",))]
    for base, patterns in parts:
        for path in _files(base, patterns):
            hasher.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in DISTRIBUTIONS:
        try:
            hasher.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{name}=-\0".encode())
    return hasher.hexdigest()


def project_files(root: Path) -> list[str]:
    """campaigns.yaml and every regular file under content/, as project-relative paths (links are
    not followed: the source phase refuses the ones that lead out)."""
    found = ["campaigns.yaml"] if safe_fs.kind(root / "campaigns.yaml") == "file" else []
    for directory, dirs, files in os.walk(root / "content"):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if safe_fs.kind(path) == "file":
                found.append(path.relative_to(root).as_posix())
    return found


class Inputs:
    """The key of an output from the project files it is made from, each read and hashed once."""

    def __init__(self, root: Path, today: date, audit: "Audit"):
        self.root = root
        self.today = today
        self.audit = audit  # source file → when, by which commit and unit it last changed (model/audit.py)
        self._files: dict[str, str] = {}

    def file(self, relative: str) -> str:
        if relative not in self._files:
            if relative == TODAY:
                self._files[relative] = self.today.isoformat()
            elif relative == HISTORY:
                self._files[relative] = self.audit.token
            else:
                try:
                    data = safe_fs.read_file(self.root / relative, MAX_STATE_BYTES) or b""
                except (safe_fs.UnsafeEntry, OSError):
                    data = b"\0unreadable"
                stamp = self.audit.stamp(relative)
                self._files[relative] = digest(data) + (f"{stamp.day.isoformat()}{stamp.commit}" if stamp else "")
        return self._files[relative]

    def sources(self) -> dict[str, str]:
        """Every project file as this build sees it: equal to the state's, nothing changed."""
        return {relative: self.file(relative) for relative in project_files(self.root)}

    def key(self, output: Output) -> str:
        hasher = hashlib.sha256(f"{output.kind}\0{output.path}\0".encode())
        for source in sorted(output.sources):
            # the unit follows from the commit and the owners (in other files): part of the key too
            stamp = self.audit.stamp(source)
            hasher.update(f"{source}\0{self.file(source)}\0{stamp.unit if stamp else ''}\0".encode())
        return hasher.hexdigest()
