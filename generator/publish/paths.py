"""Every path the build writes, locks or keeps its state in — and the one rule for all of them.

    site/                 the published site (or --site-dir), replaced whole by swap.py
    .site.lock, .site.*   the build lock and staging directories, beside the site
    .portal/docs          the generated Markdown mkdocs reads (docs_dir in mkdocs.yml)
    .portal/cache/cards   share images kept between builds
    published-urls.txt    the manifest of published URLs (manifest.py)

git stores symlinks, so any of these names can arrive in a commit as a link: `site` →
content/ would make the swap replace the sources with the built site, `.site.lock` →
README.md would be truncated by an ordinary open().  So none of them is ever resolved or
followed: each must be missing or a real directory (a regular file for the lock and the
manifest).  ``preflight`` checks this with lstat before a build touches anything, and
`portal check` calls it too, so check reports everything build would stop at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.publish import safe_fs
from generator.errors import Issue, ValidationFailed
from generator.publish.manifest import MANIFEST, manifest_issues

SITE_DIR = "site"
DOCS_DIR = ".portal/docs"  # must match docs_dir in mkdocs.yml
CARDS_DIR = ".portal/cache/cards"
STATE_FILE = ".portal/state.json"  # what the last build produced (publish/state.py)
# The build's own directories under the project, each with what it is (for messages).
STATE_DIRS = {".portal": "构建生成文件的目录", ".portal/docs": "生成的页面目录", ".portal/cache": "构建的缓存目录",
              CARDS_DIR: "分享图片的缓存目录"}
# Where a site directory must never be: the swap would replace it with the built site.
SOURCES = ("content", "theme", "generator", ".portal", ".git", "campaigns.yaml", "mkdocs.yml", MANIFEST)

GENERATED = "它由 portal build 自动生成，不应提交到仓库：请删除它（已提交的用 git rm 删除）后重新运行。"


def staging_prefix(site: Path) -> str:
    return f".{site.name}."


def lock_file(site: Path) -> Path:
    return site.parent / f"{staging_prefix(site)}lock"


@dataclass(frozen=True)
class StatePaths:
    root: Path  # the project, resolved
    site: Path  # its parent resolved, its own name never: a link there stays visible as a link

    @property
    def lock(self) -> Path:
        return lock_file(self.site)

    def docs_dir(self, make: bool = True) -> Path:
        """.portal/docs, made if missing (see ``make_state_dir``); ``make=False``: only where it is."""
        return make_state_dir(self.root, DOCS_DIR) if make else self.root / DOCS_DIR

    @property
    def state(self) -> Path:
        return self.root / STATE_FILE

    def cards_dir(self, make: bool = True) -> Path:
        """.portal/cache/cards; ``make=False``: only where it is (check writes nothing)."""
        return make_state_dir(self.root, CARDS_DIR) if make else self.root / CARDS_DIR


def state_paths(root: Path, site_dir: Optional[Path] = None) -> StatePaths:
    root = root.resolve()
    if site_dir is None:
        return StatePaths(root, root / SITE_DIR)
    absolute = Path(os.path.abspath(site_dir))  # lexical: does not follow a link in the last component
    return StatePaths(root, absolute.parent.resolve() / absolute.name)


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _entry_issue(root: Path, path: Path, directory: bool, what: str, fix: str) -> Optional[Issue]:
    kind = safe_fs.kind(path)
    if kind in ("missing", "dir" if directory else "file"):
        return None
    return Issue(_display(root, path), 1, "", f"{safe_fs.problem(what, kind, directory)}。{fix}")


def _site_issues(paths: StatePaths) -> list[Issue]:
    root, site = paths.root, paths.site
    if root.is_relative_to(site) or any(site.is_relative_to(root / name) for name in SOURCES):
        return [Issue(_display(root, site), 1, "", (
            "网站输出目录不能是项目目录、它的上级目录，或 content/、campaigns.yaml 等项目自己的文件和目录："
            "构建会把整个输出目录换成生成的网站。请用 --site-dir 指定一个单独的目录（默认 site）。"))]
    issues = [_entry_issue(root, site, True, "生成的网站",
                           GENERATED + "要把网站生成到别处，请用 build --site-dir 指定目录。"),
              _entry_issue(root, paths.lock, False, "构建锁文件", GENERATED)]
    if safe_fs.kind(site.parent) == "dir":
        prefix = staging_prefix(site)
        with os.scandir(site.parent) as entries:
            staging = sorted(Path(entry.path) for entry in entries
                             if entry.name.startswith(prefix) and entry.is_symlink() and entry.path != str(paths.lock))
        issues += [_entry_issue(root, path, True, "构建的临时目录", GENERATED) for path in staging]
    return [issue for issue in issues if issue]


def _state_dir_issues(root: Path) -> list[Issue]:
    issues, real = [], {""}
    for relative, what in STATE_DIRS.items():  # parents first: lstat never looks through a bad parent
        if os.path.dirname(relative) not in real:
            continue
        issue = _entry_issue(root, root / relative, True, what, GENERATED)
        if issue:
            issues.append(issue)
        elif safe_fs.kind(root / relative) == "dir":
            real.add(relative)
    return issues


def state_issues(paths: StatePaths) -> list[Issue]:
    """Everything build would find wrong with its own paths and the manifest; lstat only, writes nothing."""
    return _site_issues(paths) + _state_dir_issues(paths.root) + manifest_issues(paths.root)


def preflight(root: Path, site_dir: Optional[Path] = None) -> StatePaths:
    """Refuse, before anything is written, a project whose state paths build could not use safely."""
    paths = state_paths(root, site_dir)
    issues = state_issues(paths)
    if issues:
        raise ValidationFailed(issues)
    return paths


def make_state_dir(root: Path, relative: str) -> Path:
    """One of STATE_DIRS, made component by component; a link or file on the way is refused,
    with the message preflight gives, and never followed."""
    path = root
    for part in relative.split("/"):
        path = path / part
        issue = _entry_issue(root, path, True, STATE_DIRS[_display(root, path)], GENERATED)
        if issue:
            raise ValidationFailed([issue])
        if safe_fs.kind(path) == "missing":
            path.mkdir(exist_ok=True)
    return path
