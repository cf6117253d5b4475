"""The valid part of a file with schema errors, so that the model's checks still run on it.

Without it, a file with one wrong value was left out of the model phase, and its unknown units,
stations and dates were reported only once that value was fixed — errors came in rounds.  The
errors themselves are reported by the caller; here the data is pared down until it validates:

- a misspelt key (``houres``) is renamed to the field it most likely means, if that is missing;
- any other unknown key, and an optional field with a wrong value, is left out;
- a required one-line text (an address, a photo's alt) or choice (a station's kind) gets a
  stand-in, so its record stays;
- anything else takes the nearest enclosing list item with it (one activity, one photo).

What validates is the file as the model phase sees it.  A list item left out would shift the
indexes of the items after it: ``kept`` maps each list back to the original indexes, so every
later message names the line and ``activities[n]`` the editor wrote (yamlsource.Document).
Nothing is published from it: the file has errors, so the build stops before writing.
"""

from __future__ import annotations

import copy
import typing
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import AfterValidator, BaseModel, ValidationError

from generator.source import field_help, schema
from generator.source.yamlsource import format_loc

MAX_ROUNDS = 8  # each round settles every error of the previous validation; real files need two
_GONE = object()  # a list item left out
NAME_KEYS = ("id", "name")  # how list items are referred to: a stand-in would be a wrong name


@dataclass
class Salvaged:
    model: BaseModel
    data: Any  # what validated: the original data without what was left out
    kept: dict[tuple, list[int]]  # an original list's loc → the original indexes still in it
    renamed: dict[tuple, str]  # a misspelt key's loc as the field it meant → the key as written
    withdrawn: frozenset[str]  # ids, names and aliases of the list items left out


def salvage(model: type[BaseModel], data: dict, errors: list[dict], display: str) -> Optional[Salvaged]:
    work = copy.deepcopy(data)
    kept: dict[tuple, list[int]] = {}
    renamed: dict[tuple, str] = {}
    stand_ins: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        # Renamed keys first: a "missing" error for the field a misspelt key meant is then settled.
        ordered = sorted(errors, key=lambda error: error["type"] != "extra_forbidden")
        for error in ordered:
            if not _settle(model, work, _original(tuple(error["loc"]), kept), error, stand_ins, renamed, display):
                return None
        clean, kept = _compact(work, ())
        try:
            parsed = model.model_validate(clean)
        except ValidationError as exc:
            errors = exc.errors()
            continue
        return Salvaged(parsed, clean, kept, renamed, frozenset(_names_left_out(data, work)))
    return None


def _settle(model, work, loc: tuple, error: dict, stand_ins: set, renamed: dict, display: str) -> bool:
    """Change ``work`` so that this error goes away; False when only the whole file would do."""
    if error["type"] == "extra_forbidden":
        parent = _get(work, loc[:-1])
        if isinstance(parent, dict) and loc[-1] in parent:
            meant = _meant(model, loc, parent)
            value = parent.pop(loc[-1])
            if meant is not None:
                parent[meant] = value
                renamed[loc[:-1] + (meant,)] = loc[-1]
        return True
    if error["type"] == "missing" and isinstance(parent := _get(work, loc[:-1]), dict) and loc[-1] in parent:
        return True  # a misspelt key was renamed to it
    for depth in range(len(loc), 0, -1):
        point, last = loc[:depth], loc[depth - 1]
        container = _get(work, point[:-1])
        if isinstance(last, int):
            if isinstance(container, list) and last < len(container) and container[last] is not _GONE:
                container[last] = _GONE
                return True
            continue
        if not isinstance(container, dict):
            continue
        found = field_help.field_at(model, point)
        if found is None or not found[1].is_required():
            if last in container:
                del container[last]
                return True
            continue
        stand_in = _stand_in(point, found[1], display) if point not in stand_ins else None
        if stand_in is not None:
            container[last] = stand_in
            stand_ins.add(point)
            return True
    return False


def _meant(model, loc: tuple, parent: dict) -> Optional[str]:
    owner = field_help.model_at(model, loc[:-1])
    return field_help.likely_field(owner, loc[-1], parent) if owner is not None else None


def _stand_in(point: tuple, field, display: str):
    """A value for a required field that keeps its record in the model phase, or None: a
    one-line text that names nothing others refer to, or the first choice of a fixed list (a
    station's kind).  Ids, references, dates and numbers have none: a wrong one would be an error."""
    if typing.get_origin(field.annotation) is typing.Literal:
        return typing.get_args(field.annotation)[0]
    if field.annotation is not str:
        return None
    if any(isinstance(meta, AfterValidator) and meta.func is not schema.visible_text for meta in field.metadata):
        return None  # an id, a date, a time: a stand-in would not be one
    if point[-1] in NAME_KEYS and any(isinstance(part, int) for part in point):
        return None
    return f"（{display} 的 {format_loc(point)} 待补）"


def _get(data, loc: tuple):
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
        if data is _GONE:
            return None
    return data


def _compact(data, loc: tuple):
    """``data`` without the items left out, and the original indexes of every list that lost some."""
    kept: dict[tuple, list[int]] = {}
    if isinstance(data, dict):
        clean = {}
        for key, value in data.items():
            clean[key], inner = _compact(value, loc + (key,))
            kept.update(inner)
        return clean, kept
    if isinstance(data, list):
        indexes = [index for index, item in enumerate(data) if item is not _GONE]
        if len(indexes) != len(data):
            kept[loc] = indexes
        clean = []
        for index in indexes:
            item, inner = _compact(data[index], loc + (index,))
            clean.append(item)
            kept.update(inner)
        return clean, kept
    return data, kept


def _original(loc: tuple, kept: dict[tuple, list[int]]) -> tuple:
    """A loc in the compacted data → the same node's loc in the original data."""
    out: tuple = ()
    for part in loc:
        if isinstance(part, int) and out in kept and part < len(kept[out]):
            part = kept[out][part]
        out += (part,)
    return out


def _names_left_out(original, work) -> set[str]:
    """What references to a left-out list item would name: its id, name and aliases."""
    names: set[str] = set()
    if isinstance(work, dict) and isinstance(original, dict):
        for key, value in work.items():
            names |= _names_left_out(original.get(key), value)
    elif isinstance(work, list) and isinstance(original, list):
        for item, before in zip(work, original):
            if item is _GONE:
                names |= _names_of(before)
            else:
                names |= _names_left_out(before, item)
    return names


def _names_of(item) -> set[str]:
    if not isinstance(item, dict):
        return {item} if isinstance(item, str) else set()
    names = {item[key] for key in NAME_KEYS if isinstance(item.get(key), str)}
    aliases = item.get("aliases")
    return names | ({alias for alias in aliases if isinstance(alias, str)} if isinstance(aliases, list) else set())
