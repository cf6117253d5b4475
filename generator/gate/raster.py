"""Raster image policy (PNG, JPEG, GIF, WebP): the bytes are the format the name says, within
bounds, and decode completely.

Bounds are checked from the header before any pixel is decoded, so a small file that
claims 100,000×100,000 pixels (a decompression bomb) costs nothing; Pillow's own bomb guard
is turned into the same refusal.  A truncated or corrupt file is refused, not a crash later.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Optional

from PIL import Image, ImageFile, UnidentifiedImageError

from generator.gate.errors import GateError

MAX_PIXELS = 50_000_000  # all frames together; a 48-megapixel phone photo still fits
MAX_BYTES = 20 * 1024 * 1024
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
NAMES = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}

_verdicts: dict[tuple[bytes, str, bool], tuple[int, int] | str] = {}  # check and build see one file twice


def too_big(size: int, limit: int, what: str) -> Optional[str]:
    if size <= limit:
        return None
    return f"有 {size / 1048576:.1f} MB，超过{what} {limit // 1048576} MB 的上限：请压缩或缩小后再放入。"


def _too_many_pixels(what: str) -> str:
    return (f"{what}，超过 {MAX_PIXELS // 1_000_000} 百万像素的上限（可能是“解压炸弹”图片）："
            "请把图片缩小后重新保存。")


def _inspect(data: bytes, suffix: str, decode: bool) -> tuple[int, int]:
    expected = FORMATS.get(suffix.lower())
    if expected is None:
        raise GateError(f"的扩展名 {suffix} 不是支持的图片格式（{'、'.join(FORMATS)}）。")
    problem = too_big(len(data), MAX_BYTES, "图片")
    if problem:
        raise GateError(problem)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise GateError(f"的扩展名是 {suffix}，内容却是 {NAMES.get(image.format, image.format)} 格式："
                                    "请用图片软件另存为与扩展名一致的格式，或改正扩展名。")
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if width * height * frames > MAX_PIXELS:
                    raise GateError(_too_many_pixels(f"有 {width}×{height} 像素" + (f"、{frames} 帧" if frames > 1 else "")))
                if decode:
                    if image.format == "JPEG":  # a scaled decode still reads every byte, at an eighth of the cost
                        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                    for frame in range(frames):
                        image.seek(frame)
                        image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise GateError(_too_many_pixels("像素过多")) from None
        except UnidentifiedImageError:
            raise GateError(f"不是可识别的 {NAMES[expected]} 图片（文件可能已损坏）：请重新导出或另存后再放入。") from None
        except GateError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError):
            raise GateError("的数据不完整或已损坏，无法解码：请重新导出或另存后再放入。") from None
    return width, height


def check_raster(data: bytes, suffix: str, decode: bool = True) -> tuple[int, int]:
    """Raise GateError unless ``data`` is a sound image of the format ``suffix`` names; return its size.

    ``decode`` False checks the header only (for images this program drew itself).
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is set: truncated images would pass")
    key = (hashlib.sha256(data).digest(), suffix.lower(), decode)
    verdict = _verdicts.get(key)
    if verdict is None:
        try:
            verdict = _inspect(data, suffix, decode)
        except GateError as error:
            verdict = str(error)
        _verdicts[key] = verdict
    if isinstance(verdict, str):
        raise GateError(verdict)
    return verdict


def photo_raster_policy(path: str, data: bytes) -> bytes:
    check_raster(data, "." + path.rpartition(".")[2])
    return data


def drawn_image_policy(path: str, data: bytes) -> bytes:
    """Share cards and vendor icons: this program or a locked package made them; the header must agree."""
    check_raster(data, "." + path.rpartition(".")[2], decode=False)
    return data
