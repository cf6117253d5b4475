"""Load phase: find every source file, parse it, and validate it against its model.

All problems are collected; the caller decides to stop.  Nothing here writes.

Source files are untrusted in the sense that matters for a public site: a symlink to a
file outside the project, an attachment path such as ``/etc/passwd`` or a 50 MB file
must end as a ``file:line`` message, never in the published site or as a hang.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Iterator, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Issue, pydantic_message
from generator.source import field_help
from generator.source.salvage import salvage
from generator.source.text_checks import check_document
from generator.source.typing_mistakes import QUOTE_PAIRS
from generator.source.schema import (MAX_ID_LENGTH, CampaignFile, ExemplarFile, NewsFile, RegionFile,
                                     SiteFile, StationFile)
from generator.source.yamlsource import Document, SourceError, decode_source, parse_front_matter, parse_yaml

M = TypeVar("M", bound=BaseModel)

SITE_FILE = "campaigns.yaml"
CONTENT = "content"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The largest real plan is about 60 KB, but a plan may hold up to schema.MAX_ACTIVITIES (3,000)
# activities, about 1–2 KB each with their body: room for that, while a photo or a database dump
# saved as .yaml is still refused before it is read into memory.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
MAX_SOURCE_TEXT = f"{MAX_SOURCE_BYTES // 1024 // 1024} MB"


@dataclass
class Record(Generic[M]):
    id: str
    model: M
    doc: Document
    body: str = ""  # Markdown body (exemplar stories)
    body_line: int = 1
    # The file has schema errors and ``model`` is its valid part (salvage.py): references to
    # the list items left out (their ids, names, aliases) are not reported a second time.
    withdrawn: frozenset[str] = frozenset()


@dataclass
class Sources:
    root: Path
    site: Optional[Record[SiteFile]] = None
    regions: dict[str, Record[RegionFile]] = field(default_factory=dict)
    campaigns: dict[str, Record[CampaignFile]] = field(default_factory=dict)
    stations: dict[str, Record[StationFile]] = field(default_factory=dict)
    exemplars: dict[str, Record[ExemplarFile]] = field(default_factory=dict)
    news: dict[str, Record[NewsFile]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # ids whose files exist, valid or not: a reference to an invalid file is not a second error
    present: dict[str, set[str]] = field(default_factory=dict)

    @property
    def attachments_dir(self) -> Path:
        return self.root / CONTENT / "attachments"

    @property
    def images_dir(self) -> Path:
        return self.root / CONTENT / "images"


@dataclass
class Validated(Generic[M]):
    model: M
    doc: Document  # the document ``model`` was validated from (its valid part, if not all of it)
    withdrawn: frozenset[str] = frozenset()


def validate_document(doc: Document, model: type[M], issues: list[Issue]) -> Optional[Validated[M]]:
    """Validate parsed data; map each pydantic error back to its file:line.

    A file with errors still yields its valid part (salvage.py), for the model phase to check
    what references and dates it holds; None when nothing of it can be checked."""
    if doc.data is None:
        issues.append(doc.issue((), "没有内容（文件或元数据为空，或只有注释）：应写成“键: 值”形式，"
                                    "请参照 README 中的示例填写，或删除此文件。"))
        return None
    if not isinstance(doc.data, dict):
        kind = "列表" if isinstance(doc.data, list) else "一段文字或数字"
        issues.append(doc.issue((), f"文件内容应为“键: 值”形式的映射，现在是{kind}（格式不对）："
                                    "请参照 README 中的示例。"))
        return None
    try:
        result = Validated(model.model_validate(doc.data), doc)
    except ValidationError as exc:
        errors = exc.errors()
        issues.extend(_explain_errors(doc, model, errors))
        saved = salvage(model, doc.data, errors, doc.display)
        if saved is None:
            return None
        result = Validated(saved.model, replace(doc, data=saved.data, kept=saved.kept, renamed=saved.renamed),
                           saved.withdrawn)
    path_issues = [result.doc.issue(loc, message) for loc, message in _unsafe_file_references(result.model)]
    issues.extend(path_issues)
    return None if path_issues else result


def _explain_errors(doc: Document, model: type[BaseModel], errors: list[dict]) -> list[Issue]:
    """One message per mistake: a misspelt key names the field it likely means (and that field
    is then not reported missing as well); a missing field says what it is for."""
    explained: set[tuple] = set()
    issues = []
    for error in sorted(errors, key=lambda error: error["type"] != "extra_forbidden"):
        loc = tuple(error["loc"])
        owner = field_help.model_at(model, loc[:-1]) if loc else None
        if error["type"] == "extra_forbidden" and owner is not None:
            written = doc.value_at(loc[:-1])
            meant = field_help.likely_field(owner, loc[-1], written if isinstance(written, dict) else ())
            if meant is not None:
                explained.add(loc[:-1] + (meant,))
            message = field_help.unknown_message(owner, loc[-1], meant)
        elif error["type"] == "missing" and owner is not None:
            if loc in explained:
                continue
            message = field_help.missing_message(owner, loc[-1])
        else:
            message = _chinese_quotes(doc.value_at(loc), loc) or pydantic_message(error)
        issues.append(doc.issue(loc, message))
    return issues


def _chinese_quotes(value, loc: tuple) -> Optional[str]:
    """A wrong value written in Chinese quotes, which YAML keeps as part of the value."""
    if not isinstance(value, str) or len(value) < 2 or QUOTE_PAIRS.get(value[0]) != value[-1]:
        return None
    name = loc[-1] if loc and isinstance(loc[-1], str) else "…"
    return (f"值两边的中文引号 {value[0]} {value[-1]} 不是 YAML 的引号，成了值的一部分：请改用英文引号，"
            f"写成 {name}: \"{value[1:-1]}\"。")


def _unsafe_file_references(model: BaseModel) -> Iterator[tuple[tuple, str]]:
    """An attachment is copied into the public site: its path must stay inside content/attachments/.

    Checked on the text as written, before any file system access, so that no spelling
    (absolute, ``..``, a Windows drive or backslash, URL-encoded dots) can reach out; the
    resolver in site.py joins the path to the folder, and ``folder / "/etc/passwd"`` is
    ``/etc/passwd``.  Story photos need no check here: stories.py resolves them and
    requires the result to be inside content/images/.
    """
    attachment = getattr(model, "attachment", None)
    reason = _path_problem(attachment.file) if attachment is not None else None
    if reason:
        yield ("attachment", "file"), (f"路径“{attachment.file}”{reason}：只能写 content/attachments/ 下的相对路径，"
                                       "如 kunming-2018.pdf（不能用“..”、以“/”开头的绝对路径、盘符、反斜杠或“%”编码）。")


def _path_problem(value: str) -> Optional[str]:
    if "\\" in value or re.match(r"^[A-Za-z]:", value):
        return "是 Windows 路径（含盘符或反斜杠“\\”）"
    if value.startswith("/") or value.startswith("~"):
        return "是绝对路径"
    if "%" in value:
        return "含有网址编码“%”"
    if any(part in ("..", ".", "") for part in value.split("/")):
        return "含有“..”“.”或空的路径段（“..”会指向目录之外）"
    return None


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_source(root: Path, path: Path, issues: list[Issue]) -> Optional[str]:
    """The file's text, or None with an issue: too large, not UTF-8, unreadable."""
    display = _display(root, path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            # Read one byte more than allowed: a file that grows after fstat is still caught.
            data = handle.read(MAX_SOURCE_BYTES + 1) if size <= MAX_SOURCE_BYTES else b""
    except OSError as exc:
        issues.append(Issue(display, 1, "", f"无法读取文件：{exc.strerror}。"))
        return None
    if size > MAX_SOURCE_BYTES or len(data) > MAX_SOURCE_BYTES:
        issues.append(Issue(display, 1, "", _too_large_message(max(size, len(data)))))
        return None
    try:
        return decode_source(data, display)
    except SourceError as exc:
        issues.append(exc.issue)
        return None


def _too_large_message(size: int) -> str:
    return (f"文件过大（{size / 1024 / 1024:.1f} MB），超过上限 {MAX_SOURCE_TEXT}，未读取："
            "campaigns.yaml 和 content/ 下的 .yaml、.md 只应有文字。请检查是否误把图片、文档或数据"
            "存成了这个文件；图片请放到 content/images/，方案原文请放到 content/attachments/。")


# What this process read of each file, by file, text and model: `portal serve` reads the project
# again after every save, and a file that did not change gives the same record and issues.
_READ: dict[tuple[str, str, type], tuple[Optional[Record], tuple[Issue, ...]]] = {}


def _load(root: Path, path: Path, model: type[M], issues: list[Issue], folder: str,
          used: set) -> Optional[Record[M]]:
    """One source file: YAML, or Markdown with YAML front matter; its record (the valid part,
    if it has errors) or None, and every issue it has."""
    text = read_source(root, path, issues)
    if text is None:
        return None
    key = (str(path), text, model)
    used.add(key)
    if key not in _READ:
        found: list[Issue] = []
        _READ[key] = (_read(root, path, text, model, folder, found), tuple(found))
    record, found = _READ[key]
    issues.extend(found)
    return record


def _read(root: Path, path: Path, text: str, model: type[M], folder: str, issues: list[Issue]) -> Optional[Record[M]]:
    try:
        if path.suffix == ".md":
            doc, body, body_line = parse_front_matter(text, path, _display(root, path))
        else:
            doc, body, body_line = parse_yaml(text, path, _display(root, path)), "", 1
    except SourceError as exc:
        issues.extend(exc.issues)
        return None
    issues.extend(doc.problems)
    # The words as written, whatever else is wrong with the file (text_checks.py).
    issues.extend(check_document(doc, folder in STORY_FOLDERS, body, body_line))
    validated = validate_document(doc, model, issues)
    if validated is None:
        return None
    return Record(path.stem, validated.model, validated.doc, body, body_line, validated.withdrawn)


STORY_FOLDERS = ("exemplars", "news")  # file names may be Chinese: the URL is derived (see slugs.py)


SOURCE_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")


def _files(root: Path, folder: str, suffix: str, issues: list[Issue], present: set[str]) -> list[Path]:
    """The source files of one folder.  ``present`` also receives the ids of entries that were
    refused with an issue of their own, so that references to them are not a second error."""
    directory = root / CONTENT / folder
    if not directory.is_dir():
        if directory.exists() or directory.is_symlink():
            issues.append(Issue(_display(root, directory), 1, "",
                                f"应为目录（文件夹），现在是一个文件：请删除或改名，再新建目录 {CONTENT}/{folder}/。"))
        return []
    if _escapes(root, directory):
        return []  # reported by _refuse_outside_links
    paths = []
    entries = sorted(directory.iterdir())
    if folder in REGION_FOLDERS:  # content/stations/<region>/<id>.yaml: one level of region folders
        entries = [*(path for path in entries if not _region_folder(root, path)),
                   *(inner for path in entries if _region_folder(root, path) for inner in sorted(path.iterdir()))]
    for path in entries:
        if path.name.startswith("."):
            continue
        if _escapes(root, path):  # reported by _refuse_outside_links
            present.add(path.stem)
            continue
        if not path.is_file():
            if path.parent != directory and path.is_dir() and not path.is_symlink():
                issues.append(Issue(_display(root, path), 1, "",
                                    f"地区文件夹里不能再有文件夹，其中的文件不会被读取：请把文件直接放在 "
                                    f"{_display(root, path.parent)}/ 下。"))
                continue
            if path.suffix in SOURCE_SUFFIXES:
                kind = ("一个目录" if path.is_dir()
                        else "一个失效的符号链接（目标不存在，或链接成环）" if path.is_symlink()
                        else "一个特殊文件（不是普通文件）")
                issues.append(Issue(_display(root, path), 1, "",
                                    f"这是{kind}，应为文本文件，不会被读取：请删除它，或换成同名的文本文件。"))
                present.add(path.stem)
            continue
        if path.suffix != suffix:
            if path.suffix in SOURCE_SUFFIXES:
                issues.append(Issue(_display(root, path), 1, "",
                                    f"扩展名应为 {suffix}，否则该文件不会被读取。"))
            continue
        problem = _name_problem(folder, path.stem, suffix)
        if problem:
            issues.append(Issue(_display(root, path), 1, "", problem))
            continue
        paths.append(path)
    return paths


# Records of these kinds may sit in a folder named after their region (content/stations/kunming/…),
# so that a region's files are one path rule in CODEOWNERS (generator/owners/codeowners.py); the
# file name stays the id, so URLs do not depend on the folder.
REGION_FOLDERS = ("stations", "exemplars", "news")


def _region_folder(root: Path, path: Path) -> bool:
    return (not path.name.startswith(".") and path.suffix not in SOURCE_SUFFIXES and path.is_dir()
            and not path.is_symlink() and not _escapes(root, path))


def region_folder_issue(record: "Record", folder: str) -> Optional[Issue]:
    """A record in content/<folder>/<region>/ must name that region: the folder decides who may
    approve it on the git host, the field who owns it here, and the two must agree."""
    parent = record.doc.path.parent
    if parent.parent.name != folder:
        return None
    written = getattr(record.model, "region", None)
    if written == parent.name:
        return None
    if written is None:
        return record.doc.issue(("region",), f"文件在 {CONTENT}/{folder}/{parent.name}/ 下，但没有写 region：请写 "
                                             f"region: {parent.name}，或把文件移出这个文件夹。")
    return record.doc.issue(("region",), f"文件在 {CONTENT}/{folder}/{parent.name}/ 下，但 region 写的是 {written}："
                                         f"文件夹表示所属地区，请把文件移到 {CONTENT}/{folder}/{written}/，"
                                         f"或改为 region: {parent.name}。")


# Story file names may be Chinese (three bytes a character): 150 bytes, 50 characters, keep them
# well inside every file system's 255-byte limit (143 in an encrypted home directory) and
# Windows' 260-character paths, wherever the project is checked out or copied.
MAX_STORY_NAME_BYTES = 150


def _name_problem(folder: str, stem: str, suffix: str) -> Optional[str]:
    if folder in STORY_FOLDERS:
        size = len(stem.encode("utf-8"))
        if size > MAX_STORY_NAME_BYTES:
            return (f"文件名有 {size} 字节（一个汉字占 3 字节），超过上限 {MAX_STORY_NAME_BYTES}：有的文件系统和 Windows "
                    "无法保存这么长的文件名，请改短（如 2019-03-05-lei-feng-day.md 或 雷锋日活动.md），标题写在 title 中。")
        if not ID_PATTERN.match(stem) or len(stem) <= MAX_ID_LENGTH:
            return None  # a slug-shaped name is the story's URL (slugs.py), an id like any other
    elif not ID_PATTERN.match(stem):
        return (f"文件名“{stem}”会成为网址的一部分，只能使用小写英文字母、数字和连字符，"
                f"如 kunming-2018{suffix}。")
    if len(stem) > MAX_ID_LENGTH:
        return (f"文件名有 {len(stem)} 个字符，超过上限 {MAX_ID_LENGTH}：文件名会成为 id 和网址的一部分，"
                f"请改短（如 kunming-2018{suffix}）。")
    return None


def file_inside(folder: Path, relative: str) -> Optional[Path]:
    """The existing file ``relative`` names under ``folder``, resolved; None when there is no
    such file or the path leaves the folder (``..``, an absolute path, a symlink out).  Photos
    and attachments are copied into the public site: this is the one rule for both."""
    if Path(relative).is_absolute():
        return None
    source = (folder / relative).resolve()
    return source if source.is_relative_to(folder.resolve()) and source.is_file() else None


def _escapes(root: Path, path: Path) -> bool:
    """True when ``path`` is, or goes through, a symlink that leads outside the project."""
    return not Path(os.path.realpath(path)).is_relative_to(root)


def _refuse_outside_links(root: Path, issues: list[Issue]) -> None:
    """Report every symlink under content/ (and campaigns.yaml) that leads outside the project.

    Whatever is under content/ may be copied into the public site, so a link to
    /etc/passwd or a colleague's home directory must never be followed.
    """
    for path in _links(root):
        if _escapes(root, path):
            issues.append(Issue(_display(root, path), 1, "",
                                f"这是指向项目之外（{os.readlink(path)}）的符号链接，为防止把服务器上的其他文件"
                                "发布出去，不会读取它：请把文件本身复制到这里，而不是链接。"))


def _links(root: Path) -> Iterator[Path]:
    for path in (root / SITE_FILE, root / CONTENT):
        if path.is_symlink():
            yield path
    content = root / CONTENT
    if content.is_symlink() or not content.is_dir():
        return
    for directory, dirs, files in os.walk(content):  # does not follow symlinked directories
        for name in sorted(dirs + files):
            path = Path(directory) / name
            if path.is_symlink():
                yield path


def _site_file_problem(root: Path) -> Optional[str]:
    site_path = root / SITE_FILE
    if not site_path.exists():
        return f"找不到入口文件 {SITE_FILE}，请在项目根目录运行，或用 --project 指定目录。"
    if not site_path.is_file():
        return f"{SITE_FILE} 应为文本文件，现在是一个目录（或特殊文件）：请删除它，换成站点设置文件。"
    return None


def _content_problem(root: Path) -> Optional[str]:
    content = root / CONTENT
    if not content.exists():
        return (f"项目中没有 {CONTENT}/ 目录（它应与 {SITE_FILE} 在同一目录，内含 campaigns/、regions/ 等）："
                "请确认 --project 指向的是项目根目录。")
    if not content.is_dir():
        return f"{CONTENT} 应为目录，现在是一个文件：请删除或改名，再新建 {CONTENT}/ 目录。"
    return None


def load_sources(root: Path) -> Sources:
    """Read and validate every source file of the project at ``root``."""
    root = root.resolve()
    sources = Sources(root)
    issues = sources.issues
    _refuse_outside_links(root, issues)
    site_path = root / SITE_FILE
    if _escapes(root, site_path):  # reported by _refuse_outside_links
        return sources
    problem = _site_file_problem(root)
    if problem is not None:
        issues.append(Issue(SITE_FILE, 1, "", problem))
        return sources
    used: set = set()
    sources.site = _load(root, site_path, SiteFile, issues, "site", used)
    if _escapes(root, root / CONTENT):  # reported by _refuse_outside_links
        sources.site = None  # nothing to resolve references against: no second error per campaign
        return sources
    problem = _content_problem(root)
    if problem is not None:
        issues.append(Issue(SITE_FILE, 1, "", problem))
        sources.site = None  # one message for the cause, not one per campaign listed
        return sources

    loaders = (
        ("regions", ".yaml", RegionFile, sources.regions),
        ("campaigns", ".yaml", CampaignFile, sources.campaigns),
        ("stations", ".yaml", StationFile, sources.stations),
        ("exemplars", ".md", ExemplarFile, sources.exemplars),
        ("news", ".md", NewsFile, sources.news),
    )
    for folder, suffix, model, target in loaders:
        present = sources.present.setdefault(folder, set())
        paths = _files(root, folder, suffix, issues, present)
        present.update(path.stem for path in paths)
        seen: dict[str, Path] = {}
        for path in paths:
            if path.stem in seen:  # the same id in two region folders
                issues.append(Issue(_display(root, path), 1, "",
                                    f"与 {_display(root, seen[path.stem])} 同名：文件名就是 id 和网址，"
                                    "不同地区的文件夹里也不能重复，请改名其中一个。"))
                continue
            seen[path.stem] = path
            record = _load(root, path, model, issues, folder, used)
            if record is not None:
                misplaced = region_folder_issue(record, folder) if folder in REGION_FOLDERS else None
                if misplaced is not None:
                    issues.append(misplaced)
                target[record.id] = record
    for key in set(_READ) - used:  # an edited file's earlier text is not read again
        del _READ[key]
    return sources
