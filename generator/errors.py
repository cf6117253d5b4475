"""Editor-facing problems: one ``file:line: field.path: message`` line each, in Chinese."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    line: int
    field: str
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ValidationFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(set(issues))
        super().__init__(f"{len(self.issues)} 个错误")

    def report(self) -> str:
        lines = [issue.format() for issue in self.issues]
        lines.append(f"共 {len(self.issues)} 个错误，未生成任何文件。请按提示修改后重新运行 check。")
        return "\n".join(lines)


# Where messages send editors for the fields a file may have: generated from the schema by
# `portal reference` (render/field_reference.py); the site has the same text at help/fields/.
FIELD_REFERENCE = "docs/字段说明.md"


def _expected(ctx: dict) -> str:
    """pydantic's "'社区', '广场' or '驿站'" → 社区、广场、驿站."""
    choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    return "、".join(choices) if choices else str(ctx.get("expected", ""))


# pydantic error type → Chinese message.  Context values come from pydantic's ``ctx``.
_MESSAGES = {
    "missing": lambda e: "缺少必填字段。",
    "extra_forbidden": lambda e: f"未知字段（可能是拼写错误），请对照字段说明 {FIELD_REFERENCE}。",
    "string_type": lambda e: "应为文本（只有数字的内容请加英文引号，如电话号码 \"4221202\"）。",
    "string_too_short": lambda e: "不能为空。",
    "int_type": lambda e: "应为整数。",
    "int_parsing": lambda e: "应为整数。",
    "int_from_float": lambda e: "应为整数，不能带小数。",
    "float_type": lambda e: "应为数字。",
    "float_parsing": lambda e: "应为数字。",
    "bool_type": lambda e: "应为 true 或 false。",
    "bool_parsing": lambda e: "应为 true 或 false。",
    "list_type": lambda e: "应为列表（每项以“- ”开头）。",
    "dict_type": lambda e: "应为“键: 值”形式的映射。",
    "model_type": lambda e: "应为“键: 值”形式的映射。",
    "model_attributes_type": lambda e: "应为“键: 值”形式的映射。",
    "date_type": lambda e: "应为日期，格式 YYYY-MM-DD。",
    "date_parsing": lambda e: "不是有效日期：格式应为 YYYY-MM-DD，且该日期必须存在（如 2018-02-30 不存在）。",
    "date_from_datetime_parsing": lambda e: "不是有效日期：格式应为 YYYY-MM-DD，且该日期必须存在（如 2018-02-30 不存在）。",
    "date_from_datetime_inexact": lambda e: "应为日期（不含时间），格式 YYYY-MM-DD。",
    "literal_error": lambda e: f"取值无效，应为以下之一：{_expected(e.get('ctx', {}))}。",
    "enum": lambda e: f"取值无效，应为以下之一：{_expected(e.get('ctx', {}))}。",
    "greater_than_equal": lambda e: f"应不小于 {e['ctx']['ge']}。",
    "less_than_equal": lambda e: f"应不大于 {e['ctx']['le']}。",
    "greater_than": lambda e: f"应大于 {e['ctx']['gt']}。",
    "string_pattern_mismatch": lambda e: "格式不正确。",
    "url_parsing": lambda e: "不是有效的网址。",
    "finite_number": lambda e: "应为普通数字，不能是 inf、nan 或大到无法表示的数。",
    "invalid_key": lambda e: "键应为文本（如 name、title），不能是数字或 true/false：请检查拼写，或给键加引号。",
}


def pydantic_message(error: dict) -> str:
    """Chinese text for one entry of ``ValidationError.errors()``."""
    kind = error["type"]
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a Chinese message already.
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return message
    translate = _MESSAGES.get(kind)
    if translate is None:
        return f"数据不符合要求（{error['msg']}）。"
    message = translate(error)
    if kind == "extra_forbidden":
        message = f"未知字段“{error['loc'][-1]}”（可能是拼写错误），请对照字段说明 {FIELD_REFERENCE}。"
    return message


class BuildError(Exception):
    """A build that cannot finish for a reason an editor or operator can act on."""


def suggest(name: str, choices) -> str:
    """“（是否想写：…？）” with the closest known names, for a reference that did not resolve."""
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.5)
    return f"（是否想写：{'、'.join(close)}？）" if close else ""
