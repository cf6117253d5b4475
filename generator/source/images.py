"""Pixel size of a story photo, so the page reserves its space before it loads (no layout shift)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from PIL import Image, UnidentifiedImageError

VIEW_BOX = re.compile(r"""viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)""")


def image_size(path: Path) -> Optional[tuple[int, int]]:
    if path.suffix.lower() == ".svg":
        match = VIEW_BOX.search(path.read_text(encoding="utf-8", errors="replace")[:4096])
        if not match:
            return None
        width, height = (round(float(value)) for value in match.groups())
        return (width, height) if width and height else None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None
