"""Decap CMS's config.yml, generated from the schema: the form editor for non-programmers.

Each collection is one folder of content/ and one pydantic model of source/schema.py; its form
fields are the model's fields, walked here, so a field added to the schema appears in the form
(with its name as label until LABELS gives it a Chinese one).  Widgets follow the field's type:

    Text, str            string          Markdown          markdown (what the HTML gate allows)
    Prose                text            date (Day)        datetime, written as YYYY-MM-DD
    bool                 boolean         int / float       number, with the schema's bounds
    Literal[...]         select          nested model      object / list of objects
    a reference to another record (region, campaign, station …): a select of the project's ids

Campaign plans (campaigns.yaml, content/campaigns/) stay YAML: they are long documents written by
the people who draft the plans, and references inside them are checked by `portal check`.

What Decap writes back must load as the same model: dates as YYYY-MM-DD strings, the body of a
story as the Markdown after the front matter, photos as file names under content/images/
(public_folder "" keeps the name as it is).  site_tests/test_decap.py checks that round trip.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args, get_origin

import yaml
from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.gate.raster import MAX_BYTES
from generator.source import schema
from generator.source.images import IMAGE_SUFFIXES
from generator.source.load import CONTENT, Sources, load_sources

MEDIA_FOLDER = f"{CONTENT}/images"
DATE_FORMAT = "YYYY-MM-DD"  # dayjs: the ISO date source/schema.py reads


@dataclass(frozen=True)
class Collection:
    name: str
    label: str
    label_singular: str
    model: type[BaseModel]
    folder: str
    markdown: bool  # a Markdown file whose front matter is the model and whose body is the text
    slug: str  # Decap's file name template; what load.py accepts as a file name
    description: str


COLLECTIONS = (
    Collection("news", "动态", "动态", schema.NewsFile, f"{CONTENT}/news", True,
               # Story file names may be Chinese; 40 characters stay inside MAX_STORY_NAME_BYTES.
               "{{year}}-{{month}}-{{day}}-{{slug | truncate(40, '')}}",
               "新闻动态：每条一个 content/news/ 下的 Markdown 文件。网址取自标题的拼音，发布后不再改变。"),
    Collection("exemplars", "先进典型", "先进典型", schema.ExemplarFile, f"{CONTENT}/exemplars", True,
               "{{slug | truncate(40, '')}}",
               "最美志愿者、最佳志愿服务组织、项目和社区的事迹：每个一个 content/exemplars/ 下的 Markdown 文件。"),
    # A station's file name is its id (a URL segment and the name plans refer to it by): Decap
    # cannot make pinyin, so a new station gets a dated id; a programmer may rename it before
    # the station is published.
    Collection("stations", "服务站点", "服务站点", schema.StationFile, f"{CONTENT}/stations", False,
               "station-{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}",
               "学雷锋志愿服务站（点）：每个一个 content/stations/ 下的 YAML 文件。"),
)

# Form labels, by field name (the same name means the same thing in every model).
LABELS = {
    "name": "名称", "kind": "类型", "region": "所属地区", "district": "区县", "address": "地址",
    "location": "地图位置", "lat": "纬度（WGS-84）", "lon": "经度（WGS-84）", "approximate": "位置为估计值",
    "standard": "建设标准", "meets": "已达到的标准项目", "services": "服务项目", "hours": "服务时间",
    "contact": "联系方式", "phone": "电话", "email": "电子邮箱", "wechat": "微信", "public": "同意公开的个人信息",
    "operator": "运营单位", "campaigns": "参与的活动方案", "campaign": "所属活动方案", "description": "介绍",
    "sample": "示例内容（页面显示“示例”标记）", "poster_qr": "海报二维码指向的网址",
    "title": "标题", "date": "日期", "author": "作者", "slug": "网址名（可不填）", "aliases": "旧网址名",
    "summary": "摘要", "photos": "图片", "src": "图片文件", "alt": "图片内容说明（替代文字）",
    "credit": "摄影或来源", "caption": "图片说明文字", "draft": "草稿（不发布）", "publish": "定时发布日期",
    "expires": "下架日期（之后只在归档中列出）", "organisation": "所在单位", "year": "评选年度",
    "activities": "相关活动", "stations": "相关服务站点", "body": "正文",
}
HINTS = {
    "slug": "只能用小写英文字母、数字和连字符；不填时网址取标题的拼音。发布后不要再改。",
    "aliases": "网址改过时，在这里填旧的网址名，旧链接会跳转到新网址。",
    "lat": "在地图软件中取点，填 WGS-84 坐标（天地图、GPS 的坐标即是）。",
    "alt": "给看不见图片的读者：写清图片上有什么，如“志愿者在广场为老人量血压”。",
    "public": "只勾选本人同意公开的信息；未勾选的手机号等个人号码会被检查拒绝。",
    "publish": "到这一天才发布，每日自动生成时上线。",
    "draft": "草稿只在本地预览中显示，不会发布。",
    "meets": "只能选所选建设标准中的项目。",
    "src": f"上传 {'、'.join(s.lstrip('.') for s in IMAGE_SUFFIXES)} 图片，文件名只用字母、数字、汉字和 - _ .",
}
PUBLIC_LABELS = {"phone": "电话", "name": "姓名", "role": "职务", "email": "电子邮箱", "wechat": "微信",
                 "body": "正文中的号码", "summary": "摘要中的号码"}

# Markdown the HTML gate keeps (gate/html.py): no raw HTML, no images inside the text (photos are
# a field of their own, with alt text and credit), no code.
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list",
                    "numbered-list"]


@dataclass(frozen=True)
class Choices:
    """What a reference field may name, from the project as it is now: value → label."""

    regions: dict[str, str]
    campaigns: dict[str, str]
    standards: dict[str, str]
    standard_items: dict[str, str]
    stations: dict[str, str]
    activities: dict[str, str]
    units: dict[str, str]

    def of(self, field_name: str) -> Optional[dict[str, str]]:
        return {"region": self.regions, "campaign": self.campaigns, "campaigns": self.campaigns,
                "standard": self.standards, "meets": self.standard_items, "stations": self.stations,
                "activities": self.activities, "operator": self.units}.get(field_name)


def project_choices(sources: Sources) -> Choices:
    """The ids a form may offer, from whatever of the project loads (a file with a mistake is left out)."""
    site = sources.site.model if sources.site else None
    regions = {key: record.model.name for key, record in sorted(sources.regions.items())}
    campaigns = {key: record.model.short_title for key, record in sorted(sources.campaigns.items())}
    activities = {f"{key}/{activity.id}": f"{record.model.short_title}：{activity.title}"
                  for key, record in sorted(sources.campaigns.items()) for activity in record.model.activities}
    standards = {standard.id: standard.name for standard in site.standards} if site else {}
    items = {item.name: f"{item.name}（{standard.name}）" for standard in (site.standards if site else ())
             for item in standard.items}
    stations = {key: record.model.name for key, record in sorted(sources.stations.items())}
    units = {unit.name: f"{unit.name}（{record.model.name}）"
             for _, record in sorted(sources.regions.items()) for unit in record.model.units}
    return Choices(regions, campaigns, standards, items, stations, activities, units)


# --- the walk over a model's fields ------------------------------------------------------


def _unwrap(annotation: Any, metadata: list) -> tuple[Any, list, bool]:
    """The type inside Annotated[...] and Optional[...], all metadata found, and whether None is allowed."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Union or origin is types.UnionType:
            arguments = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(arguments) < len(get_args(annotation))
            annotation = arguments[0]
        elif hasattr(annotation, "__metadata__"):
            metadata = [*metadata, *annotation.__metadata__]
            annotation = annotation.__origin__
        else:
            return annotation, metadata, optional


def _bounds(metadata: list) -> dict[str, Any]:
    bounds = {}
    for item in metadata:
        for constraint in getattr(item, "metadata", [item]):  # FieldInfo carries its own list
            if isinstance(constraint, Ge):
                bounds["min"] = constraint.ge
            elif isinstance(constraint, Le):
                bounds["max"] = constraint.le
    return bounds


def _is_markdown(metadata: list) -> bool:
    return schema.MARKDOWN in metadata


def _is_long_text(metadata: list) -> bool:
    return schema.LONG_TEXT in metadata


def _label(name: str) -> str:
    return LABELS.get(name, name)


def _options(values, labels: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": labels.get(value, value), "value": value} for value in values]


def _widget(name: str, annotation: Any, metadata: list, choices: Optional[Choices]) -> dict[str, Any]:
    """The widget (and its options) for one value of the given type."""
    kind, metadata, _ = _unwrap(annotation, metadata)
    reference = choices.of(name) if choices is not None else None
    if get_origin(kind) is list:
        (item,) = get_args(kind)
        item_kind, item_metadata, _ = _unwrap(item, [])
        if reference is not None:
            return {"widget": "select", "multiple": True, "options": _options(reference, reference)}
        if get_origin(item_kind) is Literal:
            labels = PUBLIC_LABELS if name == "public" else {}
            return {"widget": "select", "multiple": True, "options": _options(get_args(item_kind), labels)}
        if isinstance(item_kind, type) and issubclass(item_kind, BaseModel):
            return {"widget": "list", "fields": model_fields(item_kind, None)}
        return {"widget": "list", "field": {"name": name, "label": _label(name),
                                           **_widget(name, item, [], None)}}
    if reference is not None:
        return {"widget": "select", "options": _options(reference, reference)}
    if get_origin(kind) is Literal:
        return {"widget": "select", "options": _options(get_args(kind), {})}
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": model_fields(kind, None)}
    if kind is bool:
        return {"widget": "boolean"}
    if kind is int or kind is float:
        return {"widget": "number", "value_type": "int" if kind is int else "float", **_bounds(metadata)}
    if kind is dt.date:
        # A date, not a moment: no time; the day the editor picks (in the editor's own time zone)
        # written as the string the schema reads.
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False}
    if kind is str:
        if name == "src":  # a photo: the file name under content/images/
            return {"widget": "image", "choose_url": False, "media_library": {"config": {"max_file_size": MAX_BYTES}}}
        if _is_markdown(metadata):
            return markdown_widget()
        if _is_long_text(metadata):
            return {"widget": "text"}
        return {"widget": "string"}
    raise TypeError(f"no Decap widget for {name}: {kind!r}")  # a new type in schema.py needs one here


def markdown_widget() -> dict[str, Any]:
    return {"widget": "markdown", "buttons": MARKDOWN_BUTTONS, "editor_components": [],
            "modes": ["rich_text", "raw"], "sanitize_preview": True}


# What an entry is, first; the fields most entries leave alone, last; the schema's order otherwise.
FIRST = ("name", "title", "kind", "date", "year", "region", "campaign")
LATER = ("slug", "aliases", "public", "draft", "publish", "expires", "sample", "poster_qr")


def _place(name: str) -> tuple[int, int]:
    if name in FIRST:
        return 0, FIRST.index(name)
    return (2 if name in LATER else 1), 0


def model_fields(model: type[BaseModel], choices: Optional[Choices]) -> list[dict[str, Any]]:
    """Decap fields for every field of ``model`` (the order of the form is the order Decap
    writes the keys in)."""
    names = sorted(model.model_fields, key=_place)  # stable: the schema's order within a group
    return [_field(name, model.model_fields[name], choices) for name in names]


def _field(name: str, info: FieldInfo, choices: Optional[Choices]) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "label": _label(name)}
    widget = _widget(name, info.annotation, list(info.metadata), choices)
    field.update(widget)
    hint = HINTS.get(name) or info.description
    if hint:
        field["hint"] = hint
    if not info.is_required():
        # No `default`: a field left alone is not written, and the schema's default applies.
        field["required"] = False
    if widget["widget"] == "list" or widget.get("multiple"):
        minimum = next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)
        maximum = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)
        if minimum:
            field["min"] = minimum
        if maximum is not None:
            field["max"] = maximum
    return field


# --- the whole file --------------------------------------------------------------------------


def collection_config(collection: Collection, choices: Optional[Choices]) -> dict[str, Any]:
    fields = model_fields(collection.model, choices)
    if collection.markdown:  # the text after the front matter, below the fields it follows in the form
        at = next(i for i, field in enumerate(fields) if field["name"] == "photos")
        fields.insert(at, {"name": "body", "label": _label("body"), **markdown_widget(), "required": False})
    identifier = "title" if "title" in collection.model.model_fields else "name"
    config = {
        "name": collection.name,
        "label": collection.label,
        "label_singular": collection.label_singular,
        "description": collection.description,
        "folder": collection.folder,
        "create": True,
        "delete": False,  # a published URL must not vanish (published-urls.txt); removing is a programmer's job
        "extension": "md" if collection.markdown else "yaml",
        "format": "frontmatter" if collection.markdown else "yaml",
        "slug": collection.slug,
        "identifier_field": identifier,
        "summary": "{{" + identifier + "}}",
        "sortable_fields": [name for name in (identifier, "date") if name in collection.model.model_fields],
        "fields": fields,
    }
    return config


def decap_config(root: Path, backend: dict[str, Any], local_backend: Optional[str] = None,
                 site_url: Optional[str] = None) -> dict[str, Any]:
    """The whole configuration for the project at ``root``.

    ``backend``: Decap's backend block (the preview's proxy, or Gitea/GitLab in production);
    ``local_backend``: the URL of the preview's decap-server, which Decap then uses instead."""
    choices = project_choices(load_sources(root))
    config: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": backend,
        "publish_mode": "simple",  # every save is a commit that CI checks and publishes
        "media_folder": MEDIA_FOLDER,
        "public_folder": "",  # a photo's src is its file name under content/images/
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
    }
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    config["collections"] = [collection_config(collection, choices) for collection in COLLECTIONS]
    return config


def config_yaml(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
