"""Printable A4 posters with a QR code, for campaigns, campaign months, stations and stories.

The QR code (zxing-cpp, inline SVG) points at the page's public URL, so a poster on a
community notice board leads a phone straight to the details.  A second code leads to where
one signs up: the record's own sign-up page, else the site's first registration platform
(both on hosts the site allows, model/site.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Union

import zxingcpp
from PIL import Image

from generator.model.timing import cn_date, month_end
from generator.plan.urls import page_url
from generator.model.nodes import CampaignMonth, CampaignNode, ExemplarNode, Site, StationNode, StoryNode


@dataclass
class Poster:
    path: str  # docs path of the poster page
    kicker: str  # small line on top
    headline: str  # the big words: slogan, monthly keyword, station name
    title: str  # what it is
    lines: list[tuple[str, str]] = field(default_factory=list)  # label, text
    target: str = ""  # URL the QR code opens
    issuer: str = ""
    node: Union[CampaignNode, StationNode, StoryNode, None] = None  # what it is for
    signup: str = ""  # URL the second QR code opens: where to sign up or register
    signup_label: str = ""  # what scanning it does
    signup_platform: str = ""  # where it leads, when that is a registration platform
    activities: list[tuple[str, str]] = field(default_factory=list)  # when (in the month), title
    photo: str = ""  # docs path of a story's lead photo
    photo_alt: str = ""
    summary: str = ""  # a story's summary or first paragraph
    scan_lines: tuple[str, ...] = ("扫码查看详情", "就近站点和导航")  # under the page's QR code

    @property
    def activities_heading(self) -> str:
        return f"本月活动（{len(self.activities)} 项）"

    @property
    def dense(self) -> bool:
        """Many activities: a smaller type and two columns keep them all on the sheet."""
        return len(self.activities) > 10


QUIET = 2  # modules of white around the code (the poster's white paper adds more)
DARK_RUN = re.compile(rb"\x00+")


def qr_svg(url: str) -> str:
    """The QR code as inline SVG: one path of dark runs, in module units.

    Encoded by zxing-cpp (C++): segno, in pure Python, spent about 6 ms choosing each code's
    mask, 20 s for the posters of a 10,000-page portal; zxing-cpp needs a third of a millisecond.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = image.shape[0]
    pixels = image.tobytes()
    runs = []
    for y in range(size):
        for run in DARK_RUN.finditer(pixels, y * size, (y + 1) * size):  # 0 is dark
            start, length = run.start() - y * size, run.end() - run.start()
            runs.append(f"M{start + QUIET} {y + QUIET}h{length}v1h-{length}z")
    side = size + 2 * QUIET
    return (f'<svg viewBox="0 0 {side} {side}" width="{side * 4}" height="{side * 4}">'
            f'<rect width="{side}" height="{side}" fill="#ffffff"/><path fill="#000000" d="{"".join(runs)}"/></svg>')


def qr_png(url: str) -> bytes:
    """The QR code as a PNG (1 bit, 8 pixels a module, quiet zone included) to save or print.

    Pillow writes the same bytes for the same pixels, so builds stay byte-identical."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=8, add_quiet_zones=True))
    height, width = image.shape[0], image.shape[1]
    buffer = io.BytesIO()
    Image.frombytes("L", (width, height), image.tobytes()).convert("1").save(buffer, format="PNG")
    return buffer.getvalue()


def _units(units) -> str:
    return "、".join(unit.name for unit in units)


def _with_signup(site: Site, poster: Poster, own: Optional[str]) -> Poster:
    if own:
        poster.signup, poster.signup_label = own, "扫码报名"
    elif site.platforms:
        platform = site.platforms[0]
        poster.signup, poster.signup_label, poster.signup_platform = platform.url, "扫码注册志愿者", platform.name
    return poster


def campaign_poster(site: Site, campaign: CampaignNode) -> Poster:
    model = campaign.model
    lines = [("活动时间", campaign.period_label)]
    if model.venue:
        lines.append(("活动地点", model.venue))
    if campaign.hosts or campaign.leads:
        lines.append(("主办 / 牵头", _units(campaign.hosts or campaign.leads)))
    if campaign.public_count:  # what citizens can join: the plan's work tasks for the units are not counted
        lines.append(("活动数量", f"{campaign.public_count} 项"))
    return _with_signup(site, Poster(campaign.poster_path, f"{campaign.region.name} · 学雷锋志愿服务",
                                     model.slogan or model.short_title, model.title, lines,
                                     model.poster_qr or page_url(site, campaign.path), model.issuer, campaign),
                        model.signup)


def month_poster(site: Site, month: CampaignMonth) -> Poster:
    campaign, theme = month.campaign, month.theme
    activities = [a for a in campaign.activities_in(month.year, month.month) if a.is_public]
    lines = []
    if theme:
        lines.append(("本月主旨", theme.purpose))
    # Every public activity of the month: dated ones by their first day in the month, then the
    # recurring ones (every Saturday), then those that run all month; the month is named once, above.
    in_month = [(a.timing.dates(date(month.year, month.month, 1), month_end(month.year, month.month)), a)
                for a in activities]
    order = sorted(in_month, key=lambda pair: (_rank(pair[1]), pair[0][0] if pair[0] else date.min, pair[1].index))
    poster = Poster(month.poster_path, f"{campaign.model.short_title} · {month.label}",
                    theme.keyword if theme else f"{month.month_label}志愿服务",
                    f"{month.label}学雷锋志愿服务活动", lines, page_url(site, month.path),
                    campaign.model.issuer, campaign)
    poster.activities = [(a.timing.label_in_month(month.year, month.month), a.title) for _, a in order]
    return _with_signup(site, poster, campaign.model.signup)


def _rank(activity) -> int:
    kind = activity.timing.kind
    return 0 if kind in ("day", "days", "range") else 1 if kind == "recurring" else 2


def story_poster(site: Site, story: StoryNode) -> Poster:
    """A story on one sheet: photo, headline, summary and the code of its permanent URL."""
    model = story.model
    if isinstance(story, ExemplarNode):
        kicker = f"{story.region.name} · 先进典型 · {model.kind}"
    else:
        kicker = f"{story.region.name} · 动态" if story.region else "学雷锋志愿服务 · 动态"
    byline = cn_date(model.date) + (f" · {model.author}" if model.author else "")
    poster = Poster(story.poster_path, kicker, story.title, byline, [], page_url(site, story.path),
                    site.settings.operator, story)
    if story.photos:
        lead = story.photos[0]
        poster.photo, poster.photo_alt = lead.path, lead.model.alt
        poster.lines.append(("图片", lead.model.credit))
    poster.summary = story.description
    poster.scan_lines = ("扫码阅读全文",)
    return _with_signup(site, poster, None)


def station_poster(site: Site, station: StationNode) -> Poster:
    model = station.model
    lines = [("地址", model.address)]
    # What a station does not publish is said (as on its page), and where to look: the page's code.
    lines.append(("开放时间", model.hours or "未公布，扫码查看可以询问的单位"))
    if model.services:
        lines.append(("服务内容", "、".join(model.services)))
    phone = model.contact.phone if model.contact else None
    lines.append(("电话", phone or "未公布，扫码查看联系方式"))
    return _with_signup(site, Poster(station.poster_path, f"学雷锋志愿服务站 · {model.kind}", model.name,
                                     f"{station.region.name}{model.district}", lines,
                                     model.poster_qr or page_url(site, station.path),
                                     station.operator.name if station.operator else site.settings.operator, station),
                        model.signup)


def posters(site: Site) -> list[Poster]:
    result = []
    for campaign in site.campaigns:
        result.append(campaign_poster(site, campaign))
        result.extend(month_poster(site, month) for month in campaign.month_list())
    result.extend(station_poster(site, station) for station in site.stations)
    result.extend(story_poster(site, story) for story in [*site.exemplars, *site.news])
    return result
