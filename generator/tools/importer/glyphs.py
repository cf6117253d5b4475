"""Characters a PDF's text layer gets wrong: radicals in place of the ideographs they look like.

Chinese fonts draw 文 and the Kangxi radical ⽂ (U+2F42) with one glyph, and many PDF writers
(Chromium, Word, WPS) then map that glyph back to the radical: the extracted text reads
"⽂明城市", which no search, no unit name and no keyword matches.  Unicode's NFKC maps the
Kangxi radicals back; the CJK Radicals Supplement (⺠ for 民, ⻔ for 门 …) has no such mapping.
"""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement → the unified ideograph drawn with the same glyph in Noto Sans CJK SC
# (test_import_formats.py checks every pair against the font).  Kangxi radicals go through NFKC.
_SUPPLEMENT = str.maketrans(
    "⺂⺃⺅⺉⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺠⺡⺣⺤⺦⺨⺭⺯⺰⺱⺹⺺⺾⻂⻅⻆⻈⻉⻋⻌⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻮⻯⻰⻱⻲",
    "乛乚亻刂尣尢巳幺彑彐忄扌攵旡歺民氵灬爫丬犭礻糹纟罓耂肀艹衤见角讠贝车辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐齿竜龙龜亀",
)
# NFKC maps the Kangxi radical ⼾ to the traditional 戶; a simplified-Chinese font draws 户.
_KANGXI_SIMPLIFIED = {"⼾": "户"}


def _is_radical(char: str) -> bool:
    return "\u2e80" <= char <= "\u2fdf"


def repair_glyphs(text: str) -> str:
    """The characters the printed page shows, in the code points plain text uses for them.

    Radicals (U+2E80–U+2FDF) become their ideographs; NFC turns the angle brackets U+2329/U+232A
    into the 〈〉 of Chinese text; the horizontal bar becomes the dash: the 破折号 "——" is U+2014
    in GB 18030 and U+2015 in Windows' GBK table, and fonts carry either."""
    text = unicodedata.normalize("NFC", text).replace("\u2015", "\u2014")
    if not any(_is_radical(char) for char in text):
        return text
    out = []
    for char in text.translate(_SUPPLEMENT):
        if _is_radical(char):
            char = _KANGXI_SIMPLIFIED.get(char) or unicodedata.normalize("NFKC", char)
        out.append(char)
    return "".join(out)
