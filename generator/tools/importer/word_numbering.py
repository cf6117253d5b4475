"""The numbers Word draws in front of list paragraphs ("一、", "（二）", "3.") but does not store.

A numbered paragraph stores only a list id (numId) and a level (ilvl); the numbering part says
how that level counts (numFmt), what it prints (lvlText such as "（%1）") and where it starts.
Without these labels a Word plan loses the outline the importer reads, so they are counted here
the way Word counts them: per abstract list, a deeper level restarting after a higher one.
"""

from __future__ import annotations

from docx.oxml.ns import qn

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    return str(n)


def _letters(n: int) -> str:
    # Word repeats the letter: A … Z, AA … ZZ.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, symbol in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + symbol, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter in one of Word's number formats (ST_NumberFormat); unknown formats count in digits."""
    if n < 1:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographDigital", "taiwaneseDigital"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class Numbering:
    """Counts the lists of one document, paragraph by paragraph in reading order."""

    def __init__(self, numbering_element) -> None:
        root = numbering_element
        self._nums = {} if root is None else {num.get(qn("w:numId")): num for num in root.findall(qn("w:num"))}
        self._abstracts = {} if root is None else {
            abstract.get(qn("w:abstractNumId")): {lvl.get(qn("w:ilvl")): lvl for lvl in abstract.findall(qn("w:lvl"))}
            for abstract in root.findall(qn("w:abstractNum"))}
        self._counters: dict[str, list[int | None]] = {}
        self._seen_nums: set[str] = set()

    def _level(self, num, abstract_id: str, ilvl: int):
        """The level definition: the list instance's override if it has one, else the abstract list's."""
        for override in num.findall(qn("w:lvlOverride")):
            if override.get(qn("w:ilvl")) == str(ilvl):
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    return lvl
        return self._abstracts.get(abstract_id, {}).get(str(ilvl))

    def level_of_style(self, num_id: str, style_ids: list[str]) -> int | None:
        """The level whose w:pStyle is one of the paragraph's styles: "标题 2" → the list's second level."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num, "w:abstractNumId") or ""
        for ilvl in range(9):
            if _val(self._level(num, abstract_id, ilvl), "w:pStyle") in style_ids:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph in list `num_id` at level `ilvl` ("" for bullets and unknowns)."""
        num = self._nums.get(num_id)
        if num is None or not 0 <= ilvl <= 8:
            return ""
        abstract_id = _val(num, "w:abstractNumId") or ""
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                level = override.get(qn("w:ilvl"))
                if start is not None and level is not None and level.isdigit() and int(level) < 9:
                    counters[int(level)] = int(start) - 1 if start.lstrip("-").isdigit() else None
        levels = [self._level(num, abstract_id, i) for i in range(9)]

        def start(i: int) -> int:
            value = _val(levels[i], "w:start")
            return int(value) if value and value.isdigit() else 1

        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        lvl = levels[ilvl]
        fmt = _val(lvl, "w:numFmt") or "decimal"
        if fmt in ("bullet", "none"):
            return ""
        text = _val(lvl, "w:lvlText")
        if text is None:
            return ""
        legal = lvl is not None and lvl.find(qn("w:isLgl")) is not None
        for i in range(9):
            if f"%{i + 1}" in text:
                value = counters[i] if counters[i] is not None else start(i)
                level_fmt = "decimal" if legal else (_val(levels[i], "w:numFmt") or "decimal")
                text = text.replace(f"%{i + 1}", format_number(value, level_fmt))
        return text
