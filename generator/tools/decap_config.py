"""Decap CMS's config.yml, generated from the schema: the form editor for non-programmers.

Each collection is one folder of content/ and one pydantic model of source/schema.py; its form
fields are the model's fields, walked here, so a field added to the schema appears in the form,
labelled with its title and explained by its description (the field reference's words, see
FORM_HINTS), and a Shape's pattern is checked as the editor types.  Widgets follow the field's type:

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
from generator.source.shapes import Shape

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
               "新闻动态：每条一个 content/news/<地区>/ 下的 Markdown 文件。网址取自标题的拼音，发布后不再改变。"),
    Collection("exemplars", "先进典型", "先进典型", schema.ExemplarFile, f"{CONTENT}/exemplars", True,
               "{{slug | truncate(40, '')}}",
               "最美志愿者、最佳志愿服务组织、项目和社区的事迹：每个一个 content/exemplars/<地区>/ 下的 Markdown 文件。"),
    # A station's file name is its id (a URL segment and the name plans refer to it by): Decap
    # cannot make pinyin, so a new station gets a dated id; a programmer may rename it before
    # the station is published.
    Collection("stations", "服务站点", "服务站点", schema.StationFile, f"{CONTENT}/stations", False,
               "station-{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}",
               "学雷锋志愿服务站（点）：每个一个 content/stations/<地区>/ 下的 YAML 文件。"),
)

BODY_LABEL = "正文"  # the Markdown after a story's front matter: not a field of the model
# Labels are the schema's titles, hints its descriptions (the field reference's words), except where
# those speak of YAML ("写 true", quotes, file names) and the form has a widget for it instead.
FORM_HINTS = {
    "sample": "演示用的示例内容请勾选，页面上会标明“示例”。",
    "approximate": "按地名手工标注、不是实测的坐标请勾选，页面上会说明。",
    "draft": "草稿只在本地预览中显示，不会发布；取消勾选才会发布。",
    "phone": "一个号码，如 0871-00000000，页面上成为点击拨打的链接；手机号码只有本人同意、在“同意公开”中选了“电话”才能发布。",
    "public": "本人同意公开的信息：手机号码等个人信息默认不许发布，本人同意后在这里选出它所在的栏目。",
    "src": f"上传 {'、'.join(s.lstrip('.').upper() for s in IMAGE_SUFFIXES)} 图片（SVG 只能是纯图形）；"
           "文件名只用字母、数字、汉字和 - _ .",
    "meets": "只能选所选建设标准中的条目。",
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


def _pattern(metadata: list) -> dict[str, Any]:
    """Decap checks a one-line value against its Shape's pattern (an id, a https:// URL …) before saving."""
    shape = next((item for item in metadata if isinstance(item, Shape) and "pattern" in item.json), None)
    if shape is None:
        return {}
    return {"pattern": [shape.json["pattern"], f"格式：{shape.rule or shape.name}"]}


def _options(values, labels: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": labels.get(value, value), "value": value} for value in values]


def _widget(name: str, annotation: Any, metadata: list, choices: Optional[Choices], label: str) -> dict[str, Any]:
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
        return {"widget": "list", "field": {"name": name, "label": label, **_widget(name, item, [], None, label)}}
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
        return {"widget": "string", **_pattern(metadata)}
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
    label = info.title or name  # every field has a Chinese title (test_reference.py)
    field: dict[str, Any] = {"name": name, "label": label}
    widget = _widget(name, info.annotation, list(info.metadata), choices, label)
    field.update(widget)
    # A reference is a select of the project's records: the description (which file names) is moot.
    hint = FORM_HINTS.get(name) or (None if "options" in widget and choices and choices.of(name) is not None
                                    else info.description)
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
        fields.insert(at, {"name": "body", "label": BODY_LABEL, **markdown_widget(), "required": False})
    identifier = "title" if "title" in collection.model.model_fields else "name"
    for field in fields:  # the folder is named after it: a form entry always has one
        if field["name"] == "region":
            field["required"] = True
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
        # content/<kind>/<region>/<file>: the region's owners approve it (generator/owners/); Decap
        # lists entries this many folders deep, so files outside a region folder still show.
        "path": "{{region}}/{{slug}}",
        # With a path, Decap would put uploads beside the entry: all photos stay in content/images/.
        "media_folder": f"/{MEDIA_FOLDER}",
        "public_folder": "",
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
