"""Model phase: turn validated source records into one linked, read-only ``Site``.

Every cross-record rule is checked here, while references are being resolved (through the
one resolver, model/resolve.py): a reference that cannot be resolved becomes an ``Issue`` at
its own file:line.  Renderers only ever see the resulting nodes (model/nodes.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

from generator.errors import Issue, suggest
from generator.gate.urls import host, poster_target_problem, signup_problem
from generator.model import resolve, timing
from generator.model.keydays import KEY_DAYS, unknown_key_day_message
from generator.model.places import link_districts, link_places
from generator.model.nodes import (ActivityNode, CampaignNode, ContactNode, DeadlineNode, PlatformNode,
                                   RegionNode, SectionNode, Site, StationNode, UnitNode)
from generator.model.resolve import Resolver, first_place
from generator.model.stories import build_exemplars, build_news
from generator.source.attachments import attachment_file
from generator.source.images import photo_file
from generator.source.load import Record, Sources
from generator.source.schema import Activity, CampaignFile, StationFile


class _Builder:
    """Builds the Site; every lookup goes through ``self.resolve`` (model/resolve.py)."""

    def __init__(self, sources: Sources, today: date, drafts: bool = False):
        self.sources = sources
        self.today = today
        self.drafts = drafts
        self.resolve = Resolver(sources)
        self.draft_campaigns: list[tuple[str, int]] = []  # (file, open review items)

    def report(self, record: Record, loc: tuple, message: str) -> None:
        self.resolve.report(record, loc, message)

    def units(self, record: Record, region: Optional[RegionNode], names, loc) -> list[UnitNode]:
        if region is None:
            return []
        return self.resolve.find_all(record, loc, resolve.UNIT, names, region.by_key, region=region.id)

    def build(self) -> Optional[Site]:
        src = self.sources
        site = src.site
        if site is None:
            # campaigns.yaml has errors of its own: every other file is still checked, but not
            # the references into it (categories, standards), and no site is built.
            self.resolve.unknowable |= {resolve.CATEGORY, resolve.STANDARD}
        categories = self.resolve.unique(site, "categories", site.model.categories, "分类 id") if site else {}
        standards = self.resolve.unique(site, "standards", site.model.standards, "标准 id") if site else {}
        for s_index, standard in enumerate(site.model.standards if site else ()):
            seen: dict[str, int] = {}
            for i_index, item in enumerate(standard.items):
                if item.name in seen:
                    first = first_place(site, ("standards", s_index, "items", seen[item.name], "name"))
                    self.report(site, ("standards", s_index, "items", i_index, "name"),
                                f"标准“{standard.name}”中条目“{item.name}”重复（{first}）：请删除其中一个。")
                seen.setdefault(item.name, i_index)

        regions = {rid: self._region(rec) for rid, rec in src.regions.items()}
        campaigns = self._campaign_list(site, regions, categories)
        by_campaign = {c.id: c for c in campaigns}
        link_places(list(regions.values()), campaigns)
        stations = [self._station(rec, regions, standards, by_campaign)
                    for rec in src.stations.values()]
        stations = [s for s in stations if s is not None]
        self._duplicate_stations(stations)
        images: dict[str, Path] = {}
        platforms: list[PlatformNode] = []
        if site is not None:  # else which poster targets, platforms and sign-up hosts are allowed is unknown
            self._poster_targets(site.model.site.url)
            platforms = self._platforms(site, images)
            self._signup_links(site.model.site.signup_hosts + [host(p.url) for p in platforms])
        by_station = {s.id: s for s in stations}
        for campaign in campaigns:
            self._link_activity_stations(campaign, by_station)
        link_districts(stations)
        exemplars = build_exemplars(self.resolve, self.today, self.drafts, regions, by_campaign, by_station, images)
        news = build_news(self.resolve, self.today, self.drafts, regions, by_campaign, images)
        attachments = self._attachments(campaigns)
        if site is None:
            return None
        return Site(src.root, site.model.site, self.today, categories, standards, regions,
                    campaigns, stations, exemplars, news, attachments, images,
                    list(site.model.redirects), site.doc, self.drafts, platforms, self.draft_campaigns)

    def _platforms(self, site: Record, images: dict[str, Path]) -> list[PlatformNode]:
        """The registration platforms; a code picture passes the photos' policy (source/images.py)."""
        platforms = []
        for index, platform in enumerate(site.model.site.registration):
            node = PlatformNode(platform)
            if platform.qr:
                found = photo_file(self.sources.images_dir, platform.qr)
                if isinstance(found, str):
                    self.report(site, ("site", "registration", index, "qr"), found)
                else:
                    images[found.path] = found.source
                    node = PlatformNode(platform, found.path, found.size)
            platforms.append(node)
        return platforms

    def _signup_links(self, hosts: list[str]) -> None:
        """A sign-up link leads readers who want to volunteer to a form: only to hosts the site allows."""
        for record in self.sources.campaigns.values():
            problem = record.model.signup and signup_problem(record.model.signup, hosts)
            if problem:
                self.report(record, ("signup",), problem)
            for index, activity in enumerate(record.model.activities):
                problem = activity.signup and signup_problem(activity.signup, hosts)
                if problem:
                    self.report(record, ("activities", index, "signup"), problem)
        for record in self.sources.stations.values():
            problem = record.model.signup and signup_problem(record.model.signup, hosts)
            if problem:
                self.report(record, ("signup",), problem)

    def _attachments(self, campaigns: list[CampaignNode]) -> dict[str, Path]:
        attachments = {}
        for campaign in campaigns:
            attachment = campaign.model.attachment
            if attachment is None:
                continue
            record = self.sources.campaigns[campaign.id]
            source = attachment_file(self.sources.attachments_dir, attachment.file)  # the gate's attachment policy
            if isinstance(source, str):
                self.report(record, ("attachment", "file"), source)
                continue
            campaign.attachment_path = f"campaigns/{campaign.id}/{source.name}"
            attachments[campaign.attachment_path] = source
        return attachments

    def _region(self, record: Record) -> RegionNode:
        region = RegionNode(record.id, record.model, source=record.doc.display, doc=record.doc)
        ids: dict[str, int] = {}
        for index, unit in enumerate(record.model.units):
            node = UnitNode(region, unit, index)
            keys = [unit.id, unit.name, *unit.aliases]
            if unit.id in ids:
                self.report(record, ("units", index, "id"), f"单位 id“{unit.id}”重复（"
                            f"{first_place(record, ('units', ids[unit.id], 'id'))}）：请删除重复的一项，或改用另一个 id。")
                keys[0] = None  # its names still resolve: references to it are not a second error
            else:
                ids[unit.id] = index
                region.units.append(node)
            for key_index, key in enumerate(keys):
                if key is None:
                    continue
                other = region.by_key.get(key)
                if other is not None and other is not node:
                    loc = ("units", index, "name") if key_index < 2 else ("units", index, "aliases", key_index - 2)
                    self.report(record, loc, f"名称“{key}”已被单位“{other.name}”使用（"
                                f"{first_place(record, ('units', other.index))}），同一地区内单位名称和别名不能重复。")
                    continue
                region.by_key[key] = node
        return region

    def _campaign_list(self, site: Optional[Record], regions, categories) -> list[CampaignNode]:
        if site is None:  # which campaigns are listed is unknown: each is checked
            nodes = [self._campaign(record, regions, categories) for record in self.sources.campaigns.values()]
            return [node for node in nodes if node is not None]
        listed = site.model.campaigns
        campaigns = []
        seen: dict[str, int] = {}
        for index, campaign_id in enumerate(listed):
            if campaign_id in seen:
                self.report(site, ("campaigns", index), f"方案“{campaign_id}”重复列出（"
                            f"{first_place(site, ('campaigns', seen[campaign_id]))}）：请删除这一行。")
                continue
            seen[campaign_id] = index
            record = self.sources.campaigns.get(campaign_id)
            if record is None:
                if not self.resolve.broken("campaigns", campaign_id):
                    self.report(site, ("campaigns", index),
                                f"找不到方案文件 content/campaigns/{campaign_id}.yaml。")
                continue
            node = self._campaign(record, regions, categories)
            if node is not None and self._published(node):
                campaigns.append(node)
        for campaign_id, record in self.sources.campaigns.items():
            if campaign_id not in seen and record.model.review:
                # an imported draft not yet listed: checked all the same, never published
                node = self._campaign(record, regions, categories)
                if node is not None:
                    self._withdraw(node)
                    self.draft_campaigns.append((record.doc.display, len(record.model.review)))
                continue
            if campaign_id not in seen:
                self.resolve.issues.append(Issue(record.doc.display, 1, "",
                                                 f"方案“{campaign_id}”未在 campaigns.yaml 的 campaigns 列表中登记，"
                                                 "不会发布。请在列表中加入该 id，或删除此文件。"))
        return campaigns

    def _published(self, campaign: CampaignNode) -> bool:
        """A campaign with open review items (an imported draft, tools/importer) is checked like
        any other, but shown only in the preview (as draft stories are): it is noted, not published."""
        review = campaign.model.review
        if not review:
            return True
        self.draft_campaigns.append((campaign.source, len(review)))
        if self.drafts:
            return True
        self._withdraw(campaign)
        return False

    @staticmethod
    def _withdraw(campaign: CampaignNode) -> None:
        """Take a campaign that is not published off its units' pages."""
        if campaign.region is None:
            return
        for unit in campaign.region.units:
            unit.campaign_roles[:] = [pair for pair in unit.campaign_roles if pair[0] is not campaign]
            unit.leads[:] = [a for a in unit.leads if a.campaign is not campaign]
            unit.responsible[:] = [a for a in unit.responsible if a.campaign is not campaign]

    def _campaign(self, record: Record, regions, categories) -> Optional[CampaignNode]:
        model: CampaignFile = record.model
        # Without its region (its file has errors) the campaign is still checked, but not built.
        region = self.resolve.find(record, ("region",), resolve.REGION, model.region, regions)
        campaign = CampaignNode(record.id, model, region, source=record.doc.display, doc=record.doc)
        for role in ("hosts", "leads", "responsible"):
            units = self.units(record, region, getattr(model, role), (role,))
            setattr(campaign, role, units)
            for unit in units:
                unit.campaign_roles.append((campaign, role))

        sections: dict[str, Optional[SectionNode]] = {}
        section_index: dict[str, int] = {}
        for index, section in enumerate(model.sections):
            if section.id in sections:
                self.report(record, ("sections", index, "id"), f"板块 id“{section.id}”重复（"
                            f"{first_place(record, ('sections', section_index[section.id], 'id'))}）："
                            "请删除重复的一项，或改用另一个 id。")
                continue
            section_index[section.id] = index
            category = self.resolve.find(record, ("sections", index, "category"), resolve.CATEGORY,
                                         section.category, categories)
            # None: reported once here, not again for each of its activities (which are still
            # checked when the categories are unknowable: campaigns.yaml has errors of its own)
            known = category is not None or resolve.CATEGORY in self.resolve.unknowable
            sections[section.id] = SectionNode(section, category) if known else None
        campaign.sections = [s for s in sections.values() if s is not None]

        theme_index: dict[int, int] = {}
        for index, theme in enumerate(model.months):
            if theme.month in campaign.themes:
                self.report(record, ("months", index, "month"), f"{theme.month} 月的月度主题重复（"
                            f"{first_place(record, ('months', theme_index[theme.month], 'month'))}）：请合并为一项。")
            theme_index.setdefault(theme.month, index)
            campaign.themes[theme.month] = theme
            self._key_days(record, theme.festivals, ("months", index, "festivals"))

        ids: dict[str, int] = {}
        for index, activity in enumerate(model.activities):
            loc = ("activities", index)
            if activity.id in ids:
                self.report(record, loc + ("id",), f"活动 id“{activity.id}”重复（"
                            f"{first_place(record, ('activities', ids[activity.id], 'id'))}），"
                            "同一方案内每个活动的 id 必须唯一：请改用另一个 id。")
                continue
            ids[activity.id] = index
            node = self._activity(record, campaign, sections, activity, loc)
            if node is None:
                self.resolve.dropped.add(f"{campaign.id}/{activity.id}")
            else:
                campaign.activities.append(node)
                node.section.activities.append(node)

        for index, target in enumerate(model.targets):
            if target.activity:
                self.resolve.find(record, ("targets", index, "activity"), resolve.ACTIVITY, target.activity,
                                  dict.fromkeys(ids, True))
        campaign.targets = list(self.resolve.unique(record, "targets", model.targets, "指标 id").values())

        self.resolve.unique(record, "deadlines", model.deadlines, "报送节点 id")
        for index, deadline in enumerate(model.deadlines):
            loc = ("deadlines", index)
            when_timing = timing.resolve(deadline.when, model.period.start, model.period.end)
            if problem := timing.rule_problem(when_timing):
                self.report(record, loc + ("when", *problem.loc), problem.message)
            campaign.deadlines.append(DeadlineNode(
                deadline, when_timing, self.units(record, region, deadline.submit_to, loc + ("submit_to",))))
        for index, contact in enumerate(model.contacts):
            found = self.units(record, region, [contact.unit], ("contacts", index, "unit")) if contact.unit else []
            campaign.contacts.append(ContactNode(contact, found[0] if found else None))
        return campaign if region is not None else None

    def _activity(self, record, campaign: CampaignNode, sections, activity: Activity, loc) -> Optional[ActivityNode]:
        model = campaign.model
        if activity.section in sections:
            section = sections[activity.section]
            if section is None:
                return None  # its section has an unknown category, already reported
        else:
            self.resolve.find(record, loc + ("section",), resolve.SECTION, activity.section, sections)
            return None
        theme = None
        month = None
        if activity.month is not None:
            theme = campaign.themes.get(activity.month)
            # months that lost an item to its own error cannot say which months have a theme
            if campaign.themes and theme is None and ("months",) not in record.doc.kept:
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
        elif problem := timing.rule_problem(when):
            self.report(record, loc + ("when", *problem.loc), problem.message)
        self._key_days(record, activity.festivals, loc + ("festivals",))
        region = campaign.region
        node = ActivityNode(
            campaign, activity, section, theme, when,
            self.units(record, region, activity.leads, loc + ("leads",)),
            self.units(record, region, activity.responsible, loc + ("responsible",)),
            index=loc[1],
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
            loc = ("activities", index_of[node.id], "stations")
            for station in self.resolve.find_all(record, loc, resolve.STATION, node.model.stations, stations):
                node.stations.append(station)
                station.activities.append(node)

    def _station(self, record: Record, regions, standards, campaigns) -> Optional[StationNode]:
        model: StationFile = record.model
        region = self.resolve.find(record, ("region",), resolve.REGION, model.region, regions)
        standard = self.resolve.find(record, ("standard",), resolve.STANDARD, model.standard, standards)
        if standard is not None:
            names = [item.name for item in standard.items]
            for index, met in enumerate(model.meets):
                if met not in names and met not in self.resolve.withdrawn:
                    self.report(record, ("meets", index),
                                f"“{met}”不是标准“{standard.name}”中的条目{suggest(met, names)}，可用条目：{'、'.join(names)}。")
        if region is None or standard is None:
            self.resolve.find_all(record, ("campaigns",), resolve.CAMPAIGN, model.campaigns, campaigns)  # still checked
            return None
        station = StationNode(record.id, model, region, standard, source=record.doc.display, doc=record.doc)
        if model.operator:
            found = self.units(record, region, [model.operator], ("operator",))
            station.operator = found[0] if found else None
        for campaign in self.resolve.find_all(record, ("campaigns",), resolve.CAMPAIGN, model.campaigns, campaigns):
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
                            f"与 {first.doc.display}:{first.doc.line_of(('name',))} 的站点同名且在同一区县，疑似重复录入："
                            "请删除其中一个；如确为两个站点，请修改名称加以区分。")


def build_site(sources: Sources, today: date, drafts: bool = False) -> tuple[Optional[Site], list[Issue]]:
    """Resolve references and check cross-record rules; return the site and every issue."""
    builder = _Builder(sources, today, drafts)
    site = builder.build()
    return site, sources.issues + builder.resolve.issues
