"""published-urls.txt: every page URL the portal ever published, so that none silently dies.

Each build adds the URLs it publishes (commit the file); a build that would drop one of
them fails (see ``vanished_urls``).  The file protects itself too: a URL that was in any
committed version but is missing from the working file is an error, so deleting its line
cannot make a dropped page pass.  One ``git log`` answers for the whole history; without
git, outside a repository or in a shallow clone, the file (and what history there is) counts.

The file is the build's own state: it is read and replaced without following a link, and
no message ever shows the content of a file outside the project.
"""

from __future__ import annotations

import re
import subprocess
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from generator.publish import safe_fs
from generator.errors import Issue
from generator.source.yamlsource import SourceError, decode_source

MANIFEST = "published-urls.txt"
HEADER = ("# 已发布的网址清单：portal build 会自动追加新网址，请随内容一起提交。\n"
          "# 清单里的网址如果在某次生成中消失（改名、删除而没有设置跳转），生成会失败，以免外部链接失效。\n")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # ~40 bytes a URL: room for 400,000 pages
SITE_PATH = re.compile(r"/(?!/)\S*")  # site-absolute; "//host/" would be another site
RESTORE = f"git checkout HEAD -- {MANIFEST}"
RETIRE = ("页面确实不要了，也请保留这一行，并在 campaigns.yaml 的 redirects 中登记跳转"
          "（old: 旧路径/，new: 新路径/）。")


@dataclass
class Manifest:
    urls: dict[str, int] = field(default_factory=dict)  # URL → its line
    lines: int = 0
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True  # False: the file is unusable, so nothing can be said about its lines


VANISHED = ("已发布的网址在本次生成中不存在，外部链接会失效：如果是先进典型或动态改了文件名或标题，请在新文件的 "
            "front matter 里写 slug: 旧网址名 固定网址，或写 aliases: [旧网址名] 让旧网址跳转；其他页面请在 "
            "campaigns.yaml 的 redirects 中登记（old: 旧路径/，new: 新路径/）。")


def _entry_issue(kind: str) -> Issue:
    return Issue(MANIFEST, 1, "", f"{safe_fs.problem('已发布网址清单', kind, False)}。请删除它，再用 {RESTORE} "
                                  "恢复清单（新项目还没有清单也可以，build 会创建）。")


def load_manifest(root: Path) -> Manifest:
    """The working file's URLs, or issues: not a regular file, too large, not UTF-8, a bad line."""
    try:
        data = safe_fs.read_file(root / MANIFEST, MAX_MANIFEST_BYTES)
    except safe_fs.UnsafeEntry as exc:
        return Manifest(issues=[_entry_issue(exc.kind)], readable=False)
    if data is None:
        return Manifest()
    if len(data) > MAX_MANIFEST_BYTES:
        return Manifest(issues=[Issue(MANIFEST, 1, "", f"文件超过 {MAX_MANIFEST_BYTES // 1024 // 1024} MB，"
                                                       f"不像是网址清单：请用 {RESTORE} 恢复。")], readable=False)
    try:
        text = decode_source(data, MANIFEST)
    except SourceError as exc:
        return Manifest(issues=[exc.issue], readable=False)
    manifest = Manifest()
    for number, line in enumerate(text.splitlines(), 1):
        manifest.lines = number
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if SITE_PATH.fullmatch(url):
            manifest.urls.setdefault(url, number)
        else:  # the line itself is not shown: say where, not what
            manifest.issues.append(Issue(MANIFEST, number, "", (
                "这一行不是本站网址：清单每行写一个以 / 开头的网址路径（如 /news/），或以 # 开头的注释。"
                f"可能是误改或合并冲突留下的，请改正这一行，或用 {RESTORE} 恢复。")))
    return manifest


def committed_urls(root: Path) -> set[str]:
    """Every URL added to the manifest in the history of HEAD; empty without git or a repository."""
    command = ["git", "-C", str(root), "log", "-p", "--format=", "--text", "--no-color", "--no-ext-diff",
               "--no-textconv", "--", MANIFEST]
    try:
        result = subprocess.run(command, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if result.returncode != 0:
        return set()
    urls = set()
    for line in result.stdout.splitlines():
        if line.startswith(b"+/"):
            url = line[1:].decode("utf-8", "replace").strip()
            if SITE_PATH.fullmatch(url):
                urls.add(url)
    return urls


def manifest_issues(root: Path) -> list[Issue]:
    """What is wrong with the manifest itself, for `check` and `build` alike; writes nothing."""
    manifest = load_manifest(root)
    if not manifest.readable:
        return manifest.issues
    removed = sorted(committed_urls(root) - set(manifest.urls))
    if removed and not manifest.urls and manifest.lines == 0:
        return [Issue(MANIFEST, 1, "", f"已发布网址清单不见了（git 历史中记录了 {len(removed)} 个已发布的网址）："
                                       f"请用 {RESTORE} 恢复；若删除已经提交，请从 git log -- {MANIFEST} "
                                       "找到删除前的版本恢复。")]
    return manifest.issues + [Issue(MANIFEST, _line_for(manifest, url), url, (
        f"已发布的网址从清单中删掉了：清单只增不减，外部链接靠它保持有效。请把这个网址加回清单"
        f"（或用 {RESTORE} 恢复）；{RETIRE}")) for url in removed]


def _line_for(manifest: Manifest, url: str) -> int:
    """Where a missing URL belongs: the line of the next URL in sorted order (the build sorts the file)."""
    ordered = sorted(manifest.urls)
    index = bisect_left(ordered, url)
    return manifest.urls[ordered[index]] if index < len(ordered) else manifest.lines + 1


def vanished_urls(root: Path, urls: set[str]) -> list[Issue]:
    """A published URL this build would not publish: one issue per URL, at its line."""
    manifest = load_manifest(root)
    return [Issue(MANIFEST, line, url, VANISHED) for url, line in manifest.urls.items() if url not in urls]


PUBLISHED_DRAFT = ("已发布的方案不能再改成草稿：它的网址（{url}）已在 published-urls.txt 中，有待核对项（review）时"
                   "方案会从网站上消失，外部链接会失效。请把要核对的内容直接改好，删去整个 review 列表；"
                   "要重新导入，请用 portal import --id 另取一个 id。")


def published_drafts(root: Path, campaigns) -> list[Issue]:
    """A campaign with open review items is withdrawn (model/site.py); once its page was
    published that would kill its URL: said once, at its `review:`, rather than per vanished URL."""
    manifest = load_manifest(root)
    issues = []
    for campaign_id, record in campaigns.items():
        url = f"/campaigns/{campaign_id}/"
        if record.model.review and url in manifest.urls:
            issues.append(Issue(record.doc.display, record.doc.line_of(("review",)), "review",
                                PUBLISHED_DRAFT.format(url=url)))
    return issues


def write_manifest(root: Path, urls: set[str]) -> None:
    """Add this build's URLs; the file is replaced whole, so a killed build leaves the old one."""
    path = root / MANIFEST
    text = HEADER + "".join(f"{url}\n" for url in sorted(set(load_manifest(root).urls) | urls))
    if safe_fs.read_file(path, MAX_MANIFEST_BYTES) != text.encode("utf-8"):
        safe_fs.replace_file(path, text.encode("utf-8"))
