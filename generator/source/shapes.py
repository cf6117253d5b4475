"""How editors write the schema's value types, for the people and tools that help them.

A ``Shape`` rides along in a type's ``Annotated`` metadata (``Slug``, ``Day``, ``Clock`` … in
schema.py).  Validation ignores it; the field reference (fields.py) prints its Chinese name and
rule, and the JSON Schema (json_schema.py) gains what pydantic cannot see inside our validators —
an id's pattern, a time's format — so an editor's YAML plugin flags the same mistakes early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, eq=False)  # compared by identity: hashable although it holds a dict
class Shape:
    kind: str  # machine name for form generators: id, date, month, time, rrule, url, host, path …
    name: str  # the type in the field reference: 日期, id …
    rule: str = ""  # how to write it, in Chinese: YYYY-MM-DD …
    json: dict[str, Any] = field(default_factory=dict)  # added to pydantic's JSON Schema for the type

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.update(self.json)
        return schema
