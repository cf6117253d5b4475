"""Story photos: found under content/images/, checked by the output gate's own policy (so
`check` reports what `build` would refuse, at the photo's `src` line), and measured so the
page reserves their space before they load (no layout shift)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.gate.errors import GateError
from generator.gate.names import RENAME_ADVICE, path_problem
from generator.gate.raster import MAX_BYTES, check_raster, too_big
from generator.gate.svg import check_svg
from generator.source.load import file_inside

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")


@dataclass(frozen=True)
class PhotoFile:
    source: Path  # resolved, inside content/images/
    path: str  # docs-relative output path, e.g. images/zhenghe.svg
    size: Optional[tuple[int, int]]  # pixels (an SVG's viewBox), None when the SVG gives none


def photo_file(images_dir: Path, src: str) -> PhotoFile | str:
    """The photo ``src`` names, or the message for its `src` line."""
    source = file_inside(images_dir, src)
    if source is None or source.suffix.lower() not in IMAGE_SUFFIXES:
        return (f"图片“{src}”不存在或不是图片文件：请把图片放到 content/images/ 下，"
                f"写相对路径（如 zhenghe-square.jpg），格式为 {'、'.join(IMAGE_SUFFIXES)}。")
    path = "images/" + source.relative_to(images_dir.resolve()).as_posix()
    problem = path_problem(path.removeprefix("images/"))
    if problem:
        return f"图片“{src}”的文件名{problem}：{RENAME_ADVICE}"
    try:
        problem = too_big(source.stat().st_size, MAX_BYTES, "图片")
        if problem:
            raise GateError(problem)
        data = source.read_bytes()
        size = check_svg(data) if source.suffix.lower() == ".svg" else check_raster(data, source.suffix)
    except GateError as error:
        return f"图片“{src}”{error}"
    return PhotoFile(source, path, size)
