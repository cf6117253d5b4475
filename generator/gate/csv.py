"""CSV policy: no cell can run as a spreadsheet formula (OWASP "CSV injection").

Excel, WPS and LibreOffice evaluate a cell that starts with = + - @ (and, after a tab or a
carriage return, the same).  The policy re-reads the finished file and prefixes every such
cell with a single quote, so no renderer has to remember to.  A plain number (-33.5, +86)
stays as it is: it evaluates to itself.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from generator.gate.errors import GateError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(cell: str) -> str:
    if cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def neutralise(data: bytes) -> bytes:
    """``data`` with every formula cell neutralised; the same bytes when there is none."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GateError("不是 UTF-8 编码的 CSV：请另存为“CSV UTF-8”格式。") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise GateError(f"不是有效的 CSV（{error}）：请用表格软件重新导出。") from None
    cleaned = [[neutralise_cell(cell) for cell in row] for row in rows]
    if cleaned == rows:
        return data
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(cleaned)
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode("utf-8")


def csv_policy(path: str, data: bytes) -> bytes:
    return neutralise(data)
