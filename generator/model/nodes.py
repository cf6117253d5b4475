"""The model the renderers see: linked, read-only nodes built from validated sources.

Joins (which activities a unit leads, which stories link a station), groupings, counts,
labels and the paths of the pages a node has are computed here, so templates and renderers
only iterate and print (site_tests/test_template_rules.py holds templates to that).
model/site.py builds the nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from generator.model import timing
from generator.model.excerpt import first_paragraph, shortened
from generator.model.grouping import grouped
from generator.model.keydays import KEY_DAYS
from generator.model.timing import Timing, cn_date, cn_month, cn_period
from generator.source.load import Record
from generator.source.schema import (Activity, CampaignFile, Category, Contact, Deadline, MonthlyTheme, Photo,
                                     Platform, PublicContact, Redirect, RegionFile, Section, SiteSettings, Standard,
                                     StationFile, Target, Unit)
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


@dataclass(frozen=True)
class Figure:
    photo: PhotoRef
    attributes: str  # Markdown attribute list: size against layout shift, lazy loading below the first


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

    @property
    def doc(self) -> Document:
        return self.record.doc

    @property
    def description(self) -> str:
        """What a link preview, a search engine and the poster say: the summary, else the first
        paragraph, else the title — one line, at most 120 characters."""
        text = " ".join((self.model.summary or "").split()) or first_paragraph(self.body) or self.title
        return shortened(text)

    @property
    def poster_path(self) -> str:
        return f"posters/{self.folder}/{self.id}.md"

    @property
    def qr_path(self) -> str:
        """The QR code of the permanent URL, as a PNG that can be saved and printed."""
        return f"assets/qr/{self.folder}/{self.id}.png"

    @property
    def press_path(self) -> str:
        """The press kit: the text and every photo at full size, with credits (render/press.py)."""
        return f"press/{self.folder}/{self.id}.zip"

    @property
    def card_path(self) -> str:
        """The share image (render/social.py draws it): 1200×630 PNG."""
        return f"assets/cards/{self.folder}/{self.id}.png"

    @property
    def card_leads(self) -> bool:
        """Whether the share image is shown above the story: WeChat's crawler shares the first large
        picture of a page and takes no SVG, so when the lead photo is not a raster one, the card is."""
        return not self.photos or self.photos[0].path.lower().endswith(".svg")

    @property
    def raster_photos(self) -> list[PhotoRef]:
        """Photos a share preview or search engine can use (they ignore SVG)."""
        return [photo for photo in self.photos if not photo.path.lower().endswith(".svg")]

    @property
    def figures(self) -> list[Figure]:
        """The photos as the page shows them: the first loads at once, the others when scrolled to."""
        figures = []
        for index, photo in enumerate(self.photos):
            attributes = ([f"width={photo.size[0]} height={photo.size[1]}"] if photo.size else []) + (
                ["loading=lazy"] if index else [])
            figures.append(Figure(photo, " ".join(attributes)))
        return figures


@dataclass(eq=False)
class ExemplarNode(StoryNode):
    activities: list["ActivityNode"] = field(default_factory=list)
    stations: list["StationNode"] = field(default_factory=list)
    folder = "exemplars"


@dataclass(eq=False)
class NewsNode(StoryNode):
    folder = "news"



# --- taking part: registration platforms, sign-up links, whom to call --------------------------------------


@dataclass(frozen=True)
class PlatformNode:
    """A registration platform of campaigns.yaml, with its mini-program code picture if it has one."""

    model: Platform
    qr_path: Optional[str] = None  # docs-relative, e.g. images/platform-code.png
    qr_size: Optional[tuple[int, int]] = None  # pixels, against layout shift

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def url(self) -> str:
        return self.model.url

    @property
    def qr_alt(self) -> str:
        return f"{self.model.name}的小程序码或二维码"

    @property
    def qr_attributes(self) -> str:
        """Markdown attribute list of the picture: its size, and loaded when scrolled to."""
        size = [f"width={self.qr_size[0]} height={self.qr_size[1]}"] if self.qr_size else []
        return " ".join(size + ["loading=lazy", ".portal-join-qr"])


def tel_link(phone: str) -> str:
    """The tap-to-call URL of a phone number as written (schema.Phone: digits, spaces, + - ( )):
    its digits only, after a leading "+" if it has one (0871-00000000 → tel:087100000000), so
    nothing an editor writes can reach the href but a number."""
    return "tel:" + ("+" if phone.lstrip().startswith("+") else "") + re.sub(r"[^0-9]", "", phone)


def mailto_link(email: str) -> str:
    """The write-to URL of an address as schema.Email let it in (one plain address)."""
    return "mailto:" + email


@dataclass(frozen=True)
class Reach:
    """Someone to call or write to about taking part, as the 我要当志愿者 block lists them."""

    label: str  # 联系站点 / 联系人 秦毅
    unit: Optional["UnitNode"] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    wechat: Optional[str] = None

    @property
    def phone_link(self) -> str:
        return tel_link(self.phone) if self.phone else ""

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email or self.wechat)


def _own_reach(label: str, contact: Optional[PublicContact]) -> list[Reach]:
    if contact is None:
        return []
    found = Reach(label, None, contact.phone, contact.email, contact.wechat)
    return [found] if found.reachable else []


@dataclass(frozen=True)
class JoinPath:
    """How to take part in one activity or at one station: its sign-up page, whom to call, and when
    nobody's number is published, the units that run it (their pages list what they do)."""

    signup: Optional[str]
    reach: list[Reach]
    ask: list["UnitNode"]


def _units_once(*groups: list["UnitNode"]) -> list["UnitNode"]:
    return list({id(unit): unit for group in groups for unit in group}.values())


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

    @property
    def lead_count(self) -> int:
        return len(self.leads)

    @property
    def responsible_count(self) -> int:
        return len(self.responsible)

    def roles_by_campaign(self) -> list[tuple["CampaignNode", list[str]]]:
        """Each campaign the unit has a role in (by id), with its roles' names: 主办、牵头."""
        return [(roles[0][0], [ROLE_NAMES[role] for _, role in roles])
                for _, roles in grouped(self.campaign_roles, lambda pair: pair[0].id)]

    def leads_by_campaign(self) -> list[tuple["CampaignNode", list["ActivityNode"]]]:
        return _by_campaign(self.leads)

    def responsible_by_campaign(self) -> list[tuple["CampaignNode", list["ActivityNode"]]]:
        return _by_campaign(self.responsible)


ROLE_NAMES = {"hosts": "主办", "leads": "牵头", "responsible": "责任"}


def _by_campaign(activities: list["ActivityNode"]) -> list[tuple["CampaignNode", list["ActivityNode"]]]:
    return [(items[0].campaign, items) for _, items in grouped(activities, lambda a: a.campaign.id)]


@dataclass(eq=False)
class RegionNode:
    id: str
    model: RegionFile
    units: list[UnitNode] = field(default_factory=list)
    by_key: dict[str, UnitNode] = field(default_factory=dict)
    source: str = ""  # the file it came from, as shown to editors (for "last updated")
    doc: Optional[Document] = None  # for file:line
    # Places (model/places.py): the campaigns of this region and of the regions inside it (its
    # calendar's), the regions inside it (districts of a city) and the region it lies in.  Not in
    # repr: they close cycles through the campaigns, and a repr would walk the whole site.
    calendar_campaigns: list["CampaignNode"] = field(default_factory=list, repr=False)
    districts: list["RegionNode"] = field(default_factory=list, repr=False)
    city: Optional["RegionNode"] = field(default=None, repr=False)
    # The districts its stations name, each with a calendar (model/places.py DistrictCalendar).
    district_calendars: list = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def calendar_path(self) -> str:
        """What is on in this place: its citizens' calendar page (plan/region_calendars.py).  Every
        region has one, with a plan or not yet, so every page can link it and a feed subscribed
        today receives the place's next plans."""
        return f"calendar/regions/{self.id}.md"

    @property
    def ics_path(self) -> str:
        return f"calendar/regions/{self.id}.ics"

    @property
    def public_activities(self) -> list["ActivityNode"]:
        """What citizens of this place can join: the public activities of its calendar's campaigns."""
        return [a for c in self.calendar_campaigns for a in c.public_activities]

    @property
    def place(self) -> str:
        """省 · 市 · 区 as far as known, without repeats."""
        parts = [self.model.province, self.model.city, self.model.district]
        return " · ".join(dict.fromkeys(p for p in parts if p))

    @property
    def unit_count(self) -> int:
        return len(self.units)


PUBLIC, INTERNAL = "public", "internal"


def place_key(region: "RegionNode") -> tuple:
    model = region.model
    return (model.province, model.city, model.district or "", region.id)


@dataclass(eq=False)
class SectionNode:
    model: Section
    category: Category
    activities: list["ActivityNode"] = field(default_factory=list)

    @property
    def activity_count(self) -> int:
        return len(self.activities)

    @property
    def audience(self) -> str:
        """public or internal: the section's own word, else its category's."""
        return self.model.audience or self.category.audience

    @property
    def is_internal(self) -> bool:
        """Every item of the section is a work task (the plan page says so once, at the heading)."""
        return bool(self.activities) and not any(a.is_public for a in self.activities)


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
    def audience(self) -> str:
        """public (citizens can join it) or internal (a work task for the units: reporting, rules,
        evaluations): the activity's own word, else its section's, else its category's."""
        return self.model.audience or self.section.audience

    @property
    def is_public(self) -> bool:
        """On citizens' calendars, feeds and upcoming lists; a work task is only on the plan page."""
        return self.audience == PUBLIC

    @property
    def path(self) -> str:
        return f"campaigns/{self.campaign.id}/activities/{self.id}.md"

    @property
    def ics_path(self) -> str:
        """The activity alone, as a calendar file to import."""
        return self.path.removesuffix(".md") + ".ics"

    @property
    def lead_names(self) -> list[str]:
        return [unit.name for unit in self.leads]

    @property
    def signup(self) -> Optional[str]:
        return self.model.signup or self.campaign.model.signup

    @property
    def standing_label(self) -> str:
        """How often a standing service happens, without the plan's dates (which may be long past)."""
        when = self.timing
        if when.kind != "recurring":
            return "常态化开展"
        return timing.describe_rrule(when.when.rule) + (f" {when.time}" if when.time else "")  # repeat or rrule

    @property
    def join(self) -> JoinPath:
        """Its own contact, else the campaign's contacts; its leads and responsible units, else the campaign's."""
        reach = _own_reach("报名咨询", self.model.contact) or self.campaign.reach
        ask = _units_once(self.leads, self.responsible) or self.campaign.ask
        return JoinPath(self.signup, reach, ask)

    @property
    def theme_month(self) -> Optional["CampaignMonth"]:
        """The campaign month of its monthly theme: in the activity's own year when the campaign
        has that month then, else the campaign's first month of that name."""
        if self.theme is None:
            return None
        months = [m for m in self.campaign.month_list() if m.month == self.model.month]
        own = [m for m in months if m.year == self.timing.first.year]
        return (own or months or [None])[0]


@dataclass(eq=False)
class DeadlineNode:
    model: Deadline
    timing: Timing
    submit_to: list[UnitNode]


@dataclass(eq=False)
class ContactNode:
    model: Contact
    unit: Optional[UnitNode]

    @property
    def phone_link(self) -> str:
        return tel_link(self.model.phone) if self.model.phone else ""

    @property
    def reach(self) -> Reach:
        return Reach(f"{self.model.role or '联系人'} {self.model.name}", self.unit, self.model.phone, self.model.email)


def number_text(value: float) -> str:
    """20 rather than 20.0; 0.5 as it is."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class TargetRow:
    """A quantitative target as the campaign page lists it, with the task that states it."""

    target: Target
    activity: Optional["ActivityNode"]

    @property
    def goal(self) -> str:
        """≥ 20% / ≤ 5个 / 100%: the comparison, the value and its unit."""
        sign = {"at_least": "≥ ", "at_most": "≤ ", "exactly": ""}[self.target.comparison]
        return f"{sign}{number_text(self.target.value)}{self.target.unit}"


def calendar_path(year: int, month: int) -> str:
    """The site-wide calendar page of a month."""
    return f"calendar/{year}-{month:02d}.md"


@dataclass(frozen=True)
class MonthLink:
    """A month of the site-wide calendar, as pagers and the calendar index link it."""

    year: int
    month: int

    @property
    def label(self) -> str:
        return cn_month(self.year, self.month)

    @property
    def month_label(self) -> str:
        return f"{self.month}月"

    @property
    def path(self) -> str:
        return calendar_path(self.year, self.month)


@dataclass(frozen=True, eq=False)
class CampaignMonth:
    """A month of a campaign: its page, its poster and, if the plan gives one, its theme."""

    campaign: "CampaignNode"
    year: int
    month: int

    @property
    def label(self) -> str:
        return cn_month(self.year, self.month)

    @property
    def month_label(self) -> str:
        return f"{self.month}月"

    @property
    def path(self) -> str:
        return self.campaign.month_path(self.year, self.month)

    @property
    def poster_path(self) -> str:
        return f"posters/campaigns/{self.campaign.id}/{self.year}-{self.month:02d}.md"

    @property
    def calendar_path(self) -> str:
        return calendar_path(self.year, self.month)

    @property
    def theme(self) -> Optional[MonthlyTheme]:
        return self.campaign.theme_for(self.year, self.month)

    @property
    def festival_labels(self) -> list[str]:
        """The theme's key days with their dates this year: 清明节（2019年4月5日）."""
        if self.theme is None:
            return []
        return [f"{name}（{cn_date(KEY_DAYS[name].date_in(self.year))}）" if name in KEY_DAYS else name
                for name in self.theme.festivals]

    @property
    def themed_count(self) -> int:
        """Activities of this month that belong to a monthly theme (public or not: the plan's count)."""
        return sum(1 for a in self.campaign.activities_in(self.year, self.month) if a.theme)

    @property
    def task_count(self) -> int:
        """Work tasks under way this month: not on the month's calendar, listed on the plan page."""
        return sum(1 for a in self.campaign.activities_in(self.year, self.month) if not a.is_public)


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
    def open_review(self) -> int:
        """Items an imported draft still asks the editor to check (0: not a draft)."""
        return len(self.model.review)

    @property
    def start(self) -> date:
        return self.model.period.start

    @property
    def end(self) -> date:
        return self.model.period.end

    def months(self) -> list[tuple[int, int]]:
        return timing.months_between(self.start, self.end)

    def month_list(self) -> list[CampaignMonth]:
        return [CampaignMonth(self, year, month) for year, month in self.months()]

    def theme_months(self) -> list[CampaignMonth]:
        """The months that have a monthly theme, in order."""
        return [month for month in self.month_list() if month.theme is not None]

    def themed_month(self, year: int, month: int) -> Optional[CampaignMonth]:
        """The campaign's month if it is running then and has a theme for it."""
        if (year, month) not in self.months() or self.theme_for(year, month) is None:
            return None
        return CampaignMonth(self, year, month)

    @property
    def period_label(self) -> str:
        return cn_period(self.start, self.end)

    @property
    def activity_count(self) -> int:
        return len(self.activities)

    @property
    def public_activities(self) -> list[ActivityNode]:
        """What citizens can join; the rest are work tasks for the units, listed on the plan page."""
        return [a for a in self.activities if a.is_public]

    @property
    def public_count(self) -> int:
        return len(self.public_activities)

    @property
    def task_count(self) -> int:
        return self.activity_count - self.public_count

    @property
    def theme_count(self) -> int:
        return len(self.themes)

    @property
    def target_count(self) -> int:
        return len(self.targets)

    @property
    def ics_path(self) -> str:
        """Every activity of the campaign, as a calendar to subscribe to."""
        return f"calendar/campaigns/{self.id}.ics"

    @property
    def poster_path(self) -> str:
        return f"posters/campaigns/{self.id}/index.md"

    def target_rows(self) -> list[TargetRow]:
        by_id = {activity.id: activity for activity in self.activities}
        return [TargetRow(target, by_id.get(target.activity) if target.activity else None)
                for target in self.targets]

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

    @property
    def reach(self) -> list[Reach]:
        """The plan's contacts with a number or address to use."""
        return [found for contact in self.contacts if (found := contact.reach).reachable]

    @property
    def ask(self) -> list[UnitNode]:
        return _units_once(self.leads, self.hosts)


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
    # Its district's calendar (model/places.py): a DistrictCalendar, or the district's RegionNode
    # when the district has a region file; None in a region that is itself a district.
    district_calendar: Optional[object] = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def path(self) -> str:
        return f"stations/{self.id}.md"

    @property
    def poster_path(self) -> str:
        return f"posters/stations/{self.id}.md"

    @property
    def hours_label(self) -> str:
        return self.model.hours or "开放时间未公布"

    @property
    def phone_link(self) -> str:
        contact = self.model.contact
        return tel_link(contact.phone) if contact and contact.phone else ""

    @property
    def join(self) -> JoinPath:
        """Its own contact, else its campaigns' contacts; its operator, else its campaigns' lead units."""
        reach = _own_reach("联系站点", self.model.contact) or [r for c in self.campaigns for r in c.reach]
        ask = [self.operator] if self.operator else _units_once(*(c.ask for c in self.campaigns))
        return JoinPath(self.model.signup, reach, ask)

    def checklist(self) -> list[tuple[str, Optional[str], bool]]:
        met = set(self.model.meets)
        return [(item.name, item.description, item.name in met) for item in self.standard.items]

    @property
    def met_items(self) -> list[str]:
        """The standard's items this station meets, in the standard's order, each once."""
        return [name for name, _, met in self.checklist() if met]

    @property
    def met_count(self) -> int:
        return len(self.met_items)

    @property
    def item_count(self) -> int:
        return len(self.standard.items)


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
    images: dict[str, Path]  # docs path → source file (story photos, platforms' codes)
    redirects: list[Redirect] = field(default_factory=list)  # campaigns.yaml redirects
    source: Optional[Document] = None  # campaigns.yaml, for file:line in late checks
    drafts: bool = False  # drafts included (preview only)
    platforms: list[PlatformNode] = field(default_factory=list)  # where volunteers register
    draft_campaigns: list[tuple[str, int]] = field(default_factory=list)  # (file, open review items): not published

    def campaign(self, campaign_id: str) -> CampaignNode:
        return next(c for c in self.campaigns if c.id == campaign_id)

    @property
    def activities(self) -> list[ActivityNode]:
        return [a for c in self.campaigns for a in c.activities]

    @property
    def public_activities(self) -> list[ActivityNode]:
        """What the site-wide calendar and feeds show: every campaign's public activities."""
        return [a for c in self.campaigns for a in c.public_activities]

    @property
    def places(self) -> list[RegionNode]:
        """Every region, by province, city and district (a city before its districts)."""
        return sorted(self.regions.values(), key=place_key)

    @property
    def units(self) -> list[UnitNode]:
        return [u for r in self.regions.values() for u in r.units]

    @property
    def regions_by_id(self) -> list[RegionNode]:
        return sorted(self.regions.values(), key=lambda region: region.id)

    @property
    def campaign_count(self) -> int:
        return len(self.campaigns)

    @property
    def activity_count(self) -> int:
        return sum(campaign.activity_count for campaign in self.campaigns)

    @property
    def station_count(self) -> int:
        return len(self.stations)


