"""Find personal data that must not be published: ID-card numbers and personal mobiles.

Exemplar stories and contact details are where editors paste them (a volunteer's
registration form, a coordinator's mobile).  A match is an error unless the field is
listed in that mapping's `public` (e.g. `public: [phone]` for a hotline that is a
mobile number, with the owner's consent).  Messages mask the number, so the CI log
does not publish it either.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![\d-])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![\d-])")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_DIGITS = "10X98765432"


def is_id_card(number: str) -> bool:
    """GB 11643-1999: area code, a real birth date, and the ISO 7064 MOD 11-2 check digit."""
    if len(number) != 18 or number[0] == "0":
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], WEIGHTS))
    return CHECK_DIGITS[total % 11] == number[17].upper()


def mask(number: str) -> str:
    digits = re.sub(r"\D", "", number) if not number[-1:] in "Xx" else number
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


ID_CARD_KIND, MOBILE_KIND = "id_card", "mobile"


def findings(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, message) for each ID-card number and mobile number in the text."""
    for match in ID_CARD.finditer(text):
        if is_id_card(match.group(1)):
            yield match.start(1), ID_CARD_KIND, (f"疑似居民身份证号码“{mask(match.group(1))}”：身份证号属于个人信息，不能在网站上公开。"
                                   "请删除。")
    for match in MOBILE.finditer(text):
        yield match.start(1), MOBILE_KIND, (f"疑似个人手机号码“{mask(match.group(1))}”：请改用单位办公电话或服务热线；"
                               "如本人同意公开，在同一层加上 public: [字段名]（如 public: [phone]）。")
