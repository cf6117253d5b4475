"""Share images (1200×630 PNG) for WeChat, Weibo and link previews, drawn at build time.

Chinese needs a CJK font, or every character becomes an empty box: Debian's
fonts-noto-cjk (Noto Sans CJK SC) is used.  Rendering is cached under
.portal/cache/cards by a hash of everything drawn, so unchanged pages are not redrawn.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.publish import safe_fs
from generator.errors import BuildError

WIDTH, HEIGHT = 1200, 630
VERSION = "2"  # bump when the layout changes, to invalidate the cache
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CARD_BYTES = 4 * 1024 * 1024  # a card is ~100 KB; anything larger in the cache is not ours
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"),
             Path("/usr/share/fonts/google-noto-cjk"))
RED, DARK_RED, CREAM, INK, MUTED = "#a4161a", "#7a0f12", "#fdf6ec", "#2b1a1a", "#6b5a4e"
NO_LINE_START = set("，。、；：？！）》」』”’…·—%")
NO_LINE_END = set("（《「『“‘")
TOKEN = re.compile(r"[A-Za-z0-9.%]+|.", re.S)  # keep numbers and Latin words whole


@dataclass(frozen=True)
class Card:
    title: str
    kicker: str  # small line above the title: the kind of page
    subtitle: str  # below the title: place, date
    site: str  # footer: the portal's name
    host: str  # footer: the portal's host name


@lru_cache(maxsize=None)
def _font_file(weight: str) -> Path:
    for directory in FONT_DIRS:
        path = directory / f"NotoSansCJK-{weight}.ttc"
        if path.is_file():
            return path
    raise BuildError("缺少中文字体 fonts-noto-cjk，分享图片中的汉字会显示成方框：请运行 scripts/setup，"
                     "或 apt-get install fonts-noto-cjk。")


@lru_cache(maxsize=None)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = _font_file(weight)
    for index in range(10):  # the collection holds JP, KR, SC, TC … faces: pick Simplified Chinese
        font = ImageFont.truetype(str(path), size, index=index)
        if font.getname()[0] == "Noto Sans CJK SC":
            return font
    raise BuildError(f"{path} 中没有 Noto Sans CJK SC 字形。")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Break anywhere (Chinese has no spaces) but never start a line with closing punctuation."""
    lines, line = [], ""
    for token in TOKEN.findall(text):
        if font.getlength(line + token) > width and line and token not in NO_LINE_START:
            carry = ""
            while line and line[-1] in NO_LINE_END:  # an opening bracket goes with what it opens
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line)
            line = carry
        line += token
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


@dataclass(frozen=True)
class Layout:
    title_font: ImageFont.FreeTypeFont
    title_lines: list[str]
    subtitle: str


def _one_line(text: str) -> str:
    """Cards show one paragraph: a line break an editor typed into a title is a space here."""
    return " ".join(text.split())


def layout(card: Card) -> Layout:
    """Where the words go: what `portal check` verifies without drawing a pixel."""
    title = _one_line(card.title)
    title_font = _font("Bold", 64 if len(title) <= 30 else 54)
    subtitle = _one_line(card.subtitle)
    if subtitle:
        subtitle = _wrap(subtitle, _font("Regular", 32), WIDTH - 160, 1)[0]
    return Layout(title_font, _wrap(title, title_font, WIDTH - 160, 3), subtitle)


def draw(card: Card) -> bytes:
    placed = layout(card)
    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 24), fill=RED)
    pen.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=RED)
    pen.rectangle((72, 96, 80, 170), fill=RED)
    pen.text((100, 96), _one_line(card.kicker), font=_font("Bold", 34), fill=DARK_RED)
    y = 200
    for line in placed.title_lines:
        pen.text((72, y), line, font=placed.title_font, fill=INK)
        y += int(placed.title_font.size * 1.3)
    if placed.subtitle:
        pen.text((72, y + 12), placed.subtitle, font=_font("Regular", 32), fill=MUTED)
    footer = _font("Bold", 34)
    pen.text((72, HEIGHT - 72), _one_line(card.site), font=footer, fill="#ffffff")
    host_font = _font("Regular", 28)
    pen.text((WIDTH - 72 - host_font.getlength(card.host), HEIGHT - 66), card.host, font=host_font, fill="#ffe9e9")
    # A card has a handful of colours and anti-aliased text: 32 palette colours keep the text smooth
    # and make the PNG a third of its full-colour size (about 22 KB).
    buffer = io.BytesIO()
    image.quantize(32, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return buffer.getvalue()


def card_png(card: Card, cache_dir: Path) -> bytes:
    """The PNG for ``card``, drawn only if this exact card was not drawn before.

    The cache is read and written without following links (safe_fs): a link planted in it
    is neither read (it could point at any file) nor written through, just replaced."""
    cached = cache_dir / f"{_key(card)}.png"
    safe_fs.require_dir(cache_dir)
    data = _cached(cached)
    if data is not None:
        return data
    data = draw(card)
    safe_fs.remove(cached)
    safe_fs.replace_file(cached, data)
    return data


def _key(card: Card) -> str:
    return hashlib.sha256("\x1f".join((VERSION, str(_font_file("Bold")), *card.__dict__.values()))
                          .encode("utf-8")).hexdigest()


def _cached(path: Path) -> bytes | None:
    try:
        data = safe_fs.read_file(path, MAX_CARD_BYTES)
    except safe_fs.UnsafeEntry:
        return None
    if data is not None and data.startswith(PNG_SIGNATURE) and len(data) <= MAX_CARD_BYTES:
        return data
    return None


_sizes: dict[str, int] = {}  # a card is in up to four feeds


def card_size(card: Card, cache_dir: Path) -> int:
    """The byte length card_png gives, for a feed's enclosure: `check` renders feeds before any card
    is drawn into the cache (a failed check leaves no new file there), so a card not cached yet
    is drawn in memory only; drawing is deterministic, so the build's card has this length."""
    key = _key(card)
    if key not in _sizes:
        data = _cached(cache_dir / f"{key}.png") if safe_fs.kind(cache_dir) == "dir" else None
        _sizes[key] = len(data if data is not None else draw(card))
    return _sizes[key]
