"""Model phase: turn validated source records into one linked, read-only ``Site``.

Every cross-record rule is checked here, while references are being resolved:
a reference that cannot be resolved becomes an ``Issue`` at its own file:line.
Renderers only ever see the resulting nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from generator.model import timing
from generator.errors import Issue, suggest
from generator.gate.urls import poster_target_problem
from generator.model.keydays import KEY_DAYS, unknown_key_day_message
from generator.source.load import Record, Sources, file_inside
from generator.source.yamlsource import Document
from generator.source.schema import (Activity, CampaignFile, Category, MonthlyTheme, Redirect, RegionFile,
                     Section, SiteSettings, Standard, StationFile, Target, Unit, Deadline, Contact)
from generator.model.stories import ExemplarNode, NewsNode, build_exemplars, build_news
from generator.source.text_checks import check_texts
from generator.model.timing import Timing


# --- nodes ---------------------------------------------------------------------------


@dataclass(eq=False)
class UnitNode:
    region: "RegionNode"
    model: Unit
    leads: list["ActivityNode"] = field(default_factory=list)
    responsible: list["ActivityNode"] = field(default_factory=list)
    campaign_roles: list[tuple["CampaignNode", str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def path(self) -> str:
        return f"units/{self.region.id}/{self.id}.md"


@dataclass(eq=False)
class RegionNode:
    id: str
    model: RegionFile
    units: list[UnitNode] = field(default_factory=list)
    by_key: dict[str, UnitNode] = field(default_factory=dict)
    source: str = ""  # the file it came from, as shown to editors (for "last updated")

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def place(self) -> str:
        """省 · 市 · 区 as far as known, without repeats."""
        parts = [self.model.province, self.model.city, self.model.district]
        return " · ".join(dict.fromkeys(p for p in parts if p))


@dataclass(eq=False)
class SectionNode:
    model: Section
    category: Category
    activities: list["ActivityNode"] = field(default_factory=list)


@dataclass(eq=False)
class ActivityNode:
    campaign: "CampaignNode"
    model: Activity
    section: SectionNode
    theme: Optional[MonthlyTheme]
    timing: Timing
    leads: list[UnitNode]
    responsible: list[UnitNode]
    stations: list["StationNode"] = field(default_factory=list)
    exemplars: list["ExemplarNode"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def category(self) -> Category:
        return self.section.category

    @property
    def path(self) -> str:
        return f"campaigns/{self.campaign.id}/activities/{self.id}.md"


@dataclass(eq=False)
class DeadlineNode:
    model: Deadline
    timing: Timing
    submit_to: list[UnitNode]


@dataclass(eq=False)
class ContactNode:
    model: Contact
    unit: Optional[UnitNode]


@dataclass(eq=False)
class CampaignNode:
    id: str
    model: CampaignFile
    region: RegionNode
    hosts: list[UnitNode] = field(default_factory=list)
    leads: list[UnitNode] = field(default_factory=list)
    responsible: list[UnitNode] = field(default_factory=list)
    sections: list[SectionNode] = field(default_factory=list)
    activities: list[ActivityNode] = field(default_factory=list)
    themes: dict[int, MonthlyTheme] = field(default_factory=dict)
    deadlines: list[DeadlineNode] = field(default_factory=list)
    contacts: list[ContactNode] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    source: str = ""  # the file it came from, as shown to editors (for "last updated")
    stations: list["StationNode"] = field(default_factory=list)
    exemplars: list["ExemplarNode"] = field(default_factory=list)
    attachment_path: Optional[str] = None  # docs-relative output path

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def path(self) -> str:
        return f"campaigns/{self.id}/index.md"

    @property
    def start(self) -> date:
        return self.model.period.start

    @property
    def end(self) -> date:
        return self.model.period.end

    def months(self) -> list[tuple[int, int]]:
        return timing.months_between(self.start, self.end)

    @property
    def targets_path(self) -> str:
        return f"campaigns/{self.id}/targets.md"

    def month_path(self, year: int, month: int) -> str:
        return f"campaigns/{self.id}/{year}-{month:02d}.md"

    def theme_for(self, year: int, month: int) -> Optional[MonthlyTheme]:
        # Monthly themes belong to a one-year plan; a theme repeats only if the plan spans years.
        return self.themes.get(month)

    def activities_in(self, year: int, month: int) -> list[ActivityNode]:
        return [a for a in self.activities if (year, month) in a.timing.months()]

    def is_running(self, today: date) -> bool:
        return self.start <= today <= self.end


@dataclass(eq=False)
class StationNode:
    id: str
    model: StationFile
    region: RegionNode
    standard: Standard
    operator: Optional[UnitNode] = None
    campaigns: list[CampaignNode] = field(default_factory=list)
    activities: list[ActivityNode] = field(default_factory=list)
    exemplars: list["ExemplarNode"] = field(default_factory=list)
    source: str = ""  # the file it came from, as shown to editors (for "last updated")

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def path(self) -> str:
        return f"stations/{self.id}.md"

    def checklist(self) -> list[tuple[str, Optional[str], bool]]:
        met = set(self.model.meets)
        return [(item.name, item.description, item.name in met) for item in self.standard.items]


@dataclass(eq=False)
class Site:
    root: Path
    settings: SiteSettings
    today: date
    categories: dict[str, Category]
    standards: dict[str, Standard]
    regions: dict[str, RegionNode]
    campaigns: list[CampaignNode]  # in campaigns.yaml order
    stations: list[StationNode]
    exemplars: list[ExemplarNode]
    news: list[NewsNode]
    attachments: dict[str, Path]  # docs path → source file
    images: dict[str, Path]  # docs path → source file (story photos)
    redirects: list[Redirect] = field(default_factory=list)  # campaigns.yaml redirects
    source: Optional[Document] = None  # campaigns.yaml, for file:line in late checks
    drafts: bool = False  # drafts included (preview only)

    def campaign(self, campaign_id: str) -> CampaignNode:
        return next(c for c in self.campaigns if c.id == campaign_id)

    @property
    def activities(self) -> list[ActivityNode]:
        return [a for c in self.campaigns for a in c.activities]

    @property
    def units(self) -> list[UnitNode]:
        return [u for r in self.regions.values() for u in r.units]


# --- building ------------------------------------------------------------------------


class _Builder:
    def __init__(self, sources: Sources, today: date, drafts: bool = False):
        self.sources = sources
        self.today = today
        self.drafts = drafts
        self.issues: list[Issue] = []
        self.dropped: set[str] = set()  # "campaign/activity" refs of activities that reported errors

    def report(self, record: Record, loc: tuple, message: str) -> None:
        self.issues.append(record.doc.issue(loc, message))

    def broken(self, folder: str, record_id: str) -> bool:
        """True when the file exists but failed validation: it has reported its own errors."""
        return record_id in self.sources.present.get(folder, set())

    def units(self, record: Record, region: Optional[RegionNode], names, loc) -> list[UnitNode]:
        found = []
        for index, name in enumerate(names):
            if region is None:
                continue
            unit = region.by_key.get(name)
            if unit is None:
                self.report(record, loc + (index,),
                            f"未知单位“{name}”{suggest(name, region.by_key)}：请在 content/regions/{region.id}.yaml "
                            "的 units 中登记该单位（name 或 aliases），或检查拼写。")
            elif unit not in found:
                found.append(unit)
        return found

    def build(self) -> Optional[Site]:
        src = self.sources
        site = src.site
        if site is None:
            return None
        settings = site.model.site
        self.issues += check_texts(src, frozenset(settings.video_hosts), reject_html=settings.raw_html == "reject")
        categories = self._unique(site, "categories", site.model.categories, "分类 id")
        standards = self._unique(site, "standards", site.model.standards, "标准 id")
        for s_index, standard in enumerate(site.model.standards):
            seen: set[str] = set()
            for i_index, item in enumerate(standard.items):
                if item.name in seen:
                    self.report(site, ("standards", s_index, "items", i_index, "name"),
                                f"标准“{standard.name}”中条目“{item.name}”重复。")
                seen.add(item.name)

        regions = {rid: self._region(rec) for rid, rec in src.regions.items()}
        campaigns = self._campaign_list(site, regions, categories)
        by_campaign = {c.id: c for c in campaigns}
        stations = [self._station(rec, regions, standards, by_campaign)
                    for rec in src.stations.values()]
        stations = [s for s in stations if s is not None]
        self._duplicate_stations(stations)
        self._poster_targets(site.model.site.url)
        by_station = {s.id: s for s in stations}
        for campaign in campaigns:
            self._link_activity_stations(campaign, by_station)
        images: dict[str, Path] = {}
        exemplars = build_exemplars(self, regions, by_campaign, by_station, images)
        news = build_news(self, regions, by_campaign, images)

        attachments = {}
        for campaign in campaigns:
            attachment = campaign.model.attachment
            if attachment is None:
                continue
            record = src.campaigns[campaign.id]
            # load.py names the unsafe spellings (../, absolute, drive); this also catches symlinks out.
            source = file_inside(src.attachments_dir, attachment.file)
            if source is None:
                self.report(record, ("attachment", "file"),
                            f"附件“{attachment.file}”不存在：请把文件放到 content/attachments/ 下。")
                continue
            campaign.attachment_path = f"campaigns/{campaign.id}/{source.name}"
            attachments[campaign.attachment_path] = source

        return Site(src.root, site.model.site, self.today, categories, standards, regions,
                    campaigns, stations, exemplars, news, attachments, images,
                    list(site.model.redirects), site.doc, self.drafts)

    def _unique(self, record: Record, field_name: str, items, what: str) -> dict:
        result = {}
        for index, item in enumerate(items):
            if item.id in result:
                self.report(record, (field_name, index, "id"), f"{what}“{item.id}”重复，每个 id 只能出现一次。")
            result[item.id] = item
        return result

    def _region(self, record: Record) -> RegionNode:
        region = RegionNode(record.id, record.model, source=record.doc.display)
        ids: set[str] = set()
        for index, unit in enumerate(record.model.units):
            node = UnitNode(region, unit)
            if unit.id in ids:
                self.report(record, ("units", index, "id"), f"单位 id“{unit.id}”重复。")
                continue
            ids.add(unit.id)
            region.units.append(node)
            for key_index, key in enumerate([unit.id, unit.name, *unit.aliases]):
                other = region.by_key.get(key)
                if other is not None and other is not node:
                    loc = ("units", index, "name") if key_index < 2 else ("units", index, "aliases", key_index - 2)
                    self.report(record, loc, f"名称“{key}”已被单位“{other.name}”使用，同一地区内单位名称和别名不能重复。")
                    continue
                region.by_key[key] = node
        return region

    def _campaign_list(self, site: Record, regions, categories) -> list[CampaignNode]:
        listed = site.model.campaigns
        campaigns = []
        for index, campaign_id in enumerate(listed):
            if campaign_id in listed[:index]:
                self.report(site, ("campaigns", index), f"方案“{campaign_id}”重复列出。")
                continue
            record = self.sources.campaigns.get(campaign_id)
            if record is None:
                if not self.broken("campaigns", campaign_id):
                    self.report(site, ("campaigns", index),
                                f"找不到方案文件 content/campaigns/{campaign_id}.yaml。")
                continue
            node = self._campaign(record, regions, categories)
            if node is not None:
                campaigns.append(node)
        for campaign_id, record in self.sources.campaigns.items():
            if campaign_id not in listed:
                self.issues.append(Issue(record.doc.display, 1, "",
                                         f"方案“{campaign_id}”未在 campaigns.yaml 的 campaigns 列表中登记，"
                                         "不会发布。请在列表中加入该 id，或删除此文件。"))
        return campaigns

    def _campaign(self, record: Record, regions, categories) -> Optional[CampaignNode]:
        model: CampaignFile = record.model
        region = regions.get(model.region)
        if region is None:
            if not self.broken("regions", model.region):
                self.report(record, ("region",),
                            f"未知地区“{model.region}”{suggest(model.region, regions)}：请先创建 content/regions/{model.region}.yaml。")
            return None
        campaign = CampaignNode(record.id, model, region, source=record.doc.display)
        for role in ("hosts", "leads", "responsible"):
            units = self.units(record, region, getattr(model, role), (role,))
            setattr(campaign, role, units)
            for unit in units:
                unit.campaign_roles.append((campaign, role))

        sections = {}
        for index, section in enumerate(model.sections):
            if section.id in sections:
                self.report(record, ("sections", index, "id"), f"板块 id“{section.id}”重复。")
                continue
            category = categories.get(section.category)
            if category is None:
                self.report(record, ("sections", index, "category"),
                            f"未知分类“{section.category}”{suggest(section.category, categories)}："
                            "分类在 campaigns.yaml 的 categories 中定义。")
                sections[section.id] = None  # reported once here, not again for each of its activities
                continue
            sections[section.id] = SectionNode(section, category)
        campaign.sections = [s for s in sections.values() if s is not None]

        for index, theme in enumerate(model.months):
            if theme.month in campaign.themes:
                self.report(record, ("months", index, "month"), f"{theme.month} 月的月度主题重复。")
            campaign.themes[theme.month] = theme
            self._key_days(record, theme.festivals, ("months", index, "festivals"))

        ids: set[str] = set()
        for index, activity in enumerate(model.activities):
            loc = ("activities", index)
            if activity.id in ids:
                self.report(record, loc + ("id",), f"活动 id“{activity.id}”重复，同一方案内每个活动的 id 必须唯一。")
                continue
            ids.add(activity.id)
            node = self._activity(record, campaign, sections, activity, loc)
            if node is None:
                self.dropped.add(f"{campaign.id}/{activity.id}")
            else:
                campaign.activities.append(node)
                node.section.activities.append(node)

        activity_ids = {a.id for a in campaign.activities} | ids
        for index, target in enumerate(model.targets):
            if target.activity and target.activity not in activity_ids:
                self.report(record, ("targets", index, "activity"),
                            f"未知活动“{target.activity}”{suggest(target.activity, activity_ids)}。")
        campaign.targets = list(self._unique(record, "targets", model.targets, "指标 id").values())

        self._unique(record, "deadlines", model.deadlines, "报送节点 id")
        for index, deadline in enumerate(model.deadlines):
            loc = ("deadlines", index)
            when_timing = timing.resolve(deadline.when, model.period.start, model.period.end)
            campaign.deadlines.append(DeadlineNode(
                deadline, when_timing, self.units(record, region, deadline.submit_to, loc + ("submit_to",))))
        for index, contact in enumerate(model.contacts):
            unit = None
            if contact.unit:
                found = self.units(record, region, [contact.unit], ("contacts", index, "unit"))
                unit = found[0] if found else None
            campaign.contacts.append(ContactNode(contact, unit))
        return campaign

    def _activity(self, record, campaign: CampaignNode, sections, activity: Activity, loc) -> Optional[ActivityNode]:
        model = campaign.model
        section = sections.get(activity.section)
        if section is None:
            if activity.section in sections:
                return None  # its section has an unknown category, already reported
            self.report(record, loc + ("section",),
                        f"未知板块“{activity.section}”{suggest(activity.section, sections)}：板块在本文件的 sections 中定义。")
            return None
        theme = None
        month = None
        if activity.month is not None:
            theme = campaign.themes.get(activity.month)
            if campaign.themes and theme is None:
                self.report(record, loc + ("month",), f"本方案没有 {activity.month} 月的月度主题（months）。")
            year = next((y for y, m in campaign.months() if m == activity.month), None)
            if year is None:
                self.report(record, loc + ("month",),
                            f"{activity.month} 月不在方案周期（{model.period.start} 至 {model.period.end}）内。")
            else:
                month = (year, activity.month)
        when = timing.resolve(activity.when, model.period.start, model.period.end, month)
        if when.first < model.period.start or when.last > model.period.end:
            self.report(record, loc + ("when",),
                        f"活动时间（{when.label()}）超出方案周期 {model.period.start} 至 {model.period.end}，"
                        "请核对日期或方案的 period。")
        self._key_days(record, activity.festivals, loc + ("festivals",))
        region = campaign.region
        node = ActivityNode(
            campaign, activity, section, theme, when,
            self.units(record, region, activity.leads, loc + ("leads",)),
            self.units(record, region, activity.responsible, loc + ("responsible",)),
        )
        for unit in node.leads:
            unit.leads.append(node)
        for unit in node.responsible:
            unit.responsible.append(node)
        return node

    def _key_days(self, record, names, loc) -> None:
        for index, name in enumerate(names):
            if name not in KEY_DAYS:
                self.report(record, loc + (index,), unknown_key_day_message(name))

    def _link_activity_stations(self, campaign: CampaignNode, stations) -> None:
        record = self.sources.campaigns[campaign.id]
        index_of: dict[str, int] = {}
        for index, activity in enumerate(campaign.model.activities):
            index_of.setdefault(activity.id, index)
        for node in campaign.activities:
            for s_index, station_id in enumerate(node.model.stations):
                station = stations.get(station_id)
                if station is None:
                    if not self.broken("stations", station_id):
                        self.report(record, ("activities", index_of[node.id], "stations", s_index),
                                    f"未知站点“{station_id}”{suggest(station_id, stations)}：站点文件应为 "
                                    f"content/stations/{station_id}.yaml。")
                elif station not in node.stations:
                    node.stations.append(station)
                    station.activities.append(node)

    def _station(self, record: Record, regions, standards, campaigns) -> Optional[StationNode]:
        model: StationFile = record.model
        region = regions.get(model.region)
        if region is None and not self.broken("regions", model.region):
            self.report(record, ("region",), f"未知地区“{model.region}”{suggest(model.region, regions)}。")
        standard = standards.get(model.standard)
        if standard is None:
            self.report(record, ("standard",),
                        f"未知标准“{model.standard}”{suggest(model.standard, standards)}：标准在 campaigns.yaml 的 standards 中定义。")
        else:
            names = [item.name for item in standard.items]
            for index, met in enumerate(model.meets):
                if met not in names:
                    self.report(record, ("meets", index),
                                f"“{met}”不是标准“{standard.name}”中的条目{suggest(met, names)}，可用条目：{'、'.join(names)}。")
        if region is None or standard is None:
            return None
        station = StationNode(record.id, model, region, standard, source=record.doc.display)
        if model.operator:
            found = self.units(record, region, [model.operator], ("operator",))
            station.operator = found[0] if found else None
        for index, campaign_id in enumerate(model.campaigns):
            campaign = campaigns.get(campaign_id)
            if campaign is None:
                if not self.broken("campaigns", campaign_id):
                    self.report(record, ("campaigns", index), f"未知方案“{campaign_id}”{suggest(campaign_id, campaigns)}。")
            else:
                station.campaigns.append(campaign)
                campaign.stations.append(station)
        return station

    def _poster_targets(self, site_url: str) -> None:
        """A poster's QR code is printed and posted on walls: it may only lead into this site."""
        for record in [*self.sources.campaigns.values(), *self.sources.stations.values()]:
            problem = record.model.poster_qr and poster_target_problem(record.model.poster_qr, site_url)
            if problem:
                self.report(record, ("poster_qr",), problem)

    def _duplicate_stations(self, stations: list[StationNode]) -> None:
        """Station ids are file names, so they cannot clash; the same place entered twice can."""
        seen: dict[tuple, StationNode] = {}
        for station in stations:
            key = (station.region.id, station.model.district, station.name)
            first = seen.setdefault(key, station)
            if first is not station:
                self.report(self.sources.stations[station.id], ("name",),
                            f"与 content/stations/{first.id}.yaml 的站点同名且在同一区县，疑似重复录入：请删除其中一个；"
                            "如确为两个站点，请修改名称加以区分。")


def build_site(sources: Sources, today: date, drafts: bool = False) -> tuple[Optional[Site], list[Issue]]:
    """Resolve references and check cross-record rules; return the site and every issue."""
    builder = _Builder(sources, today, drafts)
    site = builder.build()
    return site, sources.issues + builder.issues
