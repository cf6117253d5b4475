"""`portal import`: an official plan (方案) as written by a department → a draft campaign file.

Phases, each its own module: reading.py (a document → its text), normalise.py (layout repaired),
outline.py (numbering), facts.py (title, issuer, 文号…), units.py (unit lists → the region's
units), patterns.py (dates, targets, contacts), plan.py (the campaign's data and review list),
draft.py (the files).  Nothing is written unless every file can be; an existing campaign file is
never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from generator.source.yamlsource import StrictLoader
from generator.tools.importer import draft
from generator.tools.importer.normalise import normalise
from generator.tools.importer.patterns import without_mobiles
from generator.tools.importer.plan import Builder
from generator.tools.importer.reading import ReadProblem, read_document
from generator.tools.importer.units import RegionUnits, region_text_with


class ImportProblem(Exception):
    """Why nothing was imported (Chinese, with what to do)."""


@dataclass
class ImportResult:
    campaign_path: Path
    region_path: Path
    stats: dict
    review: int
    listed: bool  # the id was added to campaigns.yaml


def _parse(text: str):
    """YAML as portal check reads it (YAML 1.2, yamlsource.StrictLoader)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def _load_yaml(path: Path) -> dict:
    try:
        data = _parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        raise ImportProblem(f"{path}：无法读取（{type(exc).__name__}），请先运行 portal check 修正它。") from None
    if not isinstance(data, dict):
        raise ImportProblem(f"{path}：内容不是设置项列表，请先运行 portal check 修正它。")
    return data


def _guess_region(root: Path, text: str) -> Optional[str]:
    names = []
    for path in sorted((root / "content" / "regions").glob("*.yaml")):
        try:
            data = _parse(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        for name in {data.get("district"), data.get("name")} - {None}:
            short = re.sub(r"(市|区|县)$", "", str(name))
            position = text.find(str(name)) if str(name) in text else text.find(short) if len(short) >= 2 else -1
            if position >= 0:
                names.append((position, path.stem))
    return min(names)[1] if names else None


def import_plan(root: Path, source: Path, region: Optional[str] = None, campaign_id: Optional[str] = None) -> ImportResult:
    if not source.is_file():
        raise ImportProblem(f"找不到文件：{source}。请检查文件名和所在文件夹。")
    try:
        document = read_document(source)
    except ReadProblem as exc:
        raise ImportProblem(str(exc)) from None
    text = document.text
    if not text.strip():
        raise ImportProblem(f"{source}：文件是空的，没有可导入的文字。")
    site_path = root / "campaigns.yaml"
    if not site_path.is_file():
        raise ImportProblem(f"{root} 不是门户项目（没有 campaigns.yaml）：请在项目目录中运行，或用 --project 指定。")
    site = _load_yaml(site_path)
    categories = [c for c in site.get("categories") or [] if isinstance(c, dict) and c.get("id")]
    if not categories:
        raise ImportProblem(f"{site_path}：没有分类（categories），板块无法归类。请先运行 portal check 修正它。")
    region = region or _guess_region(root, text[:400])
    if region is None:
        raise ImportProblem("无法从原文判断属于哪个地区：请用 --region 指定（content/regions/ 下的文件名，不含 .yaml）。")
    region_path = root / "content" / "regions" / f"{region}.yaml"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", region) or not region_path.is_file():
        known = "、".join(sorted(p.stem for p in (root / "content" / "regions").glob("*.yaml"))) or "（无）"
        raise ImportProblem(f"找不到地区“{region}”（content/regions/{region}.yaml）。已有的地区：{known}；"
                            "新地区请先按 README“地区与单位”新建地区文件。")
    region_text = region_path.read_text(encoding="utf-8")
    units = RegionUnits.from_region(_load_yaml(region_path))

    lines = normalise(text)
    if not lines:
        raise ImportProblem(f"{source}：没有可导入的文字。")
    imported = Builder(lines, units, categories, source.name, document.place).run()
    data = imported.data
    if campaign_id is None:
        year = re.search(r"(19[6-9]\d|20\d\d)", data["title"]) or re.search(r"(\d{4})", data["period"]["start"])
        campaign_id = f"{region}-{year.group(1)}"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", campaign_id) or len(campaign_id) > 64:
        raise ImportProblem(f"“{campaign_id}”不能用作方案 id：只能用小写英文字母、数字和连字符（如 kunming-2019）。")
    campaign_path = root / "content" / "campaigns" / f"{campaign_id}.yaml"
    if campaign_path.exists():
        raise ImportProblem(f"{campaign_path.relative_to(root)} 已经存在，导入不会覆盖它：请用 --id 另取一个 id"
                            "（如 --id " + campaign_id + "-draft），或先把原文件改名。")
    data["region"] = region
    data = {k: data[k] for k in ("title", "short_title", draft.COMMENT, "region") if k in data} | data
    # what the reader could not read (a scanned PDF page, removed control characters)
    data["review"] = [{"what": "原文", "why": note} for note in document.notes] + imported.review
    # a personal mobile is never published without its owner's consent (schema Contact.public)
    mobiles = 0
    for key in ("introduction", "requirements", "measures"):
        if key in data:
            data[key], n = without_mobiles(data[key])
            mobiles += n
    for activity in data["activities"]:
        if "body" in activity:
            activity["body"], n = without_mobiles(activity["body"])
            mobiles += n
    if mobiles:
        data["review"].append({"what": "正文中的手机号码", "why": f"正文中有 {mobiles} 个疑似个人手机号码，没有导入："
                                                              "请改用单位办公电话，或经本人同意后补上。"})

    header = [f"由 portal import 从 {source.name} 导入的草稿：review 列出待核对的 {len(data['review'])} 项，"
              "文件中标有“待核对”。",
              "逐项核对、改好后删去整个 review 列表，portal check 通过后方案才会发布（草稿只在 portal serve 预览中显示）。"]
    campaign_text = draft.campaign_text(data, header)
    clean = draft.without_comments(data)
    try:
        read_back = _parse(campaign_text)
    except (yaml.YAMLError, ValueError) as exc:  # a bug of draft.py: say so rather than write a broken file
        raise ImportProblem(f"内部错误：生成的方案文件无法读取（{exc}），没有写入任何文件。请把原文件发给维护人员。") from None
    if _normal(read_back) != _normal(clean):
        raise ImportProblem("内部错误：生成的方案文件与导入的内容不一致，没有写入任何文件。请把原文件发给维护人员。")
    new_region = region_text_with(region_text, units.new, source.name, document.place)
    if new_region is None:
        raise ImportProblem(f"{region_path.relative_to(root)} 的 units 不是常见的写法，无法自动加入新单位，没有写入任何文件："
                            "请把 units 改为每个单位一项“- id: …”的列表后再导入。")
    # both edits are read back: the file must hold what it held, plus exactly what was added
    old_region = _load_yaml(region_path)
    try:
        added = _parse(new_region)
    except (yaml.YAMLError, ValueError):
        added = None
    expected = dict(old_region, units=(old_region.get("units") or []) + [{"id": u.id, "name": u.name} for u in units.new])
    if units.new and added != expected:
        raise ImportProblem(f"{region_path.relative_to(root)} 的写法特殊，无法自动加入新单位，没有写入任何文件："
                            "请把 units 改为每个单位一项“- id: …”的列表后再导入。")
    site_text = site_path.read_text(encoding="utf-8")
    listed_text = draft.listed_text(site_text, campaign_id)
    if listed_text is not None:
        try:
            listed = _parse(listed_text)
        except (yaml.YAMLError, ValueError):
            listed = None
        if listed != dict(site, campaigns=list(site.get("campaigns") or []) + [campaign_id]):
            listed_text = None  # not a plain list: the editor adds the line (the summary says so)
    campaign_path.parent.mkdir(parents=True, exist_ok=True)
    campaign_path.write_text(campaign_text, encoding="utf-8")
    if new_region != region_text:
        region_path.write_text(new_region, encoding="utf-8")
    if listed_text is not None:
        site_path.write_text(listed_text, encoding="utf-8")
    return ImportResult(campaign_path, region_path, imported.stats, len(data["review"]), listed_text is not None)


def _normal(value):
    """YAML dates and the strings they were written from compare equal."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def summary(result: ImportResult, root: Path) -> str:
    s = result.stats
    where = result.campaign_path.relative_to(root)
    lines = [f"已导入草稿：{where}",
             f"{s['sections']} 个板块，{s['activities']} 项活动，{s['units']} 个单位（其中新增 {s['new_units']} 个），"
             f"{s['dates']} 个日期，{s['targets']} 项指标，{s['contacts']} 位联系人，{result.review} 项待核对。"]
    if s["new_units"]:
        lines.append(f"新单位已加入 {result.region_path.relative_to(root)}（标有“待核对”）。")
    if result.listed:
        lines.append("已在 campaigns.yaml 的 campaigns 列表中登记。")
    else:
        lines.append(f"请在 campaigns.yaml 的 campaigns 列表中加入一行“- {where.stem}”。")
    lines.append("请逐项核对文件中的 review 列表（标有“待核对”），改好后删去 review 列表，再运行 portal check。")
    return "\n".join(lines)
