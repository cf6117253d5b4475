"""The input schema: what editors may write in ``campaigns.yaml`` and ``content/``.

Every model forbids unknown keys so that a typo such as ``titel`` is reported
instead of silently ignored.  Messages raised here are shown to editors, so they
are in Chinese and say how to fix the problem.  Rules that need more than one
record (references, uniqueness, dates inside a campaign) live in ``site.py``.
"""

from __future__ import annotations

import re
import datetime as dt
from functools import lru_cache
from typing import Annotated, Literal, Optional, get_args

from dateutil.rrule import rrulestr
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from generator.source import schedules
from generator.source.characters import invisible_problem

# Long text (Markdown bodies, descriptions): every other string is a one-line field — a name, a
# title, a unit or a place — in which invisible characters are refused (see Model below).
LONG_TEXT = object()


@lru_cache(maxsize=None)
def _is_long_text(model: type, field_name: str) -> bool:
    def marked(annotation) -> bool:
        return LONG_TEXT in getattr(annotation, "__metadata__", ()) or any(marked(a) for a in get_args(annotation))
    field = model.model_fields[field_name]
    return LONG_TEXT in field.metadata or marked(field.annotation)

from generator.gate import urls


class Model(BaseModel):
    # nan / 1e999 would be published as "nan" on the targets page
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _one_line_text_is_visible(cls, value, info: ValidationInfo):
        """Refuse zero-width and other invisible characters in every one-line string field, so
        that two stations, units or titles cannot look the same and be different (or the
        reverse).  Lists of ``Text`` check their items themselves, with the item's line."""
        if isinstance(value, str) and not _is_long_text(cls, info.field_name):
            _visible(value)
        return value


def _visible(value: str) -> str:
    problem = invisible_problem(value)
    if problem:
        raise ValueError(problem)
    if "\n" in value or "\r" in value:
        # A title is a heading, a card's headline, a calendar's SUMMARY: a break would split it.
        raise ValueError("名称、标题等一行的文字中不能换行：请写在一行里（YAML 的“|”“>”会保留换行，请去掉它们，"
                         "或用引号括起整段文字）。")
    return value


MAX_ID_LENGTH = 64  # ids become URL segments and file names; the longest real one has 24 characters
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _shown(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"“{_shown(value)}”不能用作 id：只能使用小写英文字母、数字和连字符（如 kunming-2018、wenmingban）。"
        )
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"id“{_shown(value)}”有 {len(value)} 个字符，超过上限 {MAX_ID_LENGTH}：id 会成为网址和文件名的一部分，"
                         "请改短（用几个词的拼音或英文缩写即可，如 lei-feng-square）。")
    return value


# Dates editors write.  学雷锋 began in 1963; a date outside this range is a typo (0001-01-01,
# 9999-12-31) that would put a news post first forever or stretch calendars over centuries.
FIRST_DAY = dt.date(1963, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _sane_date(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"日期 {value} 不在 {FIRST_DAY} 至 {LAST_DAY} 之间（学雷锋活动始于 1963 年）："
                         "请检查年份是否写错。")
    return value


def _year_month(value: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"“{value}”不是有效的月份：格式应为 YYYY-MM，如 2018-03。")
    return value


def _clock(value: str) -> str:
    match = re.fullmatch(r"(\d{2}):(\d{2})(?:-(\d{2}):(\d{2}))?", value)
    if not match or any(
        part is not None and not (int(part) < (24 if i % 2 == 0 else 60))
        for i, part in enumerate(match.groups())
    ):
        raise ValueError(f"“{value}”不是有效的时间：格式应为 HH:MM 或 HH:MM-HH:MM，如 09:00-11:30。")
    return value


RRULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _host_name(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", value):
        raise ValueError(f"“{value}”不是主机名：只写网站的主机名，不带 https:// 和路径，如 player.bilibili.com。")
    return value


# The parts of RFC 5545 rules that describe which days something happens on.
RRULE_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH",
               "BYYEARDAY", "BYWEEKNO", "BYSETPOS")
_RRULE_EXAMPLES = ("如 FREQ=WEEKLY;BYDAY=SA（每周六）或 FREQ=MONTHLY;BYMONTHDAY=23（每月23日）；"
                   "常见的规律也可以直接写中文，如 repeat: 每周六")


def _rrule(value: str) -> str:
    """One line of ``NAME=VALUE`` parts.  Every occurrence is a whole day: the time of day is
    ``time:``, so a rule never yields more than one occurrence a day (timing.py relies on it)."""
    rule = value.upper()
    if not re.fullmatch(r"[A-Z0-9=;,+\-]+", rule):
        raise ValueError(f"重复规则“{_shown(value)}”只能包含英文字母、数字和 = ; , + -，写在一行内，{_RRULE_EXAMPLES}。")
    parts = dict(part.partition("=")[::2] for part in rule.split(";") if part)
    clock = [name for name in ("BYHOUR", "BYMINUTE", "BYSECOND") if name in parts]
    if clock:
        raise ValueError(f"重复规则“{_shown(value)}”不能含 {'、'.join(clock)}：重复规则只写哪几天重复，"
                         "一天中的时间请写在 time 中（如 time: 09:00-11:30）。")
    unknown = [name for name in parts if name not in RRULE_PARTS]
    if unknown:
        raise ValueError(f"重复规则“{_shown(value)}”中的 {'、'.join(unknown)} 不受支持：可用的部分有 "
                         f"{'、'.join(RRULE_PARTS)}，{_RRULE_EXAMPLES}。")
    if "FREQ" not in parts:
        raise ValueError(f"重复规则“{_shown(value)}”缺少频率 FREQ（DAILY / WEEKLY / MONTHLY / YEARLY），{_RRULE_EXAMPLES}。")
    if parts["FREQ"] not in RRULE_FREQUENCIES:
        # Every occurrence is expanded at build time: FREQ=SECONDLY would run for hours.
        raise ValueError(f"重复规则“{_shown(value)}”的频率 {parts['FREQ']} 太密：志愿服务活动只能按天、周、月或年重复"
                         "（FREQ=DAILY / WEEKLY / MONTHLY / YEARLY）。")
    if "INTERVAL" in parts and not re.fullmatch(r"0*[1-9]\d{0,3}", parts["INTERVAL"]):
        raise ValueError(f"重复规则“{_shown(value)}”的 INTERVAL 应为 1 至 9999 的整数（INTERVAL=2 即每隔一次）。")
    if "UNTIL" in parts:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", parts["UNTIL"])
        try:
            _sane_date(dt.date(*(int(g) for g in match.groups())))
        except (AttributeError, ValueError):
            raise ValueError(f"重复规则“{_shown(value)}”的 UNTIL 应为 {FIRST_DAY:%Y%m%d} 至 {LAST_DAY:%Y%m%d} 之间"
                             "存在的日期，写成 YYYYMMDD（如 UNTIL=20181231）；也可以改用 until 字段。") from None
    try:
        rrulestr(rule, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"重复规则“{_shown(value)}”无法解析（{exc}）：请使用 iCalendar RRULE 写法，{_RRULE_EXAMPLES}。"
        ) from None
    return rule


def _schedule(value: str) -> str:
    """A rule as editors write it: Chinese (每周六, schedules.py) or an RRULE.  Chinese text is
    kept as written, for messages; ``When.rule`` is the RRULE either way."""
    if schedules.is_chinese(value):
        _rrule(schedules.to_rrule(value))  # what the parser makes passes the same checks
        return value
    return _rrule(value)


Slug = Annotated[str, AfterValidator(_slug)]
YearMonth = Annotated[str, AfterValidator(_year_month)]
Clock = Annotated[str, AfterValidator(_clock)]
Schedule = Annotated[str, AfterValidator(_schedule)]
Text = Annotated[str, Field(min_length=1), AfterValidator(_visible)]  # one line: a name, a title
# Markdown fields are rendered and pass the HTML gate (render/fragments.py); every other
# string is plain text and is escaped wherever it is printed.
MARKDOWN = "markdown"
Markdown = Annotated[str, LONG_TEXT, MARKDOWN]
Prose = Annotated[str, LONG_TEXT]  # a paragraph or more of plain text
Month = Annotated[int, Field(ge=1, le=12)]
Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]
Day = Annotated[dt.date, AfterValidator(_sane_date)]


# --- campaigns.yaml -----------------------------------------------------------------


def _tile_key(value: str) -> str:
    # It becomes part of every tile URL: letters and digits only, nothing that ends the query value.
    if not re.fullmatch(r"[A-Za-z0-9]+", value):
        raise ValueError(f"天地图密钥“{value}”应只由英文字母和数字组成：请从天地图控制台复制“浏览器端”密钥。")
    return value



def _attribution(value: str) -> str:
    if "<" in value or ">" in value:
        # Leaflet inserts the attribution as HTML (portal-map.js escapes it): it is meant to be text.
        raise ValueError("地图版权说明只写文字（如 © 天地图），不能含有“<”“>”：地图组件会把它当作网页代码。")
    return value


class MapSettings(Model):
    """Where map tiles come from.  Markers and lists work with ``tiles: none``."""

    tiles: Literal["none", "tianditu", "osm", "custom"] = "none"
    # custom: https://…/{z}/{x}/{y}.png (WGS-84 / Web Mercator tiles); its host joins the pages' img-src
    url: Optional[Annotated[str, AfterValidator(urls.tile_url)]] = None
    key: Optional[Annotated[str, AfterValidator(_tile_key)]] = None  # 天地图 browser key (tk)
    attribution: Optional[Annotated[str, AfterValidator(_attribution)]] = None
    max_zoom: Annotated[int, Field(ge=1, le=22)] = 18

    @model_validator(mode="after")
    def _complete(self):
        if self.tiles == "tianditu" and not self.key:
            raise ValueError("使用天地图（tiles: tianditu）需要填写 key（天地图浏览器端密钥）：在 "
                             "https://console.tianditu.gov.cn/ 申请“浏览器端”密钥，并绑定门户网站的域名。")
        if self.tiles == "custom":
            if not self.url or not all(part in self.url for part in ("{z}", "{x}", "{y}")):
                raise ValueError("自定义瓦片（tiles: custom）需要 url，且包含 {z}、{x}、{y}，如 "
                                 "https://tiles.example.cn/{z}/{x}/{y}.png。")
        return self


def _signup_url(value: str) -> str:
    # Platforms' pages often route by fragment (…/index.html#/project/1): a query and a fragment are allowed.
    return urls.https_url(value, query=True, fragment=True)


SignupUrl = Annotated[str, AfterValidator(_signup_url)]  # a sign-up page: https, on an allowed host (site.py)

# Buttons of the 我要当志愿者 entry, above the fold on a phone's home page: room for a few.
MAX_PLATFORMS = 4


class Platform(Model):
    """A volunteer registration platform (中国志愿服务网, 志愿云 …): readers register there once,
    then sign up for activities and have their hours recorded."""

    name: Text
    url: SignupUrl
    note: Optional[Text] = None  # one line: what it is for, e.g. 全国统一的志愿者注册和服务时长记录平台
    qr: Optional[Text] = None  # a mini-program code or QR picture under content/images/


def _few_platforms(platforms: list) -> list:
    if len(platforms) > MAX_PLATFORMS:
        raise ValueError(f"registration 列了 {len(platforms)} 个平台，最多 {MAX_PLATFORMS} 个：它们是首页“我要当志愿者”"
                         "中的按钮，手机一屏只放得下几个。请只列本地最常用的平台，其他平台可写在方案或站点正文中。")
    return platforms


class SiteSettings(Model):
    title: Text
    description: Text
    # public base URL, used for canonical links, feeds and QR codes; the theme prints it into <head>
    url: Annotated[str, AfterValidator(urls.site_url)]
    operator: Text  # who runs the portal, shown in the footer
    time_zone: Literal["Asia/Shanghai"] = "Asia/Shanghai"
    map: MapSettings = MapSettings()
    video_hosts: list[Annotated[str, AfterValidator(_host_name)]] = []  # https players allowed in <iframe>
    registration: Annotated[list[Platform], AfterValidator(_few_platforms)] = []  # where volunteers register
    # hosts that records' `signup:` links may lead to, besides the registration platforms' own
    signup_hosts: list[Annotated[str, AfterValidator(_host_name)]] = []
    raw_html: Literal["reject", "strip"] = "reject"  # strip: unsafe HTML is removed without an error


class Category(Model):
    id: Slug
    name: Text
    description: Optional[Prose] = None
    standing: bool = False  # 常态化: goes on after the plan's period (the home page lists it when no plan runs)


class StandardItem(Model):
    name: Text  # e.g. 统一标识; stations list the names they meet
    description: Optional[Prose] = None


class Standard(Model):
    id: Slug
    name: Text  # 十有 / 七个有 / 四个有
    applies_to: list[Text] = []  # station kinds the standard is written for
    source: Optional[str] = None  # which plan states it
    note: Optional[Prose] = None
    items: list[StandardItem] = Field(min_length=1)


def _url_path(value: str) -> str:
    if not re.fullmatch(r"(?:[a-z0-9][a-z0-9._-]*/)+", value):
        raise ValueError(f"“{value}”应写成本站网址的路径部分，以 / 结尾，如 campaigns/kunming-2018/activities/old-id/。")
    return value


UrlPath = Annotated[str, AfterValidator(_url_path)]


class Redirect(Model):
    """A published URL that moved: readers and search engines are sent to the new one."""

    old: UrlPath
    new: UrlPath


class SiteFile(Model):
    site: SiteSettings
    categories: list[Category] = Field(min_length=1)
    standards: list[Standard] = []
    campaigns: list[Slug] = Field(min_length=1)
    redirects: list[Redirect] = []


# --- content/regions/<id>.yaml ------------------------------------------------------


class Unit(Model):
    id: Slug
    name: Text  # the short name the plans use, e.g. 市文明办
    full_name: Optional[str] = None
    aliases: list[Text] = []  # other spellings found in plans, e.g. 市文广体
    collective: bool = False  # “各县（市）区” and the like: a group, not one body
    description: Optional[Markdown] = None


class RegionFile(Model):
    name: Text  # 昆明市 / 梅列区
    province: Text
    city: Text
    district: Optional[str] = None
    units: list[Unit] = []


# --- time as the plans state it ---------------------------------------------------


# Days per item: a rule's occurrences (timing.rule_problem), dates, exdates.  Each day is an
# entry on calendar pages and in feeds.  1,000 is a daily item for 2¾ years; work that goes on
# every day is written without `when` and shown as lasting the whole campaign, not 1,000 times.
MAX_OCCURRENCES = 1000


class When(Model):
    """Exactly one form: a day, several days, a range, a month, a year, or a rule."""

    date: Optional[Day] = None
    dates: Optional[list[Day]] = None
    start: Optional[Day] = None
    end: Optional[Day] = None
    month: Optional[YearMonth] = None
    year: Optional[Year] = None
    repeat: Optional[Schedule] = None  # 每周六, 每月23日 … (schedules.FORMS) or an RRULE
    rrule: Optional[Schedule] = None  # the same, under its iCalendar name
    until: Optional[Day] = None
    exdates: list[Day] = []
    time: Optional[Clock] = None
    note: Optional[str] = None  # wording from the plan, e.g. “3·5当天”

    @property
    def rule_field(self) -> str:
        """Where the rule is written, for messages: ``repeat`` or ``rrule``."""
        return "rrule" if self.rrule is not None else "repeat"

    @property
    def rule_text(self) -> Optional[str]:
        """The rule as written (an RRULE in capitals)."""
        return self.rrule if self.rrule is not None else self.repeat

    @property
    def rule(self) -> Optional[str]:
        """The RRULE that calendars get, whichever way it was written."""
        return None if self.rule_text is None else schedules.to_rrule(self.rule_text)

    @model_validator(mode="after")
    def _one_form(self):
        forms = [
            name
            for name, used in (
                ("date", self.date is not None),
                ("dates", self.dates is not None),
                ("start/end", self.end is not None or (self.start is not None and self.rule_text is None)),
                ("month", self.month is not None),
                ("year", self.year is not None),
                ("repeat", self.repeat is not None),
                ("rrule", self.rrule is not None),
            )
            if used
        ]
        if len(forms) != 1:
            raise ValueError(
                "时间只能用一种写法：date（某一天）、dates（若干天）、start+end（时间段）、"
                "month（整月，如 2018-03）、year（全年）或 repeat（重复，如 每周六）"
                + (f"，当前同时写了 {'、'.join(forms)}。" if forms else "，当前一种也没写。")
            )
        if forms == ["start/end"] and (self.start is None or self.end is None):
            raise ValueError("时间段需要同时写 start 和 end。")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}。")
        if (self.until or self.exdates) and self.rule_text is None:
            raise ValueError("until 和 exdates 只能与 repeat（重复）一起使用。")
        if self.until and self.start and self.until < self.start:
            raise ValueError(f"重复截止日期 {self.until} 早于开始日期 {self.start}。")
        for name in ("dates", "exdates"):
            days = getattr(self, name) or []
            if len(days) > MAX_OCCURRENCES:
                raise ValueError(f"{name} 列了 {len(days)} 个日期，超过上限 {MAX_OCCURRENCES} 个："
                                 "请检查是否重复粘贴；有规律的日期请改用 repeat（重复，如 每周六）。")
        return self


# --- content/campaigns/<id>.yaml ------------------------------------------------------


# Each month of a campaign has its own pages, and the site-wide calendar spans the campaigns'
# years: real plans run one or two years, five is generous.
MAX_CAMPAIGN_MONTHS = 60


class Period(Model):
    start: Day
    end: Day
    note: Optional[str] = None  # e.g. “3月5日启动，贯穿全年”

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}。")
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months > MAX_CAMPAIGN_MONTHS:
            raise ValueError(f"方案周期 {self.start} 至 {self.end} 跨 {months} 个月，超过上限 {MAX_CAMPAIGN_MONTHS} 个月"
                             f"（{MAX_CAMPAIGN_MONTHS // 12} 年）：每个月都有月历、海报等页面。请核对年份是否写错；"
                             "多年的规划请按年度分成几个方案文件。")
        return self


class Attachment(Model):
    file: Text  # path under content/attachments/
    title: Text = "方案原文"


class Section(Model):
    id: Slug
    title: Text  # as printed in the plan, e.g. 常态化志愿服务活动
    category: Slug  # one of the site-wide categories
    intro: Optional[Markdown] = None


class MonthlyTheme(Model):
    month: Month
    keyword: Text  # 喜庆 / 团圆 / 奉献 …
    purpose: Text  # 主旨
    festivals: list[Text] = []  # key days the theme is tied to, e.g. 春节


def _phone(value: str) -> str:
    """One phone number, so that every page can make it a tap-to-call link (nodes.tel_link)."""
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"\+?[0-9(][0-9 ()-]*", value) or not 3 <= len(digits) <= 20:
        raise ValueError(f"电话“{_shown(value)}”应只写一个号码，由半角数字和 + - ( ) 组成，如 0871-00000000 或 12345："
                         "手机上点号码即可拨打。分机、时段等说明请写在 hours 或正文中，多个号码请分别写给不同联系人。")
    return value


Phone = Annotated[str, AfterValidator(_phone)]

# Fields whose personal numbers (a mobile) may be published, with the owner's consent.
Public = list[Literal["phone", "name", "role", "email", "wechat", "body", "summary"]]


class Contact(Model):
    name: Text
    role: Optional[str] = None
    unit: Optional[Text] = None
    phone: Optional[Phone] = None
    email: Optional[str] = None
    public: Public = []


class PublicContact(Model):
    """A station's or an activity's own numbers (no person's name: a desk or a hotline)."""

    phone: Optional[Phone] = None
    email: Optional[str] = None
    wechat: Optional[str] = None
    public: Public = []


class Scale(Model):
    text: Text  # as written: 500余人
    people: Optional[Annotated[int, Field(ge=1)]] = None


class Activity(Model):
    id: Slug
    number: Optional[str] = None  # numbering as printed: 1, （2）, 23
    section: Slug
    month: Optional[Month] = None  # the monthly theme it belongs to
    title: Text
    body: Markdown = ""
    when: Optional[When] = None  # default: the theme's month, else the whole campaign
    festivals: list[Text] = []
    target_groups: list[Text] = []
    service_types: list[Text] = []
    leads: list[Text] = []  # unit names, aliases or ids of the campaign's region
    responsible: list[Text] = []
    venues: list[Text] = []
    stations: list[Slug] = []
    scale: Optional[Scale] = None
    signup: Optional[SignupUrl] = None  # its sign-up page on a registration platform; default: the campaign's
    contact: Optional[PublicContact] = None  # whom to call about it; default: the campaign's contacts


class Progress(Model):
    """A reported value for a target, e.g. from a department's half-year report."""

    date: Day
    value: float
    source: Optional[str] = None  # who reported it
    note: Optional[str] = None
    sample: bool = False  # illustrative demo value, not a real report


class Target(Model):
    id: Slug
    label: Text  # 全市注册志愿者占建城区常住人口比例
    value: float
    unit: Text  # % / 个 / 小时
    comparison: Literal["at_least", "at_most", "exactly"] = "at_least"
    scope: Optional[str] = None  # 全市 / 县（区） / 社区
    deadline: Optional[Day] = None
    activity: Optional[Slug] = None  # the task that states it
    quote: Optional[Prose] = None  # the plan's own words
    progress: list[Progress] = []


class Deadline(Model):
    id: Slug
    title: Text
    when: When
    time: Optional[Clock] = None  # e.g. 16:00; overrides when.time for clarity
    submit_to: list[Text] = []  # unit refs
    submitters: Optional[str] = None  # who must report
    channel: Optional[str] = None  # 公文交换系统 / 电子邮箱
    description: Optional[Markdown] = None


# Each activity has its pages, calendar entries and feeds; the largest real plan has about 60.
# Building stays linear in activities (no per-activity lookups), so this bounds the build time.
MAX_ACTIVITIES = 3000


def _not_too_many(what: str):
    def check(items: list) -> list:
        if len(items) > MAX_ACTIVITIES:
            raise ValueError(f"本方案有 {len(items)} 个{what}，超过上限 {MAX_ACTIVITIES} 个：请检查是否重复粘贴；"
                             "确有这么多，请按年度或地区分成几个方案文件。")
        return items
    return check


class CampaignFile(Model):
    title: Text
    short_title: Text  # used in menus and lists: 昆明市 2018 年学雷锋活动
    region: Slug
    kind: Text = "活动方案"  # 活动方案 / 实施方案 / 通知
    issuer: Text
    doc_number: Optional[str] = None  # 普文明委发〔2019〕9号
    issued: Optional[Day] = None
    addressees: Optional[str] = None  # 主送
    copy_to: list[Text] = []  # 抄送
    slogan: Optional[str] = None  # 活动主题
    period: Period
    venue: Optional[str] = None
    hosts: list[Text] = []
    leads: list[Text] = []
    responsible: list[Text] = []
    introduction: Markdown = ""
    requirements: Markdown = ""  # 工作要求
    measures: Markdown = ""  # 工作措施
    attachment: Optional[Attachment] = None
    sections: list[Section] = Field(min_length=1)
    months: list[MonthlyTheme] = []
    activities: Annotated[list[Activity], Field(min_length=1), AfterValidator(_not_too_many("活动"))]
    targets: list[Target] = []
    deadlines: Annotated[list[Deadline], AfterValidator(_not_too_many("报送节点"))] = []
    contacts: list[Contact] = []
    poster_qr: Optional[str] = None  # where the poster's QR code points; default: this campaign's page
    signup: Optional[SignupUrl] = None  # sign-up page for all its activities (each may give its own)


# --- content/stations/<id>.yaml ---------------------------------------------------------

StationKind = Literal["社区", "公共文化设施", "景区景点", "窗口单位", "广场", "驿站"]
STATION_KINDS = StationKind.__args__


class Location(Model):
    lat: float
    lon: float
    approximate: bool = False  # true when placed by hand from a plan's wording

    @model_validator(mode="after")
    def _in_china(self):
        # China's extent (WGS-84), generously rounded: 3.8–53.6 N, 73.5–135.1 E.
        if not (3.8 <= self.lat <= 53.6 and 73.5 <= self.lon <= 135.1):
            hint = "（看起来经纬度写反了）" if 3.8 <= self.lon <= 53.6 and 73.5 <= self.lat <= 135.1 else ""
            raise ValueError(
                f"坐标 ({self.lat}, {self.lon}) 不在中国境内{hint}：lat 为纬度（约 4–54），"
                "lon 为经度（约 73–135），使用 WGS-84 坐标。"
            )
        return self


class StationFile(Model):
    name: Text
    kind: StationKind
    region: Slug
    district: Text
    address: Text
    location: Location
    standard: Slug
    meets: list[Text] = []  # names of the standard's items this station meets
    services: list[Text] = []
    hours: Optional[str] = None
    contact: Optional[PublicContact] = None
    signup: Optional[SignupUrl] = None  # where to sign up for its services, on a registration platform
    operator: Optional[Text] = None  # unit ref within the region
    campaigns: list[Slug] = []
    description: Markdown = ""
    sample: bool = False  # placed from a plan's wording, details illustrative
    poster_qr: Optional[str] = None  # where the poster's QR code points; default: this station's page


# --- stories: content/exemplars/*.md and content/news/*.md front matter ------------------


class Photo(Model):
    src: Text  # file under content/images/
    alt: Text  # what the photo shows, for people who cannot see it
    credit: Text  # 摄影 / 来源
    caption: Optional[str] = None


class Story(Model):
    """What exemplar stories and news posts share: a headline, a date, photos and a permanent URL.

    The URL is ``slug`` if given, else the file name if it is already a slug, else the
    pinyin of the title.  Once published it must not change: the URL manifest enforces
    it, and ``aliases`` keep old URLs working after a rename.
    """

    title: Text
    date: Day
    author: Optional[str] = None
    slug: Optional[Slug] = None
    aliases: list[Slug] = []
    summary: Optional[Prose] = None
    photos: list[Photo] = []
    sample: bool = False  # fictional demo content: shown with a 示例 badge
    # Editorial states (see model/nodes.editorial_status): shown in `portal serve`, published by date.
    draft: bool = False  # never published
    publish: Optional[Day] = None  # hidden until this day; the daily CI build publishes it
    expires: Optional[Day] = None  # from this day listed only in the archive; the page stays
    public: Public = []  # e.g. [body]: the numbers in the text are published with consent


ExemplarKind = Literal["最美志愿者", "最佳志愿服务组织", "最佳志愿服务项目", "最美志愿服务社区"]


class ExemplarFile(Story):
    kind: ExemplarKind
    name: Text  # the volunteer, organisation, project or community
    organisation: Optional[str] = None
    year: Year
    region: Slug
    campaign: Optional[Slug] = None
    activities: list[Text] = []  # campaign-id/activity-id
    stations: list[Slug] = []


class NewsFile(Story):
    region: Optional[Slug] = None
    campaign: Optional[Slug] = None


def _models(base: type = Model):
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def field_names() -> frozenset[str]:
    """Every key an editor may write, in any file (typing_mistakes.py knows a key by it)."""
    return frozenset(name for model in _models() for name in model.model_fields)


visible_text = _visible  # the check of every one-line text (salvage.py tells a plain text by it)
