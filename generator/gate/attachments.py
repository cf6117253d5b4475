"""Attachment policy: a campaign's attachment is a document, by its name and by its bytes.

Whatever lands in the docs dir is served from the portal's own origin, and mkdocs turns a
Markdown file into a page: an HTML, SVG, script or Markdown "attachment" would be a page or
a script of ours that nobody checked.  So only document formats a reader opens in an office
program or a viewer are allowed, and the first bytes must be that format; text must be UTF-8
and must not look like markup to a browser's sniffer.  Archives are not allowed: they hide
their contents from this check.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable

from generator.gate.csv import neutralise
from generator.gate.errors import GateError
from generator.gate.raster import FORMATS as IMAGE_FORMATS, check_raster, too_big

MAX_BYTES = 50 * 1024 * 1024

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 and WPS compound files


def _pdf(data: bytes) -> bytes:
    _expect(data.startswith(b"%PDF-"), "PDF")
    return data


def _ole(what: str) -> Callable[[bytes], bytes]:
    def check(data: bytes) -> bytes:
        _expect(data.startswith(OLE), what)
        return data
    return check


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []


def _ooxml(part: str, what: str) -> Callable[[bytes], bytes]:
    """Office Open XML: a zip with [Content_Types].xml and the program's own folder."""
    def check(data: bytes) -> bytes:
        names = _zip_names(data) if data.startswith(b"PK\x03\x04") else []
        _expect("[Content_Types].xml" in names and any(n.startswith(part) for n in names), what)
        return data
    return check


def _odf(mimetype: str, what: str) -> Callable[[bytes], bytes]:
    """OpenDocument: a zip whose first member, stored uncompressed, names the type."""
    def check(data: bytes) -> bytes:
        _expect(data.startswith(b"PK\x03\x04") and data[30:38] == b"mimetype"
                and data[38:38 + len(mimetype)] == mimetype.encode("ascii"), what)
        return data
    return check


def _ofd(data: bytes) -> bytes:
    """OFD (GB/T 33190, the national e-document format): a zip with OFD.xml at its root."""
    _expect(data.startswith(b"PK\x03\x04") and "OFD.xml" in _zip_names(data), "OFD")
    return data


# What a browser's sniffer takes for markup (WHATWG MIME Sniffing, "identifying an unknown
# MIME type"); older sniffers look past the start, so the first 512 bytes are searched.
MARKUP = re.compile(rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)"
                    rb"[\s>]|<\?xml|<svg", re.IGNORECASE)


def _text(data: bytes) -> bytes:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GateError("不是 UTF-8 编码的文本：请用记事本等软件“另存为”UTF-8 编码后再放入。") from None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        raise GateError("含有控制字符，不是纯文本：请确认扩展名与文件格式一致。")
    found = MARKUP.search(data[:512])
    if found:
        raise GateError(f"开头含有网页标记“{found.group().decode('utf-8', 'replace').strip()}”，浏览器会把它当作网页打开："
                        "附件不能是网页，请改为 PDF 或去掉这些标记。")
    return data


def _csv(data: bytes) -> bytes:
    return neutralise(_text(data))


def _image(suffix: str) -> Callable[[bytes], bytes]:
    def check(data: bytes) -> bytes:
        check_raster(data, suffix)
        return data
    return check


TYPES: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    ".pdf": ("PDF", _pdf),
    ".ofd": ("OFD", _ofd),
    ".doc": ("Word", _ole("Word 97-2003 文档")),
    ".xls": ("Excel", _ole("Excel 97-2003 工作簿")),
    ".ppt": ("PowerPoint", _ole("PowerPoint 97-2003 演示文稿")),
    ".docx": ("Word", _ooxml("word/", "Word 文档")),
    ".xlsx": ("Excel", _ooxml("xl/", "Excel 工作簿")),
    ".pptx": ("PowerPoint", _ooxml("ppt/", "PowerPoint 演示文稿")),
    ".wps": ("WPS", _ole("WPS 文字文档")),
    ".et": ("WPS", _ole("WPS 表格")),
    ".dps": ("WPS", _ole("WPS 演示")),
    ".odt": ("OpenDocument", _odf("application/vnd.oasis.opendocument.text", "OpenDocument 文本")),
    ".ods": ("OpenDocument", _odf("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument 表格")),
    ".odp": ("OpenDocument", _odf("application/vnd.oasis.opendocument.presentation", "OpenDocument 演示文稿")),
    ".txt": ("纯文本（UTF-8）", _text),
    ".csv": ("纯文本（UTF-8）", _csv),
    **{suffix: ("图片", _image(suffix)) for suffix in IMAGE_FORMATS},
}


def allowed_list() -> str:
    groups: dict[str, list[str]] = {}
    for suffix, (group, _) in TYPES.items():
        groups.setdefault(group, []).append(suffix)
    return "、".join(f"{group}（{' '.join(suffixes)}）" for group, suffixes in groups.items())


def _expect(ok: bool, what: str) -> None:
    if not ok:
        raise GateError(f"的内容不是 {what}（文件开头与扩展名不符）：请确认文件没有损坏，且扩展名与实际格式一致。")


def check_type(name: str) -> None:
    """Refuse a file name whose type is not a document; for use before the file is read."""
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in TYPES:
        shown = f"的扩展名 {suffix} 不是允许的附件类型" if suffix else "没有扩展名，无法确认是允许的附件类型"
        raise GateError(f"{shown}。附件只能是：{allowed_list()}；"
                        "网页、SVG、脚本、Markdown 和压缩包不能作为附件（方案正文请写在方案文件中）。")


def check_attachment(name: str, data: bytes) -> bytes:
    """Raise GateError unless ``data`` is a document of the type ``name`` says; return the bytes to publish."""
    check_type(name)
    problem = too_big(len(data), MAX_BYTES, "附件")
    if problem:
        raise GateError(problem)
    suffix = "." + name.rpartition(".")[2].lower()
    return TYPES[suffix][1](data)


def attachment_policy(path: str, data: bytes) -> bytes:
    return check_attachment(path.rpartition("/")[2], data)
