"""Write the draft: a campaign file as an editor would type it (flow lists, block texts, comments
at the uncertain spots), the region file with its new units, and the campaigns.yaml list.

Plain text is generated rather than dumped so that the `# 待核对` comments sit where the doubt is;
every text is checked by reading it back (the project's loader, yamlsource.StrictLoader) before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re

_PLAIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff（《“【][^:#\[\]{},&*!|>'\"%@`\n]*")
_RESERVED = re.compile(r"(?i)(y|n|yes|no|true|false|on|off|null|~)")
COMMENT = "#"  # key of a dict's comment: written above the mapping, as `# 待核对：…`


def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and _is_date(text):
        return text  # a date, meant as one; "2019-02-30" from a plan's prose is quoted text
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) and re.match(r"[a-z]", text) and not _RESERVED.fullmatch(text):
        return text
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _flow(items: list) -> str:
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def _block_text(text: str, indent: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "|\n" + "\n".join((indent + line) if line.strip() else "" for line in lines)


def _mapping(data: dict, indent: str, first_prefix: str | None = None) -> list[str]:
    out: list[str] = []
    prefix = first_prefix if first_prefix is not None else indent
    comment = " ".join(str(data.get(COMMENT) or "").split())
    if comment and first_prefix is None:
        out.append(f"{indent}# 待核对：{comment}")
    for key, value in data.items():
        if key == COMMENT:
            continue
        head = f"{prefix}{key}:"
        if prefix != indent and comment:  # a list item: the note rides on its first line
            head = f"{head} {scalar(value)}  # 待核对：{comment}" if not isinstance(value, (dict, list)) else head
            if not isinstance(value, (dict, list)) and not (isinstance(value, str) and "\n" in value):
                out.append(head)
                prefix = indent
                continue
            out.append(f"{indent}# 待核对：{comment}")
        prefix = indent
        if isinstance(value, dict):
            inner = {k: v for k, v in value.items() if k != COMMENT}
            if all(not isinstance(v, (dict, list)) and not (isinstance(v, str) and "\n" in v and v.strip()) for v in inner.values()) \
                    and len(str(inner)) < 90 and not value.get(COMMENT):
                out.append(f"{head} {{" + ", ".join(f"{k}: {scalar(v)}" for k, v in inner.items()) + "}")
            else:
                out.append(head)
                out += _mapping(value, indent + "  ")
        elif isinstance(value, list):
            if not value:
                out.append(f"{head} []")
            elif all(not isinstance(v, (dict, list)) for v in value) and len(_flow(value)) < 110:
                out.append(f"{head} {_flow(value)}")
            elif all(not isinstance(v, (dict, list)) for v in value):
                out.append(head)
                out += [f"{indent}  - {scalar(v)}" for v in value]
            else:
                out.append(head)
                for item in value:
                    out += _mapping(item, indent + "    ", first_prefix=indent + "  - ")
        elif isinstance(value, str) and "\n" in value and value.strip():
            out.append(f"{head} {_block_text(value, indent + '  ')}")
        else:
            out.append(f"{head} {scalar(value)}")
    return out


def campaign_text(data: dict, header: list[str]) -> str:
    lines = [f"# {line}" for line in header]
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append("")
        lines += _mapping({key: value}, "")
    return "\n".join(lines) + "\n"


def without_comments(data):
    if isinstance(data, dict):
        return {k: without_comments(v) for k, v in data.items() if k != COMMENT}
    if isinstance(data, list):
        return [without_comments(v) for v in data]
    return data


def listed_text(text: str, campaign_id: str):
    """campaigns.yaml with the id appended to its block list `campaigns:`; None if that list is
    not a plain block list (then the editor adds the line)."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.fullmatch(r"campaigns:\s*(#.*)?", line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
    items = [i for i in range(start + 1, end) if re.match(r"\s*- ", lines[i])]
    if not items:
        return None
    indent = re.match(r"(\s*)- ", lines[items[-1]]).group(1)
    return "\n".join(lines[:items[-1] + 1] + [f"{indent}- {campaign_id}  # portal import 导入的草稿"]
                     + lines[items[-1] + 1:])
