"""`portal check --since REV --as NAME`: every change since REV that NAME may not make.

The project at REV (read from git) and the working tree are compared file by file, then record
by record: a record is its kind and id (the file name), so a station moved from
content/stations/kunming/ to content/stations/meilie/ is one record whose region changed, and a
file renamed with the same text is one record renamed.  Each change must be allowed by the rules
of REV both for the record as it was and as it is now.  One message per record refused, at the
line that shows the change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.errors import BuildError, Issue
from generator.owners.records import Facts, facts_of, place_of
from generator.owners.rules import MANIFEST, SHARED_FOLDERS, Identity, Rules, unique
from generator.owners.snapshot import SITE_FILE, GitError, Snapshot, at_revision, subfolder, working_tree
from generator.source.schema import _owner


@dataclass
class Outcome:
    changes: int  # records and files changed since REV
    refused: list[Issue]


def _first_changed_line(old: Optional[bytes], new: Optional[bytes]) -> int:
    if old is None or new is None:
        return 1
    try:
        a, b = old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return 1
    for tag, _, _, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            return min(j1, len(b) - 1) + 1 if b else 1
    return 1


class Judge:
    def __init__(self, base: Snapshot, head: Snapshot, rules: Rules, identity: Identity):
        self.base, self.head, self.rules, self.me = base, head, rules, identity
        self.refused: list[Issue] = []

    def _editors(self) -> str:
        if not self.rules.editors:
            return "门户编辑（campaigns.yaml 的 site.editors 中还没有登记任何人）"
        return f"门户编辑 {'、'.join(self.rules.editors)}"

    def _owners_text(self, facts: Facts) -> str:
        region = self.rules.region_owners(facts.region)
        units = tuple(o for o in self.rules.unit_owners(facts) if o not in region)
        parts = [self._editors()]
        if facts.region is not None:
            label = self.rules.region_label(facts.region)
            parts.append(f"{label}的编辑 {'、'.join(region)}" if region else f"{label}的编辑（还没有登记任何人）")
        if units:
            parts.append(f"相关单位的编辑 {'、'.join(units)}")
        return "；".join(parts)

    def refuse(self, path: str, line: int, field: str, message: str) -> None:
        self.refused.append(Issue(path, line, field, f"{self.me.name} {message}"))

    # --- records ------------------------------------------------------------------------

    def record(self, old: Optional[Facts], new: Optional[Facts], renamed: bool = False) -> None:
        if new is None:
            if old.kind == "regions" and any(_grants(old)) and not self.me.may(self.rules.editors):
                self.refuse(old.path, 1, "", f"不能删除{old.kind_name} {old.id}（这次提交删除了 {old.path}）：文件中登记了"
                                             f"{self.rules.region_label(old.id)}或其单位的编辑（owners），删除它就删掉了这些名单，"
                                             f"只有{self._editors()}可以这样做。请交给门户编辑处理，或恢复这个文件。")
                return
            if not self.me.may(self.rules.record_owners(old)):
                self.refuse(old.path, 1, "", f"不能删除{old.kind_name} {old.id}（这次提交删除了 {old.path}）："
                                             f"能删除它的是{self._owners_text(old)}。请交给他们处理，或恢复这个文件。")
            return
        if old is None:
            if not self.me.may(self.rules.record_owners(new)):
                self.refuse(new.path, new.line_of("region") if new.kind != "regions" else 1,
                            "region" if new.kind != "regions" and new.doc is not None else "",
                            f"不能新增{new.kind_name} {new.id}：它属于{self.rules.region_label(new.region)}，"
                            f"能新增的是{self._owners_text(new)}。请把 region 写成自己负责的地区，或交给他们提交。")
            return
        may_old, may_new = self.me.may(self.rules.record_owners(old)), self.me.may(self.rules.record_owners(new))
        if renamed:
            if old.kind == "regions" and any(_grants(old)) and not self.me.may(self.rules.editors):
                self.refuse(new.path, 1, "", f"不能把{old.kind_name} {old.id} 改名为 {new.id}（{old.path} → {new.path}）："
                                             f"文件中的 owners 名单属于{self.rules.region_label(old.id)}，改名就改了谁是哪个"
                                             f"地区的编辑，只有{self._editors()}可以这样做。")
                return
            if not (may_old and may_new):
                self.refuse(new.path, 1, "", f"不能把{old.kind_name} {old.id} 改名为 {new.id}（{old.path} → {new.path}）："
                                             f"改名要能修改它，能修改的是{self._owners_text(old if not may_old else new)}。")
            return
        if old.region != new.region:
            if not (may_old and may_new):
                self.refuse(new.path, new.line_of("region"), "region",
                            f"不能把{new.kind_name} {new.id} 从{self.rules.region_label(old.region)}移到"
                            f"{self.rules.region_label(new.region)}：移动要同时能修改两边的内容。原来能修改它的是"
                            f"{self._owners_text(old)}；移过去以后是{self._owners_text(new)}。请交给能修改两边的编辑提交。")
            return
        if not may_old:
            line = _first_changed_line(self.base.read(old.path), self.head.read(new.path))
            self.refuse(new.path, line, "", f"不能修改{new.kind_name} {new.id}：它属于{self.rules.region_label(old.region)}，"
                                            f"能修改它的是{self._owners_text(old)}。请交给他们修改，或撤回这处改动。")
            return
        if new.kind == "regions" and _grants(old) != _grants(new) and not self.me.may(self.rules.editors):
            where = ("owners",) if old.owners != new.owners else ()
            self.refuse(new.path, new.line_of(*where) if where else _first_changed_line(
                self.base.read(old.path), self.head.read(new.path)), "owners" if where else "",
                f"不能修改谁是{self.rules.region_label(new.id)}或其单位的编辑（owners）：只有{self._editors()}可以修改 "
                "owners。请把名单交给门户编辑修改，本文件的其他改动可以照常提交。")

    # --- links and hidden files -------------------------------------------------------------

    def unsafe(self, path: str) -> bool:
        """A symbolic link anywhere, or a hidden file under content/ (.gitattributes, .gitignore change how git
        and the build read other files): the portal's editors only.  True when refused."""
        if path not in self.head.ids or self.me.may(self.rules.editors):
            return False
        if self.head.is_link(path):
            self.refuse(path, 1, "", f"不能提交符号链接 {path}：链接可以指向仓库里别人的文件或仓库外的文件，只有"
                                     f"{self._editors()}可以提交。请换成文件本身（图片、附件直接上传），或从这次提交中撤回。")
            return True
        if path.startswith("content/") and any(part.startswith(".") for part in path.split("/")):
            self.refuse(path, 1, "", f"不能提交以“.”开头的文件或目录 {path}：这类隐藏文件（如 .gitattributes、.gitignore）"
                                     f"会改变 git 和门户读取其他文件的方式，只有{self._editors()}可以提交。"
                                     "请改用不以“.”开头的文件名，或从这次提交中撤回。")
            return True
        return False

    # --- other files ----------------------------------------------------------------------

    def file(self, path: str) -> None:
        old, new = self.base.read(path), self.head.read(path)
        verb = "删除" if new is None else "新增" if old is None else "修改"
        editors = self.rules.editors
        if path.startswith(SHARED_FOLDERS):
            if old is None and self.me.may(self.rules.all_owners()):
                return
            if not self.me.may(editors):
                self.refuse(path, 1, "", f"不能{verb} {path}：已有的图片和附件可能被其他地区的内容引用，修改或删除只能由"
                                         f"{self._editors()}来做；新的图片或附件请换一个文件名上传。")
            return
        if path == MANIFEST and old is not None and new is not None:
            if set(old.decode("utf-8", "replace").splitlines()) <= set(new.decode("utf-8", "replace").splitlines()) \
                    and self.me.may(self.rules.all_owners()):
                return  # only new URLs, as `portal build` appends them
        if self.me.may(editors):
            return
        line = _first_changed_line(old, new)
        if path == SITE_FILE:
            self.refuse(path, line, "", f"不能{verb}网站设置 {SITE_FILE}：它管着全站的设置、分类、站点标准和方案列表，只有"
                                        f"{self._editors()}可以修改。请把要改的内容交给门户编辑。")
        elif path == MANIFEST:
            self.refuse(path, line, "", f"不能删改 {MANIFEST} 中已有的网址：已发布的网址只增不减，只有{self._editors()}可以"
                                        "这样做（portal build 新增的网址行谁都可以提交）。")
        else:
            self.refuse(path, line, "", f"不能{verb} {path}：主题、模板、程序、部署设置和 content/ 之外的文件只有"
                                        f"{self._editors()}可以修改。请交给门户编辑，或从这次提交中撤回。")


def _grants(region: Facts) -> tuple:
    """What a region file grants: its owners, and each unit with owners by the names records use."""
    return region.owners, sorted((sorted(u.names), u.owners) for u in region.unit_list if u.owners)


def _pair_renames(old: dict, new: dict, base: Snapshot, head: Snapshot) -> list[tuple[Facts, Facts]]:
    """A record deleted and one of the same kind added with the same text: one rename."""
    pairs = []
    for key, gone in sorted(old.items()):
        if key in new:
            continue
        for other_key, added in sorted(new.items()):
            if other_key[0] == key[0] and other_key not in old and base.ids[gone.path] == head.ids[added.path]:
                pairs.append((gone, added))
                break
    return pairs


def judge(root: Path, revision: str, identity: Identity) -> Outcome:
    base = at_revision(root, revision)
    prefix = subfolder(root)
    if prefix:  # git lists only the project's files: .gitlab-ci.yml, .gitea/ and CODEOWNERS would go unjudged
        raise GitError(f"项目在 git 仓库的子目录 {prefix} 中：--as 只能检查项目目录里的改动，仓库根目录的 CI 设置和 "
                       "CODEOWNERS 等文件会漏检，所以不做这项检查。请把门户项目放在单独的仓库里（项目目录就是仓库根目录）。")
    length = len(next(iter(base.ids.values()), "0" * 40))
    head = working_tree(root, length)
    changed = sorted(path for path in set(base.ids) | set(head.ids)
                     if base.ids.get(path) != head.ids.get(path) or base.is_link(path) != head.is_link(path))
    rules = Rules.of(base)
    verdict = Judge(base, head, rules, identity)
    changed = [path for path in changed if not verdict.unsafe(path)]
    records = [path for path in changed if place_of(path) is not None]
    base.preload([path for path in records if path in base.ids])
    old: dict[tuple[str, str], Facts] = {}
    new: dict[tuple[str, str], Facts] = {}
    for path in records:
        for snapshot, target in ((base, old), (head, new)):
            if path in snapshot.ids:
                facts = facts_of(path, snapshot.read(path))
                target.setdefault((facts.kind, facts.id), facts)
    renames = _pair_renames(old, new, base, head)
    paired = {(f.kind, f.id) for pair in renames for f in pair}
    for gone, added in renames:
        verdict.record(gone, added, renamed=True)
    for key in sorted(set(old) | set(new)):
        if key not in paired:
            verdict.record(old.get(key), new.get(key))
    for path in changed:
        if place_of(path) is None:
            verdict.file(path)
    count = len(set(old) | set(new)) - len(renames) + sum(1 for path in changed if place_of(path) is None)
    return Outcome(count, verdict.refused)


def identity(name: str, groups: Optional[str]) -> Identity:
    """--as and --groups, in the shape owners are written (a name CI passes is printed in every message)."""
    names = [name, *(g.strip() for g in (groups or "").split(",") if g.strip())]
    for given in names:
        try:
            _owner(given)
        except ValueError:
            shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", given)[:80]
            raise BuildError(f"--as/--groups：“{shown}”不是代码托管平台的用户名或群组名：CI 中写登录用户名的变量"
                             "（GitLab：$GITLAB_USER_LOGIN；Gitea：${{ gitea.actor }}），只含英文字母、数字和 _ . - /。") from None
    return Identity(_owner(name), unique(_owner(g) for g in names[1:]))
