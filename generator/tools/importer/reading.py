"""A plan document → its text, one paragraph per block, in the seeds' Markdown-like form.

Plain text and Markdown (the form of the seeds) are read as they are.  Word (.docx, docx_text.py)
and PDF with a text layer (pdf_text.py) are read into the same form, their layout undone; old
Word and WPS files (.doc, .wps) go through LibreOffice first (legacy_word.py).  The importer's
later phases thus see one kind of input.  The kind of a file is told by its content, not its
name: a .doc that WPS saved as .docx is read as .docx, and a "PDF" that is a web page is refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.gate.attachments import MAX_BYTES as MAX_DOCUMENT_BYTES
from generator.source.load import MAX_SOURCE_BYTES
from generator.tools.importer.legacy_word import converted_to_docx
from generator.tools.importer.problems import ReadProblem

__all__ = ["PlanText", "ReadProblem", "read_document", "read_plan"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # a .docx is mostly compressed XML; more is a zip bomb
SUPPORTED = "纯文本（.txt）、Markdown（.md）、Word（.docx；.doc/.wps 需先转换）或带文字层的 PDF"

_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, .et and encrypted Office files
_RTF = b"{\\rtf"


@dataclass(frozen=True)
class PlanText:
    text: str
    notes: tuple[str, ...] = ()  # what the reader could not read, for the importer's review list
    paragraphs: bool = False  # Word or PDF: its lines are the reader's, the editor counts paragraphs

    def place(self, line: int) -> str:
        """Where a line of ``text`` is in the original, as its reader would find it."""
        if not self.paragraphs:
            return f"原文第 {line} 行"
        count, blank = 0, True
        for text in self.text.split("\n")[:line]:
            count += bool(text.strip()) and blank
            blank = not text.strip()
        return f"原文第 {max(count, 1)} 段"


def read_plan(path: Path) -> str:
    return read_document(path).text


# C0/C1 control characters (Word copy-paste leaves \x01, \x07…): no YAML file may hold them
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")  # Word's manual line break, a page break


def read_document(path: Path) -> PlanText:
    read = _read_document(Path(path))
    text = _BREAKS.sub("\n", read.text)
    text, removed = _CONTROLS.subn("", text)
    notes = read.notes
    if removed:
        notes += (f"原文中有 {removed} 个看不见的控制字符（多由复制粘贴带入），已删除：请核对删除处前后的文字。",)
    return PlanText(text, notes, read.paragraphs)


def _read_document(path: Path) -> PlanText:
    display = str(path)
    if not path.is_file():
        raise ReadProblem(f"{display}：找不到这个文件；请检查路径和文件名。")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise ReadProblem(f"{display}：文件有 {size / 1048576:.1f} MB，超过导入的上限 "
                          f"{MAX_DOCUMENT_BYTES // 1048576} MB；请只保留方案正文（去掉图片和附件）后再导入。")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if _PDF in head:
        from generator.tools.importer.pdf_text import read_pdf

        paragraphs, notes = read_pdf(path, display)
        return PlanText("\n\n".join(paragraphs) + "\n", tuple(notes), paragraphs=True)
    if head.startswith(_ZIP):
        return _read_zip(path, display)
    if head.startswith(_OLE) or head.startswith(_RTF):
        if head.startswith(_OLE) and "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise ReadProblem(f"{display}：这个文件设了打开密码，无法读取。请用 WPS 或 Word 打开，"
                              "取消密码（“文件 → 文档加密”）后另存为 .docx 再导入。")
        with converted_to_docx(path, display) as docx:
            return _read_docx(docx, display)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return PlanText(_decode(path, display, size))
    raise ReadProblem(_unreadable(display, suffix, head))


def _decode(path: Path, display: str, size: int) -> str:
    if size > MAX_SOURCE_BYTES:
        raise ReadProblem(f"{display}：文件有 {size / 1048576:.1f} MB，超过文本文件 "
                          f"{MAX_SOURCE_BYTES // 1048576} MB 的上限；一份方案的文字远用不了这么多，请检查是否选错了文件。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Windows Notepad in China saves GBK by default
        try:
            return raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ReadProblem(f"{display}：文字编码无法识别；请用记事本“另存为”UTF-8 编码后再导入。")


def _unreadable(display: str, suffix: str, head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")):
        found = "内容却是网页（HTML），多半是从网站下载时保存了网页而不是文件本身"
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        found = "内容却是图片；图片里的文字需要先做文字识别（OCR）"
    else:
        found = "内容无法识别，文件可能已损坏"
    if suffix in (".pdf", ".docx", ".doc", ".wps"):
        return (f"{display}：扩展名是 {suffix}，{found}。请用 WPS、Word 或 PDF 阅读器确认能打开，"
                f"再重新保存一份后导入。")
    return f"{display}：暂不能读取 {suffix or '没有扩展名的'} 文件。可以导入的是{SUPPORTED}。"


def _read_zip(path: Path, display: str) -> PlanText:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unzipped = sum(member.file_size for member in members)
            small = [member for member in members if member.filename == "mimetype" and member.file_size < 200]
            mimetype = archive.read(small[0]) if small else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        raise ReadProblem(f"{display}：文件已损坏，无法打开；请用 WPS 或 Word 确认能打开，另存为 .docx 后再导入。") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ReadProblem(f"{display}：解压后超过 {MAX_UNZIPPED_BYTES // 1048576} MB，不像一份方案；请检查是否选错了文件。")
    if "word/document.xml" in names:
        return _read_docx(path, display)
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        with converted_to_docx(path, display) as docx:
            return _read_docx(docx, display)
    if any(name.startswith("xl/") for name in names):
        found = "这是 Excel 表格"
    elif any(name.startswith("ppt/") for name in names):
        found = "这是 PowerPoint 演示文稿"
    else:
        found = "这是一个压缩包，不是 Word 文档"
    raise ReadProblem(f"{display}：{found}，无法作为方案导入。可以导入的是{SUPPORTED}。")


def _read_docx(path: Path, display: str) -> PlanText:
    import docx

    from generator.tools.importer.docx_text import docx_paragraphs

    try:
        document = docx.Document(str(path))
        paragraphs = docx_paragraphs(document)
    except Exception as error:  # a damaged or hostile package: python-docx and lxml raise many kinds
        raise ReadProblem(f"{display}：Word 文件已损坏或无法识别（{type(error).__name__}）。"
                          "请用 WPS 或 Word 确认能打开，另存为 .docx 后再导入。") from None
    if not paragraphs:
        raise ReadProblem(f"{display}：Word 文件的正文里没有文字（文字可能在文本框或图片里）；"
                          "请把方案正文放进正文段落后再导入。")
    return PlanText("\n\n".join(paragraphs) + "\n", paragraphs=True)
