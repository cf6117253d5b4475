"""What one source file says about ownership: its kind and id, its region, the units it names,
and (a region file) who owns the region and its units.

Read leniently from the raw YAML, not through the full schema: the ownership of a record must be
known even when the file has other mistakes (``portal check`` reports those), and of the base
revision, which the current schema may no longer accept.  An owner name that is not a valid
git host name is ignored here (``check`` reports it), so no text of a file reaches CODEOWNERS
except names of that one shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from generator.source.load import CONTENT, MAX_SOURCE_BYTES, REGION_FOLDERS, SITE_FILE
from generator.source.schema import _owner
from generator.source.yamlsource import Document, SourceError, decode_source, parse_front_matter, parse_yaml

SUFFIXES = {"regions": ".yaml", "campaigns": ".yaml", "stations": ".yaml", "exemplars": ".md", "news": ".md"}
KIND_NAMES = {"regions": "地区", "campaigns": "方案", "stations": "站点", "exemplars": "先进典型", "news": "动态"}


@dataclass(frozen=True)
class Place:
    """Where a record file sits: content/<kind>/[<region>/]<id><suffix>."""
    kind: str
    id: str
    folder: Optional[str]  # the region folder, if any


def place_of(path: str) -> Optional[Place]:
    parts = path.split("/")
    if len(parts) not in (3, 4) or parts[0] != CONTENT or parts[1] not in SUFFIXES:
        return None
    kind, name = parts[1], parts[-1]
    if len(parts) == 4 and kind not in REGION_FOLDERS or not name.endswith(SUFFIXES[kind]) or name.startswith("."):
        return None
    return Place(kind, name[:-len(SUFFIXES[kind])], parts[2] if len(parts) == 4 else None)


@dataclass(frozen=True)
class Unit:
    names: frozenset[str]  # name, full name and aliases: how records refer to it
    owners: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    path: str
    kind: str
    id: str
    region: Optional[str]  # the region it belongs to (a region file: itself)
    units: tuple[str, ...] = ()  # units it names as operator, hosts or leads
    label: str = ""  # a region file: its name, 昆明市
    owners: tuple[str, ...] = ()  # a region file: its owners
    unit_list: tuple[Unit, ...] = ()  # a region file: its units
    doc: Optional[Document] = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def line_of(self, *loc) -> int:
        return self.doc.line_of(tuple(loc)) if self.doc is not None else 1


def owner_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = []
    for item in value:
        try:
            names.append(_owner(item)) if isinstance(item, str) else None
        except ValueError:
            continue
    return tuple(names)


def parse(path: str, data: Optional[bytes]) -> Optional[Document]:
    if data is None or len(data) > MAX_SOURCE_BYTES:
        return None
    try:
        text = decode_source(data, path)
        if path.endswith(".md"):
            return parse_front_matter(text, Path(path), path)[0]
        return parse_yaml(text, Path(path), path)
    except SourceError:
        return None


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def facts_of(path: str, data: Optional[bytes]) -> Optional[Facts]:
    """The facts of a record file, or None when ``path`` is not one.  An unreadable file still
    has its kind, id and (in a region folder) its region."""
    place = place_of(path)
    if place is None:
        return None
    doc = parse(path, data)
    body = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    if place.kind == "regions":
        units = []
        for unit in body.get("units") or []:
            if isinstance(unit, dict):
                names = [_text(unit.get("name")), _text(unit.get("full_name")),
                         *(_text(a) for a in (unit.get("aliases") or []) if isinstance(unit.get("aliases"), list))]
                units.append(Unit(frozenset(n for n in names if n), owner_names(unit.get("owners"))))
        return Facts(path, place.kind, place.id, place.id, label=_text(body.get("name")) or place.id,
                     owners=owner_names(body.get("owners")), unit_list=tuple(units), doc=doc)
    region = _text(body.get("region")) or place.folder
    named: list[Any] = []
    if place.kind == "stations":
        named = [body.get("operator")]
    elif place.kind == "campaigns":
        for key in ("hosts", "leads"):
            named += body.get(key) if isinstance(body.get(key), list) else []
    return Facts(path, place.kind, place.id, region, units=tuple(n for n in named if _text(n)), doc=doc)


def editors_of(data: Optional[bytes]) -> tuple[str, ...]:
    """campaigns.yaml's site.editors."""
    doc = parse(SITE_FILE, data)
    site = doc.data.get("site") if doc is not None and isinstance(doc.data, dict) else None
    return owner_names(site.get("editors")) if isinstance(site, dict) else ()


def editor_backend(data: Optional[bytes]) -> Optional[str]:
    """campaigns.yaml's site.editor.backend (gitea or gitlab), the host CODEOWNERS is for by default."""
    doc = parse(SITE_FILE, data)
    site = doc.data.get("site") if doc is not None and isinstance(doc.data, dict) else None
    editor = site.get("editor") if isinstance(site, dict) else None
    backend = editor.get("backend") if isinstance(editor, dict) else None
    return backend if backend in ("gitea", "gitlab") else None
