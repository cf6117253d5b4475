"""``portal new activity|station|story|news``: a commented starting file in the right place.

Editors who are not programmers start from a file that already passes ``portal check``:
every required field has a value that is valid in this project (a region, a standard, a
section that exist), each field has a Chinese comment saying what goes there, and what is a
placeholder says 待填写.  Stories and news start as drafts, so a placeholder is never published;
stations and activities have no draft state, so the command lists what to fill in.

Nothing is overwritten: a new file is created exclusively, an activity id already in the
campaign is refused.  An activity is inserted at the end of the campaign's ``activities:``
list (or printed for pasting without ``--campaign``).  Every text is read back through the
same loader and schema as ``check`` before it is written: if it would not pass, nothing is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

import yaml
from pypinyin import lazy_pinyin
from slugify import slugify

from generator.errors import Issue
from generator.source.load import CONTENT, SITE_FILE, Sources, load_sources, validate_document
from generator.source.schema import (MAX_ID_LENGTH, STATION_KINDS, CampaignFile, ExemplarFile, NewsFile, StationFile,
                                     _slug)
from generator.source.yamlsource import SourceError, StrictLoader, parse_front_matter, parse_yaml

KINDS = {"activity": "活动", "station": "志愿服务站", "story": "先进典型", "news": "动态"}
ALIASES = {"exemplar": "story"}
TODO = "待填写"
# China's geographic centre, for a station in a region that has none yet: obviously not the place.
CHINA_CENTRE = (35.86, 104.19)


class NewError(Exception):
    """A Chinese message; nothing was written."""


@dataclass
class Created:
    path: str  # project-relative
    line: int  # where the new entry starts
    fill_in: list[str]  # fields that hold placeholders
    notes: list[str] = field(default_factory=list)
    printed: Optional[str] = None  # the block, when it is printed rather than written


def new(root: Path, kind: str, today: date, id: Optional[str] = None, title: Optional[str] = None,
        campaign: Optional[str] = None, region: Optional[str] = None) -> Created:
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise NewError(f"不认识的类型“{kind}”：可以新建 " + "、".join(f"{k}（{v}）" for k, v in KINDS.items()) +
                       "，如 portal new station --id lei-feng-square --title 学雷锋广场。")
    if title is not None and (not title.strip() or "\n" in title or "\r" in title):
        raise NewError("--title 应为一行不空的文字，如 --title \"学雷锋广场志愿服务站\"。")
    root = root.resolve()
    if not (root / SITE_FILE).is_file():
        raise NewError(f"找不到入口文件 {SITE_FILE}，请在项目根目录运行，或用 --project 指定目录。")
    sources = load_sources(root)
    if sources.site is None:
        raise NewError(f"{SITE_FILE} 有错误，请先运行 portal check 改正它。")
    maker = _Maker(root, sources, today, title.strip() if title else None, campaign, region)
    return getattr(maker, kind)(id)


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as ``value``: plain when that is safe, else double-quoted."""
    plain = re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*", value) and ": " not in value and not value.endswith(":")
    try:
        reads_back = yaml.load(value, Loader=StrictLoader) == value
    except yaml.YAMLError:
        reads_back = False
    return value if plain and reads_back else json.dumps(value, ensure_ascii=False)


def _first(records: dict, default: str) -> str:
    return min(records, default=default)


def _id_from(title: Optional[str], default: str, limit: int = 40) -> str:
    if title:
        found = slugify(" ".join(lazy_pinyin(title)), max_length=limit, word_boundary=True)
        if found:
            return found
    return default


class _Maker:
    def __init__(self, root: Path, sources: Sources, today: date, title: Optional[str], campaign: Optional[str],
                 region: Optional[str]):
        self.root, self.sources, self.today, self.title = root, sources, today, title
        self.campaign = self._campaign(campaign) if campaign else None
        self.region_given = region is not None
        self.region = self._region(region)
        self.notes: list[str] = []

    # --- what the project offers ---------------------------------------------------------

    def _campaign(self, campaign_id: str):
        record = self.sources.campaigns.get(campaign_id)
        if record is None:
            path = self.root / CONTENT / "campaigns" / f"{campaign_id}.yaml"
            if path.is_file():
                raise NewError(f"content/campaigns/{campaign_id}.yaml 有错误，请先运行 portal check 改正它。")
            raise NewError(f"没有方案“{campaign_id}”：可用的方案有 {self._listing(self.sources.campaigns)}。")
        return record

    def _region(self, region_id: Optional[str]):
        regions = self.sources.regions
        if region_id:
            if region_id not in regions:
                raise NewError(f"没有地区“{region_id}”：可用的地区有 {self._listing(regions)}"
                               "（content/regions/ 下的文件名）。")
            return regions[region_id]
        if self.campaign and self.campaign.model.region in regions:
            return regions[self.campaign.model.region]
        return regions[sorted(regions)[0]] if regions else None

    @staticmethod
    def _listing(records: dict) -> str:
        return "、".join(sorted(records)) or "（还没有）"

    def _need_region(self, what: str):
        if self.region is None:
            raise NewError(f"{what}要写所属地区，但 content/regions/ 下还没有地区文件：请先按 README 新建一个。")
        if len(self.sources.regions) > 1 and not self.campaign and not self.region_given:
            self.notes.append(f"地区暂填 {self.region.id}（{self.region.model.name}），请核对；可用 --region 指定"
                              f"（可用：{self._listing(self.sources.regions)}）。")
        return self.region

    # --- writing -------------------------------------------------------------------------

    def _id(self, given: Optional[str], default: str, limit: int = 40) -> str:
        value = given or _id_from(self.title, default, limit)
        try:
            return _slug(value)
        except ValueError as exc:
            raise NewError(f"--id：{exc}") from None

    def _create(self, relative: str, text: str, model, markdown: bool) -> None:
        """Write a new file, refusing to replace anything; the text is checked as `check` reads it."""
        path = self.root / relative
        if path.exists() or path.is_symlink():
            raise NewError(f"{relative} 已经存在，没有改动它：请用 --id 换一个名称，或直接编辑这个文件。")
        self._valid(relative, text, model, markdown)
        folder = path.parent
        if folder.is_symlink():
            raise NewError(f"{folder.relative_to(self.root).as_posix()}/ 是符号链接，不会写入：请换成普通目录。")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise NewError(f"{relative} 已经存在，没有改动它：请用 --id 换一个名称，或直接编辑这个文件。") from None

    @staticmethod
    def _unique(records: dict, stem: str) -> None:
        """The file name is the id in every region folder: one elsewhere is the same id."""
        if stem in records:
            raise NewError(f"{records[stem].doc.display} 已经存在，没有改动它：请用 --id 换一个名称，或直接编辑这个文件。")

    def _valid(self, relative: str, text: str, model, markdown: bool) -> None:
        issues: list[Issue] = []
        try:
            if markdown:
                doc = parse_front_matter(text, self.root / relative, relative)[0]
            else:
                doc = parse_yaml(text, self.root / relative, relative)
        except SourceError as exc:
            issues.append(exc.issue)
        else:
            validate_document(doc, model, issues)
        if issues:  # only what came from the command line can do this (a --title with invisible characters)
            raise NewError("没有写入，生成的内容不能通过检查：\n" + "\n".join(issue.format() for issue in issues))

    # --- the kinds -----------------------------------------------------------------------

    def station(self, given_id: Optional[str]) -> Created:
        station_id = self._id(given_id, "new-station")
        region = self._need_region("站点")
        standards = self.sources.site.model.standards
        if not standards:
            raise NewError(f"站点要写所达到的标准（standard），但 {SITE_FILE} 中还没有 standards：请先按 README 添加。")
        kind = STATION_KINDS[0]
        standard = next((s for s in standards if kind in s.applies_to), standards[0])
        here = [r.model.location for r in self.sources.stations.values() if r.model.region == region.id]
        lat, lon = ((round(sum(p.lat for p in here) / len(here), 3), round(sum(p.lon for p in here) / len(here), 3))
                    if here else CHINA_CENTRE)
        model = region.model
        name = self.title or f"{TODO}站点名称（{station_id}）"
        campaigns = sorted(c for c, r in self.sources.campaigns.items() if r.model.region == region.id)
        text = f"""\
# 学雷锋志愿服务站（portal new station 生成）。标有“{TODO}”的内容请改成实际情况，改好后删去这些“{TODO}”注释；
# 每一项的写法见 README“新增一个志愿服务站”。文件名 {station_id}.yaml 会成为网址，发布后不要再改。
name: {_scalar(name)}  # {TODO if not self.title else '站点'}名称，如 晋宁区郑和文化广场学雷锋广场
kind: {kind}  # 类型：{' / '.join(STATION_KINDS)}
region: {region.id}  # 所属地区：content/regions/ 下的文件名（{self._listing(self.sources.regions)}）
district: {_scalar(model.district or model.name)}  # 所在区县（请核对）
address: {_scalar(f"{model.province}{model.city}（{TODO}详细地址）")}  # {TODO}：详细地址
location:  # {TODO}：在地图上找到站点，填写 WGS-84 坐标（纬度 lat 约 4–54，经度 lon 约 73–135）
  lat: {lat}
  lon: {lon}
  approximate: true  # 大致位置；填好准确坐标后删去这一行
standard: {standard.id}  # 按哪套标准建设：{SITE_FILE} 中 standards 的 id（{'、'.join(s.id for s in standards)}）
meets: []  # 已达到的标准条目，如 [{', '.join(item.name for item in standard.items[:2])}]；可用：{'、'.join(item.name for item in standard.items)}
services: []  # 服务项目，如 [便民服务, 文明劝导]
# hours: 每周六 9:00-11:30  # 开放时间（可选）
# contact: {{phone: "0871-00000000"}}  # 联系电话（可选，公开发布；个人手机需本人同意，见 README“安全与个人信息”）
# operator: 市文明办  # 管理单位（可选）：所属地区登记的单位名称
campaigns: []  # 参与的方案 id（可选），如 [{campaigns[0] if campaigns else 'kunming-2018'}]
description: ""  # 介绍（可选），可以使用 Markdown
"""
        relative = f"{CONTENT}/stations/{region.id}/{station_id}.yaml"  # the region's folder: its owners approve it
        self._unique(self.sources.stations, station_id)
        self._create(relative, text, StationFile, markdown=False)
        fill = ["address", "location"] + ([] if self.title else ["name"])
        return Created(relative, 1, fill, self.notes)

    def story(self, given_id: Optional[str]) -> Created:
        slug = self._id(given_id, "new-story")
        region = self._need_region("先进典型")
        campaign = self.campaign.id if self.campaign else None
        text = f"""\
---
# 先进典型（portal new story 生成）。这是草稿：写好后删去 draft: true 这一行才会发布，之前只在 portal serve 预览中显示。
# 标有“{TODO}”的内容请改成实际情况；写法见 README“新增一篇先进典型”。
title: {_scalar(self.title or f"{TODO}标题")}  # 标题，用于页面、列表和分享卡片
date: {self.today.isoformat()}  # 发布日期
kind: 最美志愿者  # 类别：最美志愿者 / 最佳志愿服务组织 / 最佳志愿服务项目 / 最美志愿服务社区
name: {TODO}名称  # {TODO}：志愿者、组织、项目或社区的名称
year: {self.today.year}  # 评选年度
region: {region.id}  # 所属地区：content/regions/ 下的文件名（{self._listing(self.sources.regions)}）
{f"campaign: {campaign}  # 所属方案" if campaign else f"# campaign: {_first(self.sources.campaigns, 'kunming-2018')}  # 所属方案（可选）"}
# organisation: 某街道学雷锋志愿服务队  # 所在单位（可选）
# summary: 一句话摘要，用于列表、订阅和分享卡片（可选）
# photos:  # 照片（可选）：放在 content/images/ 下；alt（给看不见图片的读者的说明）和 credit（摄影或来源）必填
#   - src: photo.jpg
#     alt: 志愿者在广场为居民量血压
#     credit: 某某 摄
draft: true  # 草稿：删去这一行才会发布
---
{TODO}：正文，可以使用 Markdown。写清楚人物或组织做了什么、做了多久、帮助了谁；文中的个人电话、身份证号等不要发布。
"""
        relative = f"{CONTENT}/exemplars/{region.id}/{slug}.md"
        self._unique(self.sources.exemplars, slug)
        self._create(relative, text, ExemplarFile, markdown=True)
        return Created(relative, 1, (["title"] if not self.title else []) + ["name", "正文"], self.notes)

    def news(self, given_id: Optional[str]) -> Created:
        prefix = f"{self.today.isoformat()}-"
        slug = given_id or _id_from(self.title, "news", MAX_ID_LENGTH - len(prefix))
        stem = self._id(slug if slug.startswith(prefix) else prefix + slug, "news")
        campaign = self.campaign.id if self.campaign else None
        region = self.region.id if self.region and (campaign or self.region_given) else None
        lines = [
            "---",
            f"# 动态（portal new news 生成）。这是草稿：写好后删去 draft: true 这一行才会发布，之前只在 portal serve "
            "预览中显示。",
            f"# 标有“{TODO}”的内容请改成实际情况；写法见 README“发布一条动态”。",
            f"title: {_scalar(self.title or f'{TODO}标题')}  # 标题",
            f"date: {self.today.isoformat()}  # 日期",
            "# author: 某某  # 作者（可选）",
            "# summary: 一句话摘要，用于列表、订阅和分享卡片（可选）",
            f"campaign: {campaign}  # 相关方案" if campaign else
            f"# campaign: {_first(self.sources.campaigns, 'kunming-2018')}  # 相关方案 id（可选）",
            f"region: {region}  # 相关地区" if region else
            f"# region: {_first(self.sources.regions, 'kunming')}  # 相关地区 id（可选）",
            f"# publish: {self.today.isoformat()}  # 定时发布（可选）：这一天之前不出现在网站上",
            f"# expires: {self.today.year}-12-31  # 到期归档（可选）：这一天起移到“往期动态（归档）”",
            "draft: true  # 草稿：删去这一行才会发布",
            "---",
            f"{TODO}：正文，可以使用 Markdown。",
            "",
        ]
        relative = f"{CONTENT}/news/{region}/{stem}.md" if region else f"{CONTENT}/news/{stem}.md"
        self._unique(self.sources.news, stem)
        self._create(relative, "\n".join(lines), NewsFile, markdown=True)
        return Created(relative, 1, (["title"] if not self.title else []) + ["正文"], self.notes)

    def activity(self, given_id: Optional[str]) -> Created:
        activity_id = self._id(given_id, "new-activity")
        record = self.campaign
        if record is None:
            if not self.sources.campaigns:
                raise NewError("项目中还没有方案（content/campaigns/），活动要写在方案文件里。")
            example = self.sources.campaigns[_first(self.sources.campaigns, "")]
            block = _activity_block(example, activity_id, self.title, "  ", self.sources)
            note = (f"没有指定方案，以上内容未写入任何文件：请粘贴到 content/campaigns/<方案id>.yaml 的 activities: 列表末尾，"
                    f"并按该方案核对 section；或用 --campaign 直接加入（可用：{self._listing(self.sources.campaigns)}）。")
            return Created("", 0, [], [note], printed=block)
        model: CampaignFile = record.model
        if any(a.id == activity_id for a in model.activities):
            raise NewError(f"方案 {record.id} 中已有 id 为“{activity_id}”的活动，没有改动文件：请用 --id 换一个。")
        relative = record.doc.display
        path = self.root / relative
        text = path.read_bytes().decode("utf-8")  # as it is: read_text would turn Windows line ends into \n
        newline = "\r\n" if "\r\n" in text else "\n"
        insert_at, indent = _end_of_activities(text)
        block = _activity_block(record, activity_id, self.title, indent, self.sources)
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        lines[insert_at:insert_at] = [line + newline for line in block.splitlines()]
        updated = "".join(lines)
        self._valid(relative, updated, CampaignFile, markdown=False)
        if CampaignFile.model_validate(parse_yaml(updated, path, relative).data).activities[-1].id != activity_id:
            raise NewError(f"无法确定 {relative} 中 activities 的末尾，没有改动文件：请用不带 --campaign 的命令打印这一段，手动粘贴。")
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(updated)
        # The block's first line is its comment: the entry starts on the next.
        fill = (["title"] if not self.title else []) + ["body"] + (["section"] if len(model.sections) > 1 else [])
        return Created(relative, insert_at + 2, fill, self.notes)


def _end_of_activities(text: str) -> tuple[int, str]:
    """The line index after the last activity, and the indentation of its ``- ``."""
    try:
        root = yaml.compose(text, Loader=StrictLoader)
    except yaml.YAMLError:
        raise NewError("方案文件有 YAML 错误，请先运行 portal check 改正它。") from None
    activities = next((value for key, value in root.value if key.value == "activities"), None)
    if not isinstance(activities, yaml.SequenceNode) or activities.flow_style or not activities.value:
        raise NewError("方案文件的 activities 不是“- ”开头的列表，无法自动加入：请用不带 --campaign 的命令打印这一段，手动粘贴。")
    last = activities.value[-1]
    start_line = text.splitlines()[last.start_mark.line]
    dash = re.match(r"( *)- ", start_line)
    if not dash:
        raise NewError("无法确定 activities 的缩进：请用不带 --campaign 的命令打印这一段，手动粘贴。")
    end = _last_end(last)
    return (end.line if end.column == 0 else end.line + 1), dash.group(1)


def _last_end(node):
    """Where the last written value of ``node`` ends (a block mapping's own end is the next token)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1])
    return node.end_mark


def _activity_block(record, activity_id: str, title: Optional[str], indent: str, sources: Sources) -> str:
    model: CampaignFile = record.model
    sections = "、".join(s.id for s in model.sections)
    region = sources.regions.get(model.region)
    unit = region.model.units[0].name if region and region.model.units else "市文明办"
    months = "、".join(str(m.month) for m in model.months)
    lines = [
        f"# 新活动（portal new activity 生成）：标有“{TODO}”的内容请改成方案原文，改好后删去这些注释。",
        f"- id: {activity_id}  # 活动 id：小写英文字母、数字和连字符，会成为网址，发布后不要再改",
        f"  section: {model.sections[0].id}  # 所属部分：本文件 sections 中的 id（{sections}）",
        f"  title: {_scalar(title or f'{TODO}活动名称')}  # 活动名称，照录方案",
        "  body: |  # 活动内容，照录方案原文，可以使用 Markdown",
        f"    {TODO}：活动内容。",
        *([f"  # month: {model.months[0].month}  # 所属月度主题（可选）：本方案有 {months} 月"] if months else []),
        f"  # when: {{repeat: 每周六, start: {model.period.start.isoformat()}, time: \"09:00-11:30\"}}  # 时间（可选）："
        "不写即贯穿方案全程；也可写 date、dates、start+end、month，见 README“新增一项活动”",
        f"  # leads: [{unit}]  # 牵头单位（可选）：所属地区登记的单位名称或别名",
        "  # responsible: []  # 责任单位（可选）",
        "  # venues: []  # 地点（可选）",
        "  # stations: []  # 开展活动的站点（可选）：content/stations/ 下的文件名",
    ]
    return "".join(indent + line + "\n" for line in lines)
