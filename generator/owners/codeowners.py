"""`portal owners`: the ownership rules as a CODEOWNERS file, so the git host asks the right people
to review a merge request.

GitHub and GitLab read gitignore-like patterns and the last matching line wins; Gitea reads Go
regular expressions anchored at both ends (after its own backslash escapes) and joins the owners of
every matching line.  Every line therefore lists the portal's editors with the path's own owners:
the same owners result on all three hosts, only the patterns differ (``--host``).

Lines, most general first: everything → editors; a region's file and its folders
(content/stations/<region>/, content/exemplars/<region>/, content/news/<region>/) → its owners;
each campaign file → its region's and units' owners; a record whose owners differ from its
folder's (a station run by a unit with owners, a file outside a region folder) → its own line.
A path with a character a host would read as syntax gets no line of its own: it keeps its
folder's owners (or the editors'), never fewer reviewers.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.owners.records import Facts, editor_backend, facts_of, place_of
from generator.owners.rules import MANIFEST, SHARED_FOLDERS, Rules
from generator.owners.snapshot import SITE_FILE, Snapshot, project_files
from generator.source.load import CONTENT, ID_PATTERN, REGION_FOLDERS

HOSTS = ("github", "gitlab", "gitea")
# Where each host looks (all three read the root one, which `portal owners > CODEOWNERS` writes).
LOCATIONS = {"github": ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"),
             "gitlab": ("CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"),
             "gitea": ("CODEOWNERS", "docs/CODEOWNERS", ".gitea/CODEOWNERS")}
_PLAIN_PATH = re.compile(r"[\w./\-\u3000-\u9fff\uff00-\uffef]+")  # no space, #, \, glob or control characters
_GO_SPECIAL = re.compile(r"([.+*?()|\[\]{}^$\\])")


@dataclass(frozen=True)
class Rule:
    kind: str  # all, folder, file
    path: str  # project-relative; a folder ends with /
    owners: tuple[str, ...]


def rules_of(snapshot: Snapshot) -> tuple[list[Rule], Rules]:
    rules = Rules.of(snapshot)
    out = [Rule("all", "", rules.editors)]
    folder_owners: dict[str, tuple[str, ...]] = {}
    for region, facts in sorted(rules.regions.items()):
        if not ID_PATTERN.match(region):
            continue  # check refuses such a file name (load.py); it must not write a CODEOWNERS line
        out.append(Rule("file", facts.path, rules.record_owners(facts)))
        owners = rules.record_owners(Facts("", "stations", "", region))
        for kind in REGION_FOLDERS:
            folder = f"{CONTENT}/{kind}/{region}/"
            folder_owners[folder] = owners
            out.append(Rule("folder", folder, owners))
    everyone = rules.all_owners()
    out += [Rule("folder", folder, everyone) for folder in SHARED_FOLDERS] + [Rule("file", MANIFEST, everyone)]
    for path in sorted(snapshot.ids):
        place = place_of(path)
        if place is None or place.kind == "regions":
            continue
        facts = facts_of(path, snapshot.read(path))
        owners = rules.record_owners(facts)
        folder = path.rsplit("/", 1)[0] + "/"
        if owners != folder_owners.get(folder, rules.editors) and _PLAIN_PATH.fullmatch(path):
            out.append(Rule("file", path, owners))
    return [rule for rule in out if rule.owners], rules


def _pattern(rule: Rule, host: str) -> str:
    if host == "gitea":
        regex = ".*" if rule.kind == "all" else _GO_SPECIAL.sub(r"\\\1", rule.path) + (".*" if rule.kind == "folder" else "")
        return regex.replace("\\", "\\\\")  # Gitea's tokenizer takes "\\" for one backslash
    return "*" if rule.kind == "all" else "/" + rule.path


def render(snapshot: Snapshot, host: str) -> str:
    rules, _ = rules_of(snapshot)
    lines = [f"# 由 portal owners --host {host} 生成，请勿手工修改：改 {SITE_FILE} 的 site.editors 或 {CONTENT}/regions/ 中的",
             f"# owners 后，运行 portal owners --host {host} > CODEOWNERS 并提交（CI 用 portal owners --check 核对）。"]
    lines += [f"{_pattern(rule, host)} " + " ".join(f"@{owner}" for owner in rule.owners) for rule in rules]
    return "\n".join(lines) + "\n"


def default_host(root: Path, snapshot: Snapshot | None = None) -> str:
    snapshot = snapshot or project_files(root)
    return editor_backend(snapshot.read(SITE_FILE)) or "gitlab"


def gitea_warnings(snapshot: Snapshot) -> list[str]:
    """Gitea knows users and organisation/team, not GitLab's nested groups."""
    rules, _ = rules_of(snapshot)
    deep = sorted({owner for rule in rules for owner in rule.owners if owner.count("/") > 1})
    return [f"Gitea 的 CODEOWNERS 只认“用户名”或“组织/团队”，不认“{owner}”这样多层的群组：请在 Gitea 上改用组织下的团队。"
            for owner in deep]


def subfolder_warning(root: Path) -> str | None:
    """CODEOWNERS paths are the repository's: a project in a subfolder of it would get wrong ones."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    prefix = done.stdout.strip() if done.returncode == 0 else ""
    if not prefix:
        return None
    return (f"项目在 git 仓库的子目录 {prefix} 中，而 CODEOWNERS 的路径从仓库根目录算起：生成的路径不对。"
            "请把门户项目放在单独的仓库里（项目目录就是仓库根目录）。")


def drift(root: Path, host: str) -> str | None:
    """None when the committed CODEOWNERS is what `portal owners` writes, else what to do."""
    snapshot = project_files(root)
    expected = render(snapshot, host)
    found = next((root / name for name in LOCATIONS[host] if (root / name).is_file()), None)
    command = f"portal owners --host {host} > CODEOWNERS"
    if found is None:
        return f"项目中没有 CODEOWNERS 文件：运行 {command} 生成，并提交。"
    if found.is_symlink():
        return f"{found.relative_to(root).as_posix()} 是符号链接：请换成 {command} 生成的普通文件。"
    written = found.read_text(encoding="utf-8", errors="replace")
    if written == expected:
        return None
    have, want = written.splitlines(), expected.splitlines()
    line = next((i + 1 for i, (a, b) in enumerate(zip(have, want)) if a != b), min(len(have), len(want)) + 1)
    return (f"{found.relative_to(root).as_posix()}:{line}: 与 {SITE_FILE} 的 site.editors 和 {CONTENT}/regions/ 中的 owners "
            f"不一致（代码托管平台会请错审核人）：运行 {command} 重新生成，并提交。")
