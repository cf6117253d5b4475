"""What the editor meant by a key: the schema's fields along a path, the field a misspelt key
likely means, and what a missing required field is for — so that messages name them.

"缺少必填字段" alone does not tell an editor why a photo needs an ``alt`` or what to write: a
missing field is named with its title, description and an example, from the schema itself
(``Field(title=…, description=…, examples=…)``, the same text as the field reference).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.errors import FIELD_REFERENCE


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X, Annotated[X, …] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _step(annotation: Any, part) -> Any:
    """The annotation one step down: a list's item for an index, a model's field for a key."""
    annotation = _unwrap(annotation)
    if isinstance(part, int):
        return _unwrap(typing.get_args(annotation)[0]) if typing.get_origin(annotation) is list else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(part)
        return _unwrap(field.annotation) if field is not None else None
    return None


def model_at(model: type[BaseModel], loc: tuple) -> Optional[type[BaseModel]]:
    """The model of the mapping at ``loc`` (None: not a mapping of the schema)."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def field_at(model: type[BaseModel], loc: tuple) -> Optional[tuple[type[BaseModel], FieldInfo]]:
    """The model and field a key path ends in."""
    if not loc or not isinstance(loc[-1], str):
        return None
    parent = model_at(model, loc[:-1])
    field = parent.model_fields.get(loc[-1]) if parent is not None else None
    return (parent, field) if field is not None else None


def purpose(model: type[BaseModel], name: str) -> Optional[str]:
    """“图片说明，给看不见图片的读者的说明：图片里有什么”: the field's title and description."""
    field = model.model_fields.get(name)
    if field is None:
        return None
    parts = [text.strip().rstrip("。") for text in (field.title, field.description) if text and text.strip()]
    return "，".join(parts) or None


def missing_message(model: type[BaseModel], name: str) -> str:
    what = purpose(model, name)
    field = model.model_fields.get(name)
    example = next(iter(field.examples or ()), None) if field is not None else None
    line = f"“{name}: {example}”" if isinstance(example, (str, int, float)) and not isinstance(example, bool) \
        else f"“{name}: …”"
    return f"缺少 {name}" + (f"（{what}）" if what else "") + f"：请在这里补上一行，如{line}。"


def likely_field(model: type[BaseModel], key, taken) -> Optional[str]:
    """The field a misspelt key most likely means, among those not written already."""
    choices = [name for name in model.model_fields if name not in taken]
    close = difflib.get_close_matches(str(key), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_message(model: type[BaseModel], key, meant: Optional[str]) -> str:
    if meant is not None:
        return f"未知字段“{key}”：是否想写 {meant}？请改正拼写（字段名见字段说明 {FIELD_REFERENCE}）。"
    names = list(model.model_fields)
    if len(names) <= 20:
        return f"未知字段“{key}”（可能是拼写错误）：这里可用的字段有 {'、'.join(names)}。"
    return f"未知字段“{key}”（可能是拼写错误），请对照字段说明 {FIELD_REFERENCE}。"
