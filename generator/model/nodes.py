"""The model the renderers see: linked, read-only nodes built from validated sources.

Joins (which activities a unit leads, which stories link a station), groupings and labels
are computed here, so templates and renderers only iterate.  model/site.py builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from generator.model import timing
from generator.model.timing import Timing
from generator.source.load import Record
from generator.source.schema import (Activity, CampaignFile, Category, Contact, Deadline, MonthlyTheme, Photo,
                                     Redirect, RegionFile, Section, SiteSettings, Standard, StationFile, Target,
                                     Unit)
from generator.source.yamlsource import Document

# --- stories: exemplar stories and news posts ---


@dataclass(frozen=True)
class PhotoRef:
    model: Photo
    path: str  # docs-relative output path, e.g. images/zhenghe.svg
    size: Optional[tuple[int, int]] = None  # pixels, written as width/height against layout shift


DRAFT, SCHEDULED, PUBLISHED, ARCHIVED = "draft", "scheduled", "published", "archived"


def editorial_status(model, today: date) -> str:
    if model.draft:
        return DRAFT
    if model.publish and model.publish > today:
        return SCHEDULED
    if model.expires and model.expires <= today:
        return ARCHIVED
    return PUBLISHED


def current(stories: list) -> list:
    """What lists, feeds and the home page show: everything not yet archived."""
    return [story for story in stories if story.status != ARCHIVED]


def archived(stories: list) -> list:
    return [story for story in stories if story.status == ARCHIVED]


@dataclass(eq=False)
class StoryNode:
    id: str  # the URL segment, fixed at first publication
    record: Record
    photos: list[PhotoRef] = field(default_factory=list)
    region: Optional["RegionNode"] = None
    campaign: Optional["CampaignNode"] = None
    status: str = PUBLISHED  # draft and scheduled nodes exist only in the preview
    aliases: list[tuple[int, str]] = field(default_factory=list)  # (index in `aliases`, old URL segment) claimed

    folder = ""

    @property
    def model(self):
        return self.record.model

    @property
    def body(self) -> str:
        return self.record.body

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.id}.md"

    @property
    def source(self) -> str:
        return self.record.doc.display


@dataclass(eq=False)
class ExemplarNode(StoryNode):
    activities: list["ActivityNode"] = field(default_factory=list)
    stations: list["StationNode"] = field(default_factory=list)
    folder = "exemplars"


@dataclass(eq=False)
class NewsNode(StoryNode):
    folder = "news"



# --- campaigns, stations, units ---------------------------------------------------------------------------


@dataclass(eq=False)
class UnitNode:
    region: "RegionNode"
    model: Unit
    index: int = 0  # its place in the region file's units, for file:line
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
    doc: Optional[Document] = None  # for file:line

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
    index: int = 0  # its place in the campaign file's activities, for file:line

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
    doc: Optional[Document] = None  # for file:line
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
        return [a for a in self.activities if (year, month) in a.timing.month_set]

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
    doc: Optional[Document] = None  # for file:line

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


