"""Load phase: find every source file, parse it, and validate it against its model.

All problems are collected; the caller decides to stop.  Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Issue, pydantic_message
from .models import CampaignFile, ExemplarFile, NewsFile, RegionFile, SiteFile, StationFile
from .yamlsource import Document, YamlSyntaxError, parse_front_matter, parse_yaml

M = TypeVar("M", bound=BaseModel)

SITE_FILE = "campaigns.yaml"
CONTENT = "content"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Record(Generic[M]):
    id: str
    model: M
    doc: Document
    body: str = ""  # Markdown body (exemplar stories)
    body_line: int = 1


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


def validate_document(doc: Document, model: type[M], issues: list[Issue]) -> Optional[M]:
    """Validate parsed data; map each pydantic error back to its file:line."""
    if not isinstance(doc.data, dict):
        issues.append(doc.issue((), "文件内容应为“键: 值”形式的映射（文件为空或格式不对）。"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            issues.append(doc.issue(error["loc"], pydantic_message(error)))
        return None


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read(root: Path, path: Path, issues: list[Issue]) -> Optional[str]:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        issues.append(Issue(_display(root, path), 1, "", "文件不是 UTF-8 编码，请用 UTF-8 另存后再试。"))
    except OSError as exc:
        issues.append(Issue(_display(root, path), 1, "", f"无法读取文件：{exc.strerror}。"))
    return None


def _load_yaml(root: Path, path: Path, model: type[M], issues: list[Issue]) -> Optional[Record[M]]:
    text = _read(root, path, issues)
    if text is None:
        return None
    try:
        doc = parse_yaml(text, path, _display(root, path))
    except YamlSyntaxError as exc:
        issues.append(exc.issue)
        return None
    parsed = validate_document(doc, model, issues)
    return Record(path.stem, parsed, doc) if parsed is not None else None


def _load_markdown(root: Path, path: Path, model: type[M], issues: list[Issue]) -> Optional[Record[M]]:
    text = _read(root, path, issues)
    if text is None:
        return None
    try:
        doc, body, body_line = parse_front_matter(text, path, _display(root, path))
    except YamlSyntaxError as exc:
        issues.append(exc.issue)
        return None
    parsed = validate_document(doc, model, issues)
    return Record(path.stem, parsed, doc, body, body_line) if parsed is not None else None


STORY_FOLDERS = ("exemplars", "news")  # file names may be Chinese: the URL is derived (see slugs.py)


def _files(root: Path, folder: str, suffix: str, issues: list[Issue]) -> list[Path]:
    directory = root / CONTENT / folder
    if not directory.is_dir():
        return []
    paths = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix != suffix:
            if path.suffix in (".yml", ".yaml", ".md", ".markdown"):
                issues.append(Issue(_display(root, path), 1, "",
                                    f"扩展名应为 {suffix}，否则该文件不会被读取。"))
            continue
        if folder not in STORY_FOLDERS and not ID_PATTERN.match(path.stem):
            issues.append(Issue(_display(root, path), 1, "",
                                f"文件名“{path.stem}”会成为网址的一部分，只能使用小写英文字母、数字和连字符，"
                                f"如 kunming-2018{suffix}。"))
            continue
        paths.append(path)
    return paths


def load_sources(root: Path) -> Sources:
    """Read and validate every source file of the project at ``root``."""
    root = root.resolve()
    sources = Sources(root)
    issues = sources.issues
    site_path = root / SITE_FILE
    if not site_path.is_file():
        issues.append(Issue(SITE_FILE, 1, "", f"找不到入口文件 {SITE_FILE}，请在项目根目录运行，或用 --project 指定目录。"))
        return sources
    sources.site = _load_yaml(root, site_path, SiteFile, issues)

    loaders = (
        ("regions", ".yaml", RegionFile, sources.regions, _load_yaml),
        ("campaigns", ".yaml", CampaignFile, sources.campaigns, _load_yaml),
        ("stations", ".yaml", StationFile, sources.stations, _load_yaml),
        ("exemplars", ".md", ExemplarFile, sources.exemplars, _load_markdown),
        ("news", ".md", NewsFile, sources.news, _load_markdown),
    )
    for folder, suffix, model, target, load in loaders:
        paths = _files(root, folder, suffix, issues)
        sources.present[folder] = {path.stem for path in paths}
        for path in paths:
            record = load(root, path, model, issues)
            if record is not None:
                target[record.id] = record
    return sources
