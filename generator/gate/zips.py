"""Zip policy (press kits, render/press.py): an archive anyone can unpack safely, the same bytes
for the same content.

Refused: entry names that climb out or start at a root (``..``, ``/x``, ``C:``, backslashes),
names a URL could not carry, directory or link entries, duplicates, entries out of order or
stamped with anything but the fixed time (builds must stay byte-identical), encrypted entries,
more entries or bytes than a story can have, and any entry that is not text or a photo
passing the photo policy.  A corrupt archive (bad CRC) is refused too.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import PurePosixPath

from generator.gate.errors import GateError
from generator.gate.names import path_problem
from generator.gate.raster import FORMATS as RASTER_FORMATS, photo_raster_policy
from generator.gate.svg import svg_policy

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
MAX_ENTRIES = 200
MAX_TOTAL = 400 * 1024 * 1024  # unpacked: a story's photos at full size, not a zip bomb
TEXT_SUFFIXES = frozenset({".md", ".txt"})


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if name.startswith("/") or "\\" in name or ":" in name:
        return "是绝对路径或含有 \\ 或 :"
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "含有 .. 或空的路径段"
    problem = path_problem(name)
    if problem:
        return problem
    if info.is_dir() or stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG):
        return "不是普通文件（目录或链接）"
    if info.flag_bits & 0x1:
        return "已加密"
    if info.date_time != FIXED_TIME:
        return f"的时间不是固定的 {FIXED_TIME[0]}-01-01（两次生成会不同）"
    return None


def zip_policy(path: str, data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise GateError(f"不是有效的 zip 文件（{error}）。") from None
    names = [info.filename for info in infos]
    if not infos or len(infos) > MAX_ENTRIES:
        raise GateError(f"有 {len(infos)} 个文件，应为 1–{MAX_ENTRIES} 个。")
    if names != sorted(set(names)):
        raise GateError("中的文件名重复或未排序（两次生成会不同）。")
    if sum(info.file_size for info in infos) > MAX_TOTAL:
        raise GateError(f"解压后超过 {MAX_TOTAL // 1048576} MB。")
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise GateError(f"中的“{info.filename}”{problem}。")
        suffix = PurePosixPath(info.filename).suffix.lower()
        try:
            content = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError) as error:
            raise GateError(f"中的“{info.filename}”无法读出（{error}）。") from None
        if suffix in TEXT_SUFFIXES:
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                raise GateError(f"中的“{info.filename}”不是 UTF-8 文本。") from None
        elif suffix in RASTER_FORMATS or suffix == ".svg":
            try:
                (svg_policy if suffix == ".svg" else photo_raster_policy)(info.filename, content)
            except GateError as error:
                raise GateError(f"中的“{info.filename}”{error}") from None
        else:
            raise GateError(f"中的“{info.filename}”不是文本或图片。")
    return data
