"""A plan document → its text, one paragraph per line.

Plain text and Markdown (the form of the seeds) are read here; every other format a department
may hold is read into the same form, so the importer's later phases see one kind of input.
"""

from __future__ import annotations

from pathlib import Path


class ReadProblem(Exception):
    """A document that cannot be read: the message (Chinese) says why and what to do."""


TEXT_SUFFIXES = (".txt", ".md", ".markdown")


def read_plan(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise ReadProblem(f"{path}：暂不能读取 {suffix or '没有扩展名的'} 文件；请另存为纯文本（.txt）后再导入。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Windows Notepad in China saves GBK by default
        try:
            return raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ReadProblem(f"{path}：文字编码无法识别；请用记事本“另存为”UTF-8 编码后再导入。")
