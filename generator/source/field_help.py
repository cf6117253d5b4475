"""What the editor meant by a key: the schema's fields along a path, a misspelt key's likely
field, and what a missing required field is for — so that messages name them.

Messages say what a field is for, because "缺少必填字段" alone does not tell an editor why a
photo needs an ``alt``, or where to look.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.source import schema

# (model, field) → what it is for, for the fields editors most often leave out.  A model's
# field that is not listed falls back to the field's own description, if it has one.
PURPOSES: dict[tuple[type, str], str] = {
    (schema.SiteSettings, "title"): "网站标题，显示在每页顶部和浏览器标签上",
    (schema.SiteSettings, "description"): "网站简介，显示在搜索引擎结果和分享卡片里",
    (schema.SiteSettings, "url"): "网站的正式网址，如 https://example.org/，用于分享链接和二维码",
    (schema.SiteSettings, "operator"): "网站的主办单位，显示在每页页脚",
    (schema.SiteFile, "site"): "网站设置：title、description、url、operator",
    (schema.SiteFile, "categories"): "活动分类的列表，方案的板块要归入其中之一",
    (schema.SiteFile, "campaigns"): "要发布的方案 id 列表，每个对应 content/campaigns/ 下的一个文件",
    (schema.Category, "id"): "分类的 id，只用小写英文字母、数字和连字符",
    (schema.Category, "name"): "分类名称，如 常态化活动",
    (schema.Standard, "id"): "标准的 id，站点的 standard 写的就是它",
    (schema.Standard, "name"): "标准名称，如 四个有",
    (schema.Standard, "items"): "标准的条目列表，每项写 name",
    (schema.StandardItem, "name"): "条目名称，如 统一标识，站点的 meets 写的就是它",
    (schema.Redirect, "old"): "旧网址的路径，如 campaigns/kunming-2018/activities/old-id/",
    (schema.Redirect, "new"): "新网址的路径",
    (schema.RegionFile, "name"): "地区名称，如 昆明市",
    (schema.RegionFile, "province"): "所在省份，如 云南省",
    (schema.RegionFile, "city"): "所在城市，如 昆明市",
    (schema.Unit, "id"): "单位的 id，只用小写英文字母、数字和连字符，如 wenmingban",
    (schema.Unit, "name"): "单位简称，如 市文明办，方案里的 leads、hosts 等写的就是它",
    (schema.CampaignFile, "title"): "方案的完整标题",
    (schema.CampaignFile, "short_title"): "简短标题，用在菜单和列表里，如 昆明市2018年学雷锋活动",
    (schema.CampaignFile, "region"): "方案所属地区的 id，即 content/regions/ 下的文件名",
    (schema.CampaignFile, "issuer"): "发文单位，如 昆明市文明办",
    (schema.CampaignFile, "period"): "方案的起止日期，写 start 和 end",
    (schema.CampaignFile, "sections"): "方案的板块列表，每个活动归入其中一个",
    (schema.CampaignFile, "activities"): "活动列表",
    (schema.Period, "start"): "开始日期，格式 YYYY-MM-DD",
    (schema.Period, "end"): "结束日期，格式 YYYY-MM-DD",
    (schema.Attachment, "file"): "附件的文件名，文件放在 content/attachments/ 下",
    (schema.Section, "id"): "板块的 id，活动的 section 写的就是它",
    (schema.Section, "title"): "板块标题，照方案原文，如 常态化志愿服务活动",
    (schema.Section, "category"): "板块所属分类的 id，在 campaigns.yaml 的 categories 中定义",
    (schema.MonthlyTheme, "month"): "月份，1 至 12",
    (schema.MonthlyTheme, "keyword"): "月度主题的关键词，如 奉献",
    (schema.MonthlyTheme, "purpose"): "月度主题的主旨",
    (schema.Scale, "text"): "规模的原文，如 500余人",
    (schema.Activity, "id"): "活动的 id，会成为网址的一部分，如 lei-feng-day",
    (schema.Activity, "section"): "活动所属板块的 id，在本方案的 sections 中定义",
    (schema.Activity, "title"): "活动标题",
    (schema.Progress, "date"): "报告的日期，格式 YYYY-MM-DD",
    (schema.Progress, "value"): "报告的数值",
    (schema.Target, "id"): "指标的 id",
    (schema.Target, "label"): "指标名称，如 注册志愿者占常住人口比例",
    (schema.Target, "value"): "目标数值，如 20",
    (schema.Target, "unit"): "数值的单位，如 %、个、小时",
    (schema.Deadline, "id"): "报送节点的 id",
    (schema.Deadline, "title"): "报送节点的名称，如 月报",
    (schema.Deadline, "when"): "报送时间，如 {rrule: \"FREQ=MONTHLY;BYMONTHDAY=23\"}",
    (schema.Contact, "name"): "联系人姓名",
    (schema.StationFile, "name"): "站点名称",
    (schema.StationFile, "kind"): "站点类型：社区、公共文化设施、景区景点、窗口单位、广场或驿站",
    (schema.StationFile, "region"): "所在地区的 id，即 content/regions/ 下的文件名",
    (schema.StationFile, "district"): "所在区县，如 五华区",
    (schema.StationFile, "address"): "详细地址，显示在站点页面和地图上，群众按它找到站点",
    (schema.StationFile, "location"): "站点坐标，写成 {lat: 纬度, lon: 经度}（WGS-84）",
    (schema.StationFile, "standard"): "站点执行的标准的 id，在 campaigns.yaml 的 standards 中定义",
    (schema.Location, "lat"): "纬度，约 4 至 54",
    (schema.Location, "lon"): "经度，约 73 至 135",
    (schema.Photo, "src"): "图片的文件名，图片放在 content/images/ 下",
    (schema.Photo, "alt"): "图片的文字说明，供读屏软件朗读，图片打不开时也显示它",
    (schema.Photo, "credit"): "摄影者或图片来源",
    (schema.Story, "title"): "标题",
    (schema.Story, "date"): "日期，格式 YYYY-MM-DD",
    (schema.ExemplarFile, "kind"): "先进典型的类别：最美志愿者、最佳志愿服务组织、最佳志愿服务项目或最美志愿服务社区",
    (schema.ExemplarFile, "name"): "先进典型的名字：志愿者、组织、项目或社区的名称",
    (schema.ExemplarFile, "year"): "评选年份，如 2019",
    (schema.ExemplarFile, "region"): "所属地区的 id，即 content/regions/ 下的文件名",
}


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
    for cls in model.__mro__:
        if (cls, name) in PURPOSES:
            return PURPOSES[(cls, name)]
    field = model.model_fields.get(name)
    return field.description if field is not None else None


def missing_message(model: type[BaseModel], name: str) -> str:
    what = purpose(model, name)
    return f"缺少 {name}" + (f"（{what}）" if what else "") + f"：请在这里补上一行“{name}: …”。"


def likely_field(model: type[BaseModel], key: str, taken) -> Optional[str]:
    """The field a misspelt key most likely means, among those not written already."""
    choices = [name for name in model.model_fields if name not in taken]
    close = difflib.get_close_matches(str(key), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_message(model: type[BaseModel], key, meant: Optional[str]) -> str:
    if meant is not None:
        return f"未知字段“{key}”：是否想写 {meant}？请改正拼写（字段名要与 README 的字段说明一字不差）。"
    names = list(model.model_fields)
    listed = f"这里可用的字段有 {'、'.join(names)}" if len(names) <= 20 else "请对照 README 中的字段说明"
    return f"未知字段“{key}”（可能是拼写错误）：{listed}。"
