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

from generator.model.keydays import KEY_DAYS
from generator.source import schedules
from generator.source.characters import invisible_problem
from generator.source.shapes import Shape

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

    @model_validator(mode="before")
    @classmethod
    def _empty_is_not_written(cls, data):
        """An optional field left empty — ``campaign:`` (null) or ``hours: ""`` — is as if it
        were not written: the form editor (Decap CMS) writes "" for a field an editor cleared.
        A required field left empty is still reported."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {key: value for key, value in data.items()
                if not ((value is None or value == "") and key in fields and not fields[key].is_required())}

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


# Every field below carries its Chinese label (title), meaning (description) and an example: the
# field reference (docs/字段说明.md, the site's help/fields/ page) and the JSON Schemas (schemas/)
# are generated from them by `portal reference`.  A new field needs all three (test_reference.py).
Slug = Annotated[str, AfterValidator(_slug), Shape(
    "id", "id", f"小写英文字母、数字和连字符，不超过 {MAX_ID_LENGTH} 个字符",
    {"pattern": _SLUG.pattern, "maxLength": MAX_ID_LENGTH})]
YearMonth = Annotated[str, AfterValidator(_year_month), Shape(
    "month", "年月", "YYYY-MM，如 2018-03", {"pattern": r"^\d{4}-(0[1-9]|1[0-2])$"})]
Clock = Annotated[str, AfterValidator(_clock), Shape(
    "time", "时刻", "HH:MM 或 HH:MM-HH:MM，如 16:00、09:00-11:30",
    {"pattern": r"^([01]\d|2[0-3]):[0-5]\d(-([01]\d|2[0-3]):[0-5]\d)?$"})]
Schedule = Annotated[str, AfterValidator(_schedule), Shape(
    "schedule", "重复规则", "中文写法，如 每周六、每月23日、每月最后一个周五；或 iCalendar RRULE，如 FREQ=WEEKLY;BYDAY=SA")]
Text = Annotated[str, Field(min_length=1), AfterValidator(_visible)]  # one line: a name, a title
# Markdown fields are rendered and pass the HTML gate (render/fragments.py); every other
# string is plain text and is escaped wherever it is printed.
MARKDOWN = "markdown"
Markdown = Annotated[str, LONG_TEXT, MARKDOWN, Shape("markdown", "Markdown 正文")]
Prose = Annotated[str, LONG_TEXT, Shape("prose", "多行文字")]  # a paragraph or more of plain text
Month = Annotated[int, Field(ge=1, le=12)]
Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]
Day = Annotated[dt.date, AfterValidator(_sane_date), Shape(
    "date", "日期", f"YYYY-MM-DD，{FIRST_DAY} 至 {LAST_DAY} 之间", {"pattern": r"^\d{4}-\d{2}-\d{2}$"})]
HostName = Annotated[str, AfterValidator(_host_name), Shape(
    "host", "主机名", "只写主机名，不带 https:// 和路径", {"pattern": r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"})]
# Key days the plans name, 学雷锋纪念日 or 春节: their dates come from model/keydays.py.
KeyDayName = Annotated[Text, Shape("keyday", "节日或纪念日名称", "", {"enum": list(KEY_DAYS)})]


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


HTTPS = {"pattern": "^https://"}


class MapSettings(Model):
    """Where map tiles come from.  Markers and lists work with ``tiles: none``."""

    tiles: Literal["none", "tianditu", "osm", "custom"] = Field(
        "none", title="地图底图", examples=["tianditu"],
        description="none：不显示底图，只显示站点位置和列表；tianditu：天地图（需要 key）；osm：OpenStreetMap；"
                    "custom：自定义瓦片（需要 url）。")
    # custom: https://…/{z}/{x}/{y}.png (WGS-84 / Web Mercator tiles); its host joins the pages' img-src
    url: Optional[Annotated[str, AfterValidator(urls.tile_url), Shape("url", "网址", "https:// 开头", HTTPS)]] = Field(
        None, title="自定义瓦片网址", examples=["https://tiles.example.cn/{z}/{x}/{y}.png"],
        description="tiles: custom 时必填：https:// 开头，含 {z}、{x}、{y}，瓦片为 Web 墨卡托（WGS-84）投影。")
    key: Optional[Annotated[str, AfterValidator(_tile_key), Shape("key", "密钥", "英文字母和数字", {
        "pattern": "^[A-Za-z0-9]+$"})]] = Field(  # 天地图 browser key (tk)
        None, title="天地图密钥", examples=["0123456789abcdef0123456789abcdef"],
        description="tiles: tianditu 时必填：从天地图控制台复制的“浏览器端”密钥。")
    attribution: Optional[Annotated[str, AfterValidator(_attribution)]] = Field(
        None, title="地图版权说明", examples=["© 天地图"],
        description="显示在地图角落的版权文字，不能含“<”“>”；不写时按 tiles 自动填写。")
    max_zoom: Annotated[int, Field(ge=1, le=22)] = Field(
        18, title="最大缩放级别", examples=[18], description="地图最多能放大到第几级。")

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


SignupUrl = Annotated[str, AfterValidator(_signup_url), Shape("url", "网址", "https:// 开头", HTTPS)]  # site.py: allowed host
SIGNUP_RULE = "必须是 https:// 网址，且在 registration 的平台或 signup_hosts 列出的网站上。"

# Buttons of the 我要当志愿者 entry, above the fold on a phone's home page: room for a few.
MAX_PLATFORMS = 4


class Platform(Model):
    """A volunteer registration platform (中国志愿服务网, 志愿云 …): readers register there once,
    then sign up for activities and have their hours recorded."""

    name: Text = Field(title="平台名称", examples=["中国志愿服务网"], description="按钮上显示的平台名称。")
    url: SignupUrl = Field(title="平台网址", examples=["https://chinavolunteer.mca.gov.cn/"],
                           description="平台的 https:// 网址。")
    note: Optional[Text] = Field(None, title="一句话说明", examples=["全国统一的志愿者注册和服务时长记录平台。"],
                                 description="平台是做什么的。")
    qr: Optional[Text] = Field(None, title="小程序码或二维码", examples=["chinavolunteer-qr.png"],
                               description="content/images/ 下的图片文件名，与文章照片同样检查。")


def _few_platforms(platforms: list) -> list:
    if len(platforms) > MAX_PLATFORMS:
        raise ValueError(f"registration 列了 {len(platforms)} 个平台，最多 {MAX_PLATFORMS} 个：它们是首页“我要当志愿者”"
                         "中的按钮，手机一屏只放得下几个。请只列本地最常用的平台，其他平台可写在方案或站点正文中。")
    return platforms


def _repo(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+", value) or ".." in value:
        raise ValueError(f"“{_shown(value)}”不是仓库名：写“所有者/仓库”，即仓库网址中主机名后面的部分，"
                         "如 wenmingban/xueleifeng-portal。")
    return value


def _app_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError("app_id 应为 OAuth 应用的客户端 ID（Client ID），只含英文字母、数字、- 和 _：请从 Gitea 或 "
                         "GitLab 的“应用”设置页复制；不要填写客户端密钥（Client Secret）。")
    return value


def _owner(value: str) -> str:
    name = value[1:] if value.startswith("@") else value
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*", name) or ".." in name:
        raise ValueError(f"“{_shown(value)}”不是代码托管平台的用户名或群组名：写登录 Gitea/GitLab 时的用户名（如 "
                         "zhangsan），或群组的路径（如 meilie-wmb/editors），只用英文字母、数字和 _ . - /。")
    return name


# Who may change records: a user or group of the git host (Gitea, GitLab, GitHub), as the host
# writes it in CODEOWNERS, without the "@" (it is accepted and dropped).
Owner = Annotated[str, AfterValidator(_owner), Shape("owner", "用户名或群组", "代码托管平台上的用户名或群组路径", {
    "pattern": r"^@?[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$"})]
OWNERS_HELP = ("能修改本地区（单位）内容的人：代码托管平台（Gitea、GitLab）上的用户名或群组路径；"
               "网站设置 editors 中的编辑可以修改全部内容。")


class EditorSettings(Model):
    """The form editor in production (`portal admin`, publish/admin.py): Decap CMS at <url>admin/
    logs in to the project's Gitea or GitLab, and every save is a commit that CI checks."""

    backend: Literal["gitea", "gitlab"] = Field(
        title="代码托管平台", examples=["gitea"], description="门户仓库所在的平台：gitea（也适用于 Forgejo）或 gitlab。")
    url: Annotated[str, AfterValidator(urls.site_url), Shape("url", "网址", "https:// 开头", HTTPS)] = Field(
        title="平台网址", examples=["https://git.example.cn/"], description="本单位 Gitea 或 GitLab 的网址。")
    repo: Annotated[str, AfterValidator(_repo), Shape("repo", "仓库", "所有者/仓库", {
        "pattern": r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$"})] = Field(
        title="仓库", examples=["wenmingban/xueleifeng-portal"],
        description="门户仓库：仓库网址中主机名后面的“所有者/仓库”。")
    app_id: Annotated[str, AfterValidator(_app_id), Shape("key", "客户端 ID", "英文字母、数字、- 和 _", {
        "pattern": "^[A-Za-z0-9_-]+$"})] = Field(  # PKCE: the page holds no secret
        title="OAuth 应用的客户端 ID", examples=["2c6f0a5e-1b7d-4c1e-9f3a-5d8e7b6a4c21"],
        description="在 Gitea/GitLab 中为编辑器新建 OAuth 应用（不勾选“机密客户端”）后得到的客户端 ID；不是密钥。")
    branch: Text = Field("main", title="分支", examples=["main"], description="编辑器保存（提交）到的分支。")


def _phone(value: str) -> str:
    """One phone number, so that every page can make it a tap-to-call link (nodes.tel_link)."""
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"\+?[0-9(][0-9 ()-]*", value) or not 3 <= len(digits) <= 20:
        raise ValueError(f"电话“{_shown(value)}”应只写一个号码，由半角数字和 + - ( ) 组成，如 0871-00000000 或 12345："
                         "手机上点号码即可拨打。分机、时段等说明请写在 hours 或正文中，多个号码请分别写给不同联系人。")
    return value


Phone = Annotated[str, AfterValidator(_phone), Shape(
    "phone", "电话号码", "一个号码，半角数字和 + - ( )，要加引号", {"pattern": r"^\+?[0-9(][0-9 ()-]*$"})]
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"


def _email(value: str) -> str:
    """One plain address, so that the page can make it a mailto: link (nodes.mailto_link) that
    carries nothing else: no second address, no ?subject=, no quotes or brackets."""
    if not re.fullmatch(EMAIL_PATTERN, value) or len(value) > 254:
        raise ValueError(f"邮箱“{_shown(value)}”应只写一个邮箱地址，如 press@example.cn（半角英文字母、数字和 . _ % + -，"
                         "中间一个 @）：页面上点地址即可写信。")
    return value


Email = Annotated[str, AfterValidator(_email), Shape("email", "邮箱", "一个邮箱地址，如 press@example.cn",
                                                     {"pattern": EMAIL_PATTERN})]
PHONE_RULE = ("一个号码，要加引号，如 \"0871-00000000\"，页面上成为点击拨打的链接；手机号码只有本人同意、"
              "写了 public: [phone] 才能发布。")

# Fields whose personal numbers (a mobile) may be published, with the owner's consent.
Public = list[Literal["phone", "name", "role", "email", "wechat", "body", "summary"]]
PUBLIC_DESCRIPTION = ("本人同意公开的字段：手机号码等个人信息默认不许发布，本人同意后在这里列出所在字段，"
                      "如 [phone]；文章正文里的号码写 [body]。")


class PressContact(Model):
    """Whom journalists call: an office and its public numbers (the press page, /press/)."""

    unit: Text = Field(title="单位", examples=["某市文明办宣传科"], description="负责媒体联系的单位或科室。")
    name: Optional[Text] = Field(None, title="联系人或岗位", examples=["新闻联络员"],
                                 description="岗位名称（如 新闻联络岗），或经本人同意公开的联系人姓名。")
    phone: Optional[Phone] = Field(None, title="电话", examples=["0871-00000000"], description=PHONE_RULE)
    email: Optional[Email] = Field(None, title="电子邮箱", examples=["press@example.cn"],
                                   description="对外公开的邮箱，新闻中心页上成为点击写信的链接。")
    public: Public = Field([], title="同意公开", examples=[["phone"]], description=PUBLIC_DESCRIPTION)


class SiteSettings(Model):
    title: Text = Field(title="网站名称", examples=["学雷锋志愿服务活动门户"],
                        description="显示在每个页面的标题栏、浏览器标签和分享卡片上。")
    description: Text = Field(title="网站简介", examples=["汇集各地学雷锋志愿服务活动方案、志愿服务站点和先进典型。"],
                              description="一句话介绍本站，供搜索引擎和分享卡片使用。")
    # public base URL, used for canonical links, feeds and QR codes; the theme prints it into <head>
    url: Annotated[str, AfterValidator(urls.site_url), Shape("url", "网址", "https:// 开头，以 / 结尾", HTTPS)] = Field(
        title="网站网址", examples=["https://xueleifeng.example.cn/"],
        description="网站正式发布的地址，用于分享链接、订阅和海报二维码。")
    operator: Text = Field(title="运营单位", examples=["某市文明办"], description="网站的运营单位，显示在每页底部。")
    time_zone: Literal["Asia/Shanghai"] = Field("Asia/Shanghai", title="时区", examples=["Asia/Shanghai"],
                                                description="活动时间所在的时区（北京时间）。")
    map: MapSettings = Field(MapSettings(), title="地图设置", description="站点地图用哪种底图。")
    video_hosts: list[HostName] = Field(  # https players allowed in <iframe>
        [], title="可嵌入视频的网站", examples=[["player.bilibili.com"]],
        description="正文中可以用 <iframe> 嵌入的视频网站的主机名；只允许 https:// 地址。")
    registration: Annotated[list[Platform], AfterValidator(_few_platforms)] = Field(
        [], title="志愿者注册平台", description=(
            f"首页、活动页和站点页“我要当志愿者”一栏链接的平台，最多 {MAX_PLATFORMS} 个；只是链接，页面不从它们加载内容。"))
    signup_hosts: list[HostName] = Field(
        [], title="报名链接可指向的网站", examples=[["volunteer.example.cn"]],
        description="活动、站点的 signup 除了注册平台的网站，还可以指向这里列出的主机名。")
    raw_html: Literal["reject", "strip"] = Field(
        "reject", title="不安全网页代码的处理", examples=["strip"],
        description="reject：正文中不允许的 HTML 报错（推荐）；strip：直接删除、不报错，适合导入大量旧文章。")
    editor: Optional[EditorSettings] = Field(
        None, title="网页表单编辑器（正式环境）", description=(
            "在网站 /admin/ 用 Gitea 或 GitLab 账号登录编辑，每次保存就是一次提交（portal admin 生成）；"
            "本地预览 portal serve 自带编辑器，不需要这一项。"))
    press: Optional[PressContact] = Field(
        None, title="媒体联系", description=(
            "新闻中心页面（/press/）上给记者的联系方式：单位的办公电话和邮箱，不写个人手机（除非本人同意，写 public）。"))
    editors: list[Owner] = Field(
        [], title="门户编辑", examples=[["wenmingban-editors"]],
        description="可以修改全部内容（包括 campaigns.yaml、主题和程序）的用户名或群组：代码托管平台上的写法。")


AUDIENCES = ("public", "internal")


def _audience(value: str) -> str:
    if value not in AUDIENCES:
        raise ValueError(f"“{_shown(value)}”不是可用的对象：写 public（市民可以参加的活动，列入日历和订阅）或 "
                         "internal（给各单位的工作任务，如报送、制度建设、考评，只在方案页列出）。")
    return value


# Who an activity is for: citizens' calendars show only public ones; internal work tasks stay on
# the plan page.  Set on a category; a section or an activity may say otherwise.
Audience = Annotated[str, AfterValidator(_audience), Shape(
    "audience", "对象", "", {"enum": list(AUDIENCES)})]
AUDIENCE_HELP = ("public：市民可以参加的活动，列入日历、订阅和“近期活动”；internal：给各单位的工作任务"
                 "（制度建设、报送、考评等），只在方案页列出。活动先看自己的，再看板块的，再看分类的，都不写为 public。")


class Category(Model):
    id: Slug = Field(title="分类 id", examples=["care-others"], description="方案板块的 category 写这个 id。")
    name: Text = Field(title="分类名称", examples=["关爱他人"], description="显示在页面上的分类名称。")
    description: Optional[Prose] = Field(None, title="分类说明", examples=["关爱空巢老人、留守儿童、困难职工、残疾人等群体。"],
                                         description="一两句话说明这一类活动。")
    standing: bool = Field(False, title="常态化", examples=[True],
                           description="方案结束后仍照常开展的一类服务写 true：没有正在进行的方案时，首页列出这些服务。")
    audience: Audience = Field("public", title="对象", examples=["internal"], description=AUDIENCE_HELP)


class StandardItem(Model):
    name: Text = Field(title="条目名称", examples=["统一标识"], description="站点文件的 meets 按这个名称填写已达到的条目。")
    description: Optional[Prose] = Field(None, title="条目说明", examples=["站点有统一的学雷锋志愿服务标识牌。"],
                                         description="这一条标准具体要求什么。")


class Standard(Model):
    id: Slug = Field(title="标准 id", examples=["shi-you"], description="站点文件的 standard 写这个 id。")
    name: Text = Field(title="标准名称", examples=["十有"], description="如 十有、七个有、四个有。")
    applies_to: list[Text] = Field([], title="适用的站点类型", examples=[["社区", "广场"]],
                                   description="这个标准针对哪些类型的站点（站点的 kind）。")
    source: Optional[str] = Field(None, title="出处", examples=["《普洱市建设“志愿之城”实施方案（2019—2020年）》第5项"],
                                  description="哪份方案规定了这个标准。")
    note: Optional[Prose] = Field(None, title="备注", examples=["方案未列出具体条目，以下为常见表述。"],
                                  description="对标准的补充说明，显示在标准下方。")
    items: list[StandardItem] = Field(min_length=1, title="标准条目", description="标准的各个条目，至少一条。")


def _url_path(value: str) -> str:
    if not re.fullmatch(r"(?:[a-z0-9][a-z0-9._-]*/)+", value):
        raise ValueError(f"“{value}”应写成本站网址的路径部分，以 / 结尾，如 campaigns/kunming-2018/activities/old-id/。")
    return value


UrlPath = Annotated[str, AfterValidator(_url_path), Shape(
    "path", "网址路径", "本站网址中域名之后的部分，以 / 结尾", {"pattern": r"^([a-z0-9][a-z0-9._-]*/)+$"})]


class Redirect(Model):
    """A published URL that moved: readers and search engines are sent to the new one."""

    old: UrlPath = Field(title="旧网址", examples=["campaigns/kunming-2018/activities/old-id/"],
                         description="已经发布、现在不再使用的网址路径。")
    new: UrlPath = Field(title="新网址", examples=["campaigns/kunming-2018/activities/new-id/"],
                         description="打开旧网址的读者被带到这里。")


class SiteFile(Model):
    site: SiteSettings = Field(title="网站设置", description="网站名称、网址、运营单位和地图等。")
    categories: list[Category] = Field(min_length=1, title="活动分类",
                                       description="方案中的板块按这些分类归类，至少一个。")
    standards: list[Standard] = Field([], title="站点建设标准",
                                      description="十有、七个有、四个有等站点标准，站点文件按 id 引用。")
    campaigns: list[Slug] = Field(min_length=1, title="要发布的方案", examples=[["kunming-2018", "puer-2019"]],
                                  description="content/campaigns/ 下的文件名（不含 .yaml），按时间先后排列；"
                                              "每个方案文件都要在这里登记。")
    redirects: list[Redirect] = Field([], title="网址跳转",
                                      description="停用已发布的网址时，在这里登记它跳转到哪里。")


# --- content/regions/<id>.yaml ------------------------------------------------------


class Unit(Model):
    id: Slug = Field(title="单位 id", examples=["wenmingban"], description="单位页面网址的一部分，确定后不要再改。")
    name: Text = Field(title="单位名称", examples=["市文明办"],
                       description="方案中通常的写法（简称）；方案和站点按名称、别名或 id 引用单位。")
    full_name: Optional[str] = Field(None, title="单位全称", examples=["昆明市精神文明建设指导委员会办公室"],
                                     description="确知全称时填写。")
    aliases: list[Text] = Field([], title="别名", examples=[["昆明市文明办"]],
                                description="方案中出现过的其他写法，引用时与名称同样有效。")
    collective: bool = Field(False, title="是否为统称", examples=[True],
                             description="“各县（市）区”这类泛指一组单位的写法写 true。")
    description: Optional[Markdown] = Field(None, title="单位介绍", examples=["负责统筹全市学雷锋志愿服务工作。"],
                                            description="显示在单位页面上。")
    owners: list[Owner] = Field([], title="单位的编辑", examples=[["tuanshiwei"]], description=OWNERS_HELP)


class RegionFile(Model):
    name: Text = Field(title="地区名称", examples=["昆明市"], description="显示在页面上的地区名称，如 昆明市、梅列区。")
    province: Text = Field(title="省份", examples=["云南省"], description="所在省、自治区或直辖市。")
    city: Text = Field(title="城市", examples=["昆明市"], description="所在城市。")
    district: Optional[str] = Field(None, title="区县", examples=["梅列区"], description="地区是区县时填写。")
    owners: list[Owner] = Field([], title="地区的编辑", examples=[["meilie-wmb"]], description=OWNERS_HELP)
    units: list[Unit] = Field([], title="单位",
                              description="本地区的主办、牵头和责任单位；方案中的单位都要先在这里登记。")


# --- time as the plans state it ---------------------------------------------------


# Days per item: a rule's occurrences (timing.rule_problem), dates, exdates.  Each day is an
# entry on calendar pages and in feeds.  1,000 is a daily item for 2¾ years; work that goes on
# every day is written without `when` and shown as lasting the whole campaign, not 1,000 times.
MAX_OCCURRENCES = 1000


class When(Model):
    """Exactly one form: a day, several days, a range, a month, a year, or a rule."""

    date: Optional[Day] = Field(None, title="某一天", examples=["2018-03-05"], description="活动在这一天举行。")
    dates: Optional[list[Day]] = Field(None, title="若干天", examples=[["2021-03-19", "2021-07-19"]],
                                       description="活动在列出的这几天举行。")
    start: Optional[Day] = Field(None, title="开始日期", examples=["2018-03-01"],
                                 description="时间段的第一天（与 end 一起写）；与 repeat 一起写时是第一次重复的日子。")
    end: Optional[Day] = Field(None, title="结束日期", examples=["2018-03-31"], description="时间段的最后一天（含当天）。")
    month: Optional[YearMonth] = Field(None, title="整月", examples=["2018-03"], description="活动贯穿这个月。")
    year: Optional[Year] = Field(None, title="全年", examples=[2018], description="活动贯穿这一年。")
    repeat: Optional[Schedule] = Field(  # schedules.FORMS, or an RRULE
        None, title="重复", examples=["每周六"],
        description="定期重复的活动，按方案原文写中文（可用的写法见 README“重复的活动”），也可以写 iCalendar RRULE；"
                    "从 start（不写则从方案开始日）起，到 until 或方案结束为止。")
    rrule: Optional[Schedule] = Field(None, title="重复规则（RRULE）", examples=["FREQ=WEEKLY;BYDAY=SA"],
                                      description="与 repeat 相同，是它在 iCalendar 中的名字；两者只写一个。")
    until: Optional[Day] = Field(None, title="重复截止日期", examples=["2018-12-31"],
                                 description="重复到这一天为止（含）；不写则到方案结束。只能与 repeat 一起用。")
    exdates: list[Day] = Field([], title="不举行的日期", examples=[["2018-02-17"]],
                               description="重复中取消的日子（如春节、调休）。只能与 repeat 一起用。")
    time: Optional[Clock] = Field(None, title="时间", examples=["09:00-11:30"], description="一天中的时间。")
    note: Optional[str] = Field(None, title="时间说明", examples=["3·5当天"],
                                description="方案原文对时间的说法，显示在日期后面。")

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


WHEN_FORMS = ("只能选一种写法：date（某一天）、dates（若干天）、start + end（时间段）、month（整月）、year（全年）、"
              "repeat（重复，如 每周六）。")


# --- content/campaigns/<id>.yaml ------------------------------------------------------


# Each month of a campaign has its own pages, and the site-wide calendar spans the campaigns'
# years: real plans run one or two years, five is generous.
MAX_CAMPAIGN_MONTHS = 60


class Period(Model):
    start: Day = Field(title="开始日期", examples=["2018-01-01"], description="方案开始的第一天。")
    end: Day = Field(title="结束日期", examples=["2018-12-31"],
                     description=f"方案结束的最后一天（含当天），与开始相距不超过 {MAX_CAMPAIGN_MONTHS // 12} 年。")
    note: Optional[str] = Field(None, title="周期说明", examples=["3月5日启动，贯穿全年"], description="方案原文对周期的说法。")

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
    file: Text = Field(title="文件名", examples=["kunming-2018.pdf"],
                       description="放在 content/attachments/ 下的方案原文文件（PDF、Word 等文档）。")
    title: Text = Field("方案原文", title="链接文字", examples=["方案原文"], description="下载链接上显示的文字。")


class Section(Model):
    id: Slug = Field(title="板块 id", examples=["standing"], description="活动的 section 写这个 id。")
    title: Text = Field(title="板块标题", examples=["常态化志愿服务活动"], description="方案原文中的标题。")
    category: Slug = Field(title="所属分类", examples=["standing"], description="campaigns.yaml 中 categories 的 id。")
    audience: Optional[Audience] = Field(None, title="对象", examples=["internal"],
                                         description="本板块与所属分类不同时写。" + AUDIENCE_HELP)
    intro: Optional[Markdown] = Field(None, title="板块引言", examples=["全年持续开展以下常态化志愿服务。"],
                                      description="显示在板块活动列表之前。")


class MonthlyTheme(Model):
    month: Month = Field(title="月份", examples=[3], description="这个主题属于方案中的哪个月。")
    keyword: Text = Field(title="主题词", examples=["奉献"], description="月度主题的关键词，如 喜庆、团圆、奉献。")
    purpose: Text = Field(title="主旨", examples=["以3·5学雷锋纪念日为时间节点，启动全年学雷锋志愿服务活动。"],
                          description="这个月活动的主旨，照方案原文填写。")
    festivals: list[KeyDayName] = Field([], title="节日和纪念日", examples=[["学雷锋纪念日"]],
                                        description="这个月主题围绕的节日，日历上会标出它们的日期。")


class Contact(Model):
    name: Text = Field(title="姓名", examples=["王老师"], description="联系人姓名。")
    role: Optional[str] = Field(None, title="职务", examples=["联系人"], description="联系人的职务或分工。")
    unit: Optional[Text] = Field(None, title="所在单位", examples=["市文明办"], description="单位名称、别名或 id。")
    phone: Optional[Phone] = Field(None, title="电话", examples=["0871-00000000"], description=PHONE_RULE)
    email: Optional[str] = Field(None, title="电子邮箱", examples=["contact@example.cn"], description="联系邮箱。")
    public: Public = Field([], title="同意公开", examples=[["phone"]], description=PUBLIC_DESCRIPTION)


class PublicContact(Model):
    """A station's or an activity's own numbers (no person's name: a desk or a hotline)."""

    phone: Optional[Phone] = Field(None, title="电话", examples=["0871-00000000"], description=PHONE_RULE)
    email: Optional[str] = Field(None, title="电子邮箱", examples=["station@example.cn"], description="对外公开的邮箱。")
    wechat: Optional[str] = Field(None, title="微信", examples=["某某志愿服务站"], description="微信公众号或微信号。")
    public: Public = Field([], title="同意公开", examples=[["phone"]], description=PUBLIC_DESCRIPTION)


class Scale(Model):
    text: Text = Field(title="规模（原文）", examples=["500余人"], description="方案原文中的写法。")
    people: Optional[Annotated[int, Field(ge=1)]] = Field(None, title="人数", examples=[500],
                                                          description="用于统计的人数。")


class Activity(Model):
    id: Slug = Field(title="活动 id", examples=["lei-feng-square"],
                     description="同一方案内不能重复；它会成为活动网址的一部分，发布后不要再改。")
    number: Optional[str] = Field(None, title="序号", examples=["（2）"], description="方案原文中的编号，如 1、（2）。")
    section: Slug = Field(title="所属板块", examples=["monthly"], description="本方案 sections 中的 id。")
    month: Optional[Month] = Field(None, title="所属月度主题", examples=[3],
                                   description="本方案 months 中的月份；写了它、又没写 when 的活动按整月处理。")
    title: Text = Field(title="活动名称", examples=["开展学雷锋广场志愿服务活动"], description="活动页面的标题。")
    body: Markdown = Field("", title="活动内容", examples=["在南滇池沙滩公园开展**保护滇池**、植树造林活动。"],
                           description="照方案原文填写活动的具体内容。")
    when: Optional[When] = Field(None, title="时间", description=(
        f"活动什么时候举行，{WHEN_FORMS}不写时，属于月度主题的活动按整月处理，其余按方案全程处理。"))
    festivals: list[KeyDayName] = Field([], title="节日和纪念日", examples=[["学雷锋纪念日"]],
                                        description="活动围绕的节日。")
    target_groups: list[Text] = Field([], title="服务对象", examples=[["空巢老人", "留守儿童"]],
                                      description="活动服务哪些人，可在站点和搜索中筛选。")
    service_types: list[Text] = Field([], title="服务类型", examples=[["便民服务", "环境保护"]],
                                      description="活动属于哪类志愿服务。")
    leads: list[Text] = Field([], title="牵头单位", examples=[["市文明办", "团市委"]],
                              description="单位名称、别名或 id，须在本方案地区的 content/regions/ 文件中登记。")
    responsible: list[Text] = Field([], title="责任单位", examples=[["各县（市）区、开发（度假）园区"]],
                                    description="写法同 leads。")
    venues: list[Text] = Field([], title="地点", examples=[["南滇池沙滩公园（主会场）"]], description="活动地点的名称。")
    stations: list[Slug] = Field([], title="志愿服务站", examples=[["zhenghe-square"]],
                                 description="在哪些站点举行：content/stations/ 下的文件名（不含 .yaml）。")
    scale: Optional[Scale] = Field(None, title="规模", description="活动的人数规模。")
    signup: Optional[SignupUrl] = Field(None, title="报名网址", examples=["https://volunteer.example.cn/project/123"],
                                        description="本活动在志愿服务平台上的报名页；不写时用方案的 signup。" + SIGNUP_RULE)
    contact: Optional[PublicContact] = Field(None, title="报名咨询", description="报名咨询电话等；不写时列出方案的联系人。")
    audience: Optional[Audience] = Field(None, title="对象", examples=["internal"],
                                         description="本项与所属板块、分类不同时写。" + AUDIENCE_HELP)


class Progress(Model):
    """A reported value for a target, e.g. from a department's half-year report."""

    date: Day = Field(title="报告日期", examples=["2019-12-31"], description="这个数值统计到哪一天。")
    value: float = Field(title="完成数值", examples=[14.2], description="与指标的单位相同。")
    source: Optional[str] = Field(None, title="来源", examples=["市志愿服务联合会"], description="由谁报告。")
    note: Optional[str] = Field(None, title="备注", examples=["半年报"], description="对数值的说明。")
    sample: bool = Field(False, title="示例数值", examples=[True],
                         description="演示用、不是真实报告的数值写 true，页面上会标明“示例”。")


class Target(Model):
    id: Slug = Field(title="指标 id", examples=["volunteers-city"], description="同一方案内不能重复。")
    label: Text = Field(title="指标名称", examples=["全市注册志愿者人数占建城区常住人口比例"], description="指标的内容。")
    value: float = Field(title="目标值", examples=[20], description="要达到的数值。")
    unit: Text = Field(title="单位", examples=["%"], description="目标值的单位，如 %、个、小时（% 要加引号）。")
    comparison: Literal["at_least", "at_most", "exactly"] = Field(
        "at_least", title="比较方式", examples=["at_most"],
        description="at_least：不少于目标值；at_most：不多于目标值；exactly：等于目标值。")
    scope: Optional[str] = Field(None, title="范围", examples=["全市"], description="指标适用的范围，如 全市、县（区）、社区。")
    deadline: Optional[Day] = Field(None, title="完成期限", examples=["2020-12-31"], description="到哪一天要完成。")
    activity: Optional[Slug] = Field(None, title="提出指标的活动", examples=["task-23"],
                                     description="本方案 activities 中提出这个指标的那一项的 id。")
    quote: Optional[Prose] = Field(None, title="原文", examples=["到 2020 年，全市注册志愿者人数占全市建城区常住人口的 20%以上"],
                                   description="方案中关于这个指标的原话。")
    progress: list[Progress] = Field([], title="完成进展", description="各次报告的完成数值，按日期先后排列。")


class Deadline(Model):
    id: Slug = Field(title="报送节点 id", examples=["monthly-report"],
                     description="同一方案内不能重复；订阅日历中的事件按它识别，确定后不要再改。")
    title: Text = Field(title="报送事项", examples=["报送工作开展情况月报"], description="要报送什么。")
    when: When = Field(title="报送时间", description=f"什么时候报送，写法与活动的 when 相同，{WHEN_FORMS}")
    time: Optional[Clock] = Field(None, title="截止时刻", examples=["16:00"],
                                  description="几点之前报送；写了它就不看 when.time。")
    submit_to: list[Text] = Field([], title="报送给", examples=[["团市委"]],
                                  description="接收材料的单位：名称、别名或 id。")
    submitters: Optional[str] = Field(None, title="报送单位", examples=["各区、各单位"], description="哪些单位要报送。")
    channel: Optional[str] = Field(None, title="报送方式", examples=["公文交换系统"], description="如 公文交换系统、电子邮箱。")
    description: Optional[Markdown] = Field(None, title="说明", examples=["将工作开展情况形成月报报送。"],
                                            description="报送要求的原文。")


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


POSTER_QR = "海报上的二维码打开的网址，只能是本站网址；不写时指向本页。"


class ReviewItem(Model):
    """One thing `portal import` could not settle: an editor checks it against the plan."""

    what: Text = Field(title="待核对的内容", examples=["activities：lei-feng-square.leads"], description="文件中哪一项要核对。")
    where: Optional[str] = Field(None, title="原文位置", examples=["原文第 35 行"], description="在方案原文中的位置。")
    why: Prose = Field(title="原因", examples=["原文这一项没有写牵头、责任单位，暂用所在板块的单位：请核对。"], description="为什么要核对。")


class CampaignFile(Model):
    title: Text = Field(title="方案标题", examples=["昆明市创建全国文明城市2018年学雷锋志愿服务系列活动方案"],
                        description="方案的完整标题。")
    short_title: Text = Field(title="简称", examples=["昆明市2018年学雷锋志愿服务系列活动"],
                              description="用于菜单、列表和日历。")
    region: Slug = Field(title="地区", examples=["kunming"], description="content/regions/ 下的文件名（不含 .yaml）。")
    kind: Text = Field("活动方案", title="文件类型", examples=["实施方案"], description="如 活动方案、实施方案、通知。")
    issuer: Text = Field(title="发文单位", examples=["普洱市精神文明建设指导委员会"], description="印发方案的单位。")
    doc_number: Optional[str] = Field(None, title="文号", examples=["普文明委发〔2019〕9号"], description="发文字号。")
    issued: Optional[Day] = Field(None, title="印发日期", examples=["2019-09-30"], description="方案的印发日期。")
    addressees: Optional[str] = Field(None, title="主送", examples=["各县（区）文明委、市直各部委办局"],
                                      description="方案主送的单位，照原文填写。")
    copy_to: list[Text] = Field([], title="抄送", examples=[["创建全国文明城市总指挥部"]], description="方案抄送的单位。")
    slogan: Optional[str] = Field(None, title="活动主题", examples=["我的城市我的家 文明城市靠大家"],
                                  description="方案提出的活动主题（口号）。")
    period: Period = Field(title="方案周期", description="方案从哪天到哪天。")
    venue: Optional[str] = Field(None, title="活动范围", examples=["昆明市各县（市）区"], description="方案覆盖的地方。")
    hosts: list[Text] = Field([], title="主办单位", examples=[["昆明市创建全国文明城市社会志愿服务工作指挥部"]],
                              description="单位名称、别名或 id，须在本方案地区的 content/regions/ 文件中登记。")
    leads: list[Text] = Field([], title="牵头单位", examples=[["市文明办", "团市委"]], description="写法同 hosts。")
    responsible: list[Text] = Field([], title="责任单位", examples=[["市级责任单位"]], description="写法同 hosts。")
    introduction: Markdown = Field("", title="引言", examples=["为进一步深化全国文明城市创建工作，现拟定方案如下："],
                                   description="方案开头的说明。")
    requirements: Markdown = Field("", title="工作要求", examples=["**（一）工作保障到位。**……"], description="照原文填写。")
    measures: Markdown = Field("", title="工作措施", examples=["**（一）加强组织领导。**……"], description="照原文填写。")
    attachment: Optional[Attachment] = Field(None, title="方案原文", description="供下载的方案原文文件。")
    sections: list[Section] = Field(min_length=1, title="板块", description="方案的各个部分，至少一个；每项活动属于一个板块。")
    months: list[MonthlyTheme] = Field([], title="月度主题", description="每月的主题词和主旨。")
    activities: Annotated[list[Activity], Field(min_length=1), AfterValidator(_not_too_many("活动"))] = Field(
        title="活动", description=f"方案中的各项活动，至少一项，最多 {MAX_ACTIVITIES} 项。")
    targets: list[Target] = Field([], title="指标", description="方案提出的量化目标及完成进展。")
    deadlines: Annotated[list[Deadline], AfterValidator(_not_too_many("报送节点"))] = Field(
        [], title="报送节点", description="各单位向牵头单位报送材料的时间。")
    contacts: list[Contact] = Field([], title="联系人", description="方案列出的联系人。")
    poster_qr: Optional[str] = Field(None, title="海报二维码网址",  # default: this campaign's page
                                     examples=["https://xueleifeng.example.cn/campaigns/kunming-2018/"],
                                     description=POSTER_QR)
    signup: Optional[SignupUrl] = Field(None, title="报名网址", examples=["https://volunteer.example.cn/project/123"],
                                        description="方案各项活动共用的报名页（活动可另写自己的）。" + SIGNUP_RULE)
    review: list[ReviewItem] = Field(
        [], title="待核对", description="导入方案原文（portal import）时没有把握的地方。列表不空的方案是草稿：检查时列为草稿，"
                                       "只在本地预览中显示，不会发布；逐项核对、改好后删去整个 review 列表才会发布。")


# --- content/stations/<id>.yaml ---------------------------------------------------------

StationKind = Literal["社区", "公共文化设施", "景区景点", "窗口单位", "广场", "驿站"]
STATION_KINDS = StationKind.__args__


class Location(Model):
    lat: float = Field(title="纬度", examples=[24.67], description="WGS-84 纬度，中国境内约 4–54。")
    lon: float = Field(title="经度", examples=[102.59], description="WGS-84 经度，中国境内约 73–135。")
    approximate: bool = Field(False, title="大致位置", examples=[True],
                              description="按地名手工标注、不是实测的坐标写 true，页面上会说明。")

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
    name: Text = Field(title="站点名称", examples=["晋宁区郑和文化广场学雷锋广场"], description="站点的全称。")
    kind: StationKind = Field(title="站点类型", examples=["广场"], description="站点属于哪一类。")
    region: Slug = Field(title="地区", examples=["kunming"], description="content/regions/ 下的文件名（不含 .yaml）。")
    district: Text = Field(title="区县", examples=["晋宁区"], description="站点所在的区县。")
    address: Text = Field(title="地址", examples=["云南省昆明市晋宁区郑和文化广场"],
                          description="详细地址，显示在站点页面和地图上，群众按它找到站点。")
    location: Location = Field(title="坐标", description="站点在地图上的位置（WGS-84 经纬度）。")
    standard: Slug = Field(title="建设标准", examples=["si-ge-you"], description="campaigns.yaml 中 standards 的 id。")
    meets: list[Text] = Field([], title="已达到的标准条目", examples=[["服务场所", "服务项目"]],
                              description="所选标准中已经达到的条目名称。")
    services: list[Text] = Field([], title="服务内容", examples=[["便民服务"]], description="站点提供哪些志愿服务。")
    hours: Optional[str] = Field(None, title="开放时间", examples=["每周六 9:00-11:30"], description="什么时候有人服务。")
    contact: Optional[PublicContact] = Field(None, title="联系方式", description="对外公开的联系方式。")
    signup: Optional[SignupUrl] = Field(None, title="报名网址", examples=["https://volunteer.example.cn/station/12"],
                                        description="报名参加本站服务的网页。" + SIGNUP_RULE)
    operator: Optional[Text] = Field(None, title="管理单位", examples=["市文明办"],
                                     description="本地区单位的名称、别名或 id。")
    campaigns: list[Slug] = Field([], title="参与的方案", examples=[["kunming-2018"]],
                                  description="content/campaigns/ 下的文件名（不含 .yaml）。")
    description: Markdown = Field("", title="站点介绍", examples=["每周六上午提供理发、量血压等便民服务。"],
                                  description="显示在站点页面上。")
    sample: bool = Field(False, title="示例数据", examples=[True],
                         description="按方案文字标注、详情仅作演示的站点写 true，页面上会标明“示例”。")
    poster_qr: Optional[str] = Field(None, title="海报二维码网址",  # default: this station's page
                                     examples=["https://xueleifeng.example.cn/stations/zhenghe-square/"],
                                     description=POSTER_QR)


# --- stories: content/exemplars/*.md and content/news/*.md front matter ------------------


class Photo(Model):
    src: Text = Field(title="图片文件", examples=["sample-service-desk.svg"],
                      description="content/images/ 下的文件名（JPG、PNG、GIF、WebP 或纯图形 SVG）。")
    alt: Text = Field(title="图片说明", examples=["志愿者在广场上为居民量血压"],
                      description="图片的文字说明，供读屏软件朗读，图片打不开时也显示它：写图片里有什么。")
    credit: Text = Field(title="摄影或来源", examples=["某某 摄"], description="谁拍的，或图片来自哪里。")
    caption: Optional[str] = Field(None, title="图注", examples=["3月5日，主会场"], description="显示在图片下方的文字。")


class Story(Model):
    """What exemplar stories and news posts share: a headline, a date, photos and a permanent URL.

    The URL is ``slug`` if given, else the file name if it is already a slug, else the
    pinyin of the title.  Once published it must not change: the URL manifest enforces
    it, and ``aliases`` keep old URLs working after a rename.
    """

    title: Text = Field(title="标题", examples=["广场上的“雷锋大姐”"], description="文章标题。")
    date: Day = Field(title="日期", examples=["2018-03-05"], description="文章的日期，列表按它排序。")
    author: Optional[str] = Field(None, title="作者", examples=["某某"], description="作者或来源。")
    slug: Optional[Slug] = Field(None, title="网址名", examples=["li-xiaolei"],
                                 description="固定网址：不写时取文件名（英文时）或标题的拼音；发布后不要再改。")
    aliases: list[Slug] = Field([], title="旧网址名", examples=[["old-name"]],
                                description="改名后，旧网址跳转到新网址。")
    summary: Optional[Prose] = Field(None, title="摘要", examples=["一句话摘要。"],
                                     description="用于列表、订阅和分享卡片。")
    photos: list[Photo] = Field([], title="照片", description="文章配图。")
    sample: bool = Field(False, title="示例内容", examples=[True], description="虚构的演示内容写 true，页面上会标明“示例”。")
    # Editorial states (see model/nodes.editorial_status): shown in `portal serve`, published by date.
    draft: bool = Field(False, title="草稿", examples=[True],
                        description="草稿只在本地预览中显示，不会发布；删去这一行才会发布。")
    publish: Optional[Day] = Field(None, title="定时发布", examples=["2018-03-05"],
                                   description="这一天之前不出现在网站上，每天的自动构建会按时发布。")
    expires: Optional[Day] = Field(None, title="到期归档", examples=["2018-06-30"],
                                   description="从这一天起移到归档列表，原网址不变。")
    public: Public = Field([], title="同意公开", examples=[["body"]], description=PUBLIC_DESCRIPTION)


ExemplarKind = Literal["最美志愿者", "最佳志愿服务组织", "最佳志愿服务项目", "最美志愿服务社区"]


class ExemplarFile(Story):
    kind: ExemplarKind = Field(title="典型类别", examples=["最美志愿者"], description="“四个100”中的哪一类。")
    name: Text = Field(title="典型名称", examples=["李晓雷"], description="志愿者姓名，或组织、项目、社区的名称。")
    organisation: Optional[str] = Field(None, title="所在组织", examples=["某社区志愿服务队"], description="志愿者所在的组织。")
    year: Year = Field(title="年份", examples=[2018], description="评选或事迹所在的年份。")
    region: Slug = Field(title="地区", examples=["kunming"], description="content/regions/ 下的文件名（不含 .yaml）。")
    campaign: Optional[Slug] = Field(None, title="所属方案", examples=["kunming-2018"],
                                     description="content/campaigns/ 下的文件名（不含 .yaml）。")
    activities: list[Text] = Field([], title="参与的活动", examples=[["kunming-2018/lei-feng-square"]],
                                   description="写成“方案id/活动id”。")
    stations: list[Slug] = Field([], title="相关站点", examples=[["zhenghe-square"]],
                                 description="content/stations/ 下的文件名（不含 .yaml）。")


class NewsFile(Story):
    region: Optional[Slug] = Field(None, title="地区", examples=["kunming"],
                                   description="content/regions/ 下的文件名（不含 .yaml）。")
    campaign: Optional[Slug] = Field(None, title="所属方案", examples=["kunming-2018"],
                                     description="content/campaigns/ 下的文件名（不含 .yaml）。")


def _models(base: type = Model):
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def field_names() -> frozenset[str]:
    """Every key an editor may write, in any file (typing_mistakes.py knows a key by it)."""
    return frozenset(name for model in _models() for name in model.model_fields)


visible_text = _visible  # the check of every one-line text (salvage.py tells a plain text by it)
