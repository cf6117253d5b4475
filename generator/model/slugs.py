"""Permanent, readable ASCII URL segments for stories.

An explicit ``slug`` wins; a file name that is already a slug comes next; otherwise
the pinyin of the title (pypinyin, phrase-aware, so 长城 is chang-cheng) made
URL-safe by python-slugify.
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin
from slugify import slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 60


def pinyin_slug(text: str) -> str:
    return slugify(" ".join(lazy_pinyin(text)), max_length=MAX_LENGTH, word_boundary=True) or "story"


def story_slug(explicit: str | None, file_stem: str, title: str) -> str:
    if explicit:
        return explicit
    if SLUG.match(file_stem):
        return file_stem
    return pinyin_slug(title)
