"""Every field editors may write, per kind of file, read from the schema's models.

``file_kinds()`` is a plain structure — per file: its place, and per field: the key, the Chinese
label and meaning (the models' ``Field(title=…, description=…)``), the type in words and as a
machine name, whether it is required, its default, the values allowed and an example — from
which the field reference and the JSON Schemas are made (render/field_reference.py,
source/json_schema.py), and which a form generator (a CMS's collections) can read as well.
Nothing here validates: the models do; this only describes them.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Optional, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.source import schema
from generator.source.load import SITE_FILE
from generator.source.shapes import Shape
from generator.source.yamlsource import StrictLoader


@dataclass(frozen=True)
class FieldDoc:
    name: str  # the key as written
    path: str  # from the top of the file: activities[].when.date
    label: str  # 中文名称
    meaning: str  # 含义
    kind: str  # machine name: text, markdown, prose, id, date, month, time, rrule, url, host, path, key,
    #            keyday, integer, number, boolean, choice, mapping
    type: str  # the type in Chinese: 一行文字, 日期 …
    rule: str  # how to write it: format, bounds, number of items
    required: bool
    default: Any  # the value when the key is left out; None when there is none
    allowed: tuple  # the only values accepted (choices), else empty
    example: Any  # a value as YAML data; None for a mapping or a list of mappings
    many: bool  # a list: of values of `kind`, or of mappings with `fields`
    min_items: int  # for a list
    model: Optional[type[BaseModel]]  # the mapping's model (for a mapping or a list of mappings)
    fields: tuple["FieldDoc", ...]  # the mapping's keys, or those of each list item

    @property
    def is_mapping(self) -> bool:
        return self.model is not None


@dataclass(frozen=True)
class FileKind:
    key: str  # site, region, campaign, station, exemplar, news: names the JSON Schema file
    title: str  # 中文名称
    path: str  # where such a file lives, for people: content/stations/<地区id>/<站点id>.yaml
    glob: str  # the same as a glob pattern: content/stations/**/*.yaml
    front_matter: bool  # Markdown with YAML front matter (not seen by YAML editor plugins)
    description: str
    model: type[BaseModel]
    fields: tuple[FieldDoc, ...]


# (key, title, path, glob, front matter, description, model)
_KINDS = (
    ("site", "网站设置", SITE_FILE, SITE_FILE, False,
     "全站只有一个：网站名称和网址、活动分类、站点建设标准，以及要发布的方案列表。", schema.SiteFile),
    ("region", "地区和单位", "content/regions/<地区id>.yaml", "content/regions/*.yaml", False,
     "一个市或区县，以及方案中出现的本地单位（主办、牵头、责任单位）。文件名就是地区 id。", schema.RegionFile),
    ("campaign", "活动方案", "content/campaigns/<方案id>.yaml", "content/campaigns/*.yaml", False,
     "一份方案：基本信息、板块、月度主题、活动、指标、报送节点和联系人。文件名就是方案 id，"
     "还要登记在 campaigns.yaml 的 campaigns 中。", schema.CampaignFile),
    ("station", "志愿服务站", "content/stations/<地区id>/<站点id>.yaml", "content/stations/**/*.yaml", False,
     "一个学雷锋志愿服务站（点），放在所属地区的文件夹里。文件名就是站点 id，会成为站点网址的一部分。", schema.StationFile),
    ("exemplar", "先进典型", "content/exemplars/<地区id>/<id>.md", "content/exemplars/**/*.md", True,
     "一篇先进典型故事：开头是“---”包围的元数据（下列字段），后面是 Markdown 正文。", schema.ExemplarFile),
    ("news", "动态", "content/news/<地区id>/<文件名>.md", "content/news/**/*.md", True,
     "一条动态：开头是“---”包围的元数据（下列字段），后面是 Markdown 正文。文件名可以用中文。", schema.NewsFile),
)

_BASIC = {  # Python type → (kind, Chinese name)
    str: ("text", "一行文字"),
    bool: ("boolean", "true 或 false"),
    int: ("integer", "整数"),
    float: ("number", "数字"),
}


@lru_cache(maxsize=None)
def file_kinds() -> tuple[FileKind, ...]:
    return tuple(FileKind(key, title, path, glob, front, description, model, model_fields(model, ""))
                 for key, title, path, glob, front, description, model in _KINDS)


def file_kind(key: str) -> FileKind:
    return next(kind for kind in file_kinds() if kind.key == key)


def model_fields(model: type[BaseModel], prefix: str) -> tuple[FieldDoc, ...]:
    return tuple(_field(name, info, prefix) for name, info in model.model_fields.items())


def walk(fields: tuple[FieldDoc, ...]):
    """Every field, depth first, a mapping before its keys."""
    for doc in fields:
        yield doc
        yield from walk(doc.fields)


def _field(name: str, info: FieldInfo, prefix: str) -> FieldDoc:
    key = info.alias or name
    path = f"{prefix}.{key}" if prefix else key
    shape = _Type.of(info.annotation, list(info.metadata))
    item = shape.item or shape
    fields = model_fields(item.model, path + ("[]" if shape.many else "")) if item.model else ()
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    if isinstance(default, BaseModel):
        default = None  # a mapping's defaults are its keys' defaults
    examples = info.examples or [None]
    return FieldDoc(
        name=key, path=path, label=info.title or "", meaning=info.description or "",
        kind=item.kind, type=shape.type_name(), rule=shape.rule_text(), required=info.is_required(),
        default=default if default not in ([], "") else None, allowed=item.allowed,
        example=examples[0], many=shape.many, min_items=shape.min_items, model=item.model, fields=fields)


@dataclass
class _Type:
    """What one annotation means to an editor."""

    kind: str = "text"
    name: str = "一行文字"
    rules: tuple[str, ...] = ()
    allowed: tuple = ()
    model: Optional[type[BaseModel]] = None
    many: bool = False
    item: Optional["_Type"] = None
    min_items: int = 0

    @classmethod
    def of(cls, annotation: Any, metadata: list) -> "_Type":
        while True:  # Optional[X] → X; Annotated[X, …] → X with its metadata
            if get_origin(annotation) in (Union, types.UnionType):
                annotation = next(a for a in get_args(annotation) if a is not type(None))
            elif get_origin(annotation) is Annotated:
                metadata = [*annotation.__metadata__, *metadata]
                annotation = annotation.__origin__
            else:
                break
        metadata = [m for item in metadata for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
        if get_origin(annotation) is list:
            (item_annotation,) = get_args(annotation)
            found = cls(many=True, item=cls.of(item_annotation, []))
            found.min_items = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)
            return found
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return cls("mapping", "映射", model=annotation)
        if get_origin(annotation) is Literal:
            return cls("choice", "以下之一", allowed=get_args(annotation))
        shape = next((m for m in metadata if isinstance(m, Shape)), None)
        if shape is not None:
            found = cls(shape.kind, shape.name, (shape.rule,) if shape.rule else (),
                        allowed=tuple(shape.json.get("enum", ())))
        elif annotation is dt.date:
            found = cls("date", "日期", ("YYYY-MM-DD",))
        else:
            found = cls(*_BASIC[annotation])
        found.rules += _bounds(metadata)
        return found

    def type_name(self) -> str:
        if not self.many:
            return self.name
        count = f"（至少 {self.min_items} 项）" if self.min_items else ""
        return f"列表{count}，每项" + ("是一个映射" if self.item.model is not None else f"：{self.item.name}")

    def rule_text(self) -> str:
        return "；".join((self.item or self).rules)


def _bounds(metadata: list) -> tuple[str, ...]:
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    if low is not None and high is not None:
        return (f"{low} 至 {high}",)
    if low is not None:
        return (f"不小于 {low}",)
    if high is not None:
        return (f"不大于 {high}",)
    return ()


class _Dumper(yaml.SafeDumper):
    """Writes values as the project's loader reads them (yamlsource.StrictLoader, YAML 1.2 core):
    dates, yes/no and 16:00 need no quotes, "4221202" and "%" do — in the double quotes the
    messages ask for."""

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


_Dumper.yaml_implicit_resolvers = {first: list(resolvers)
                                   for first, resolvers in StrictLoader.yaml_implicit_resolvers.items()}


def yaml_text(value: Any) -> str:
    """One line of YAML for a value: 2018-03-05, [市文明办, 团市委], 16:00, "4221202"."""
    text = yaml.dump(value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=10_000,
                     sort_keys=False)
    return text.removesuffix("\n...\n").strip()
