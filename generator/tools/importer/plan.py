"""A plan's lines → the campaign file's data, with the review list of what is uncertain.

The numbered outline decides the structure: the parts (一、) are the introduction, the campaign's
units, its period, the activities or the requirements, by their titles; in the parts with
activities, （一） items are sections and the next level down are activities (a monthly theme
“X月关键词：…” in between gives them their month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from generator.model.slugs import pinyin_slug
from generator.tools.importer import outline, patterns
from generator.tools.importer.draft import COMMENT

from generator.tools.importer.facts import ISSUE_DATE, ORG, Facts, period_of, read_facts, safe_date, short_title
from generator.tools.importer.normalise import Line, plain_punctuation
from generator.tools.importer.units import RegionUnits, bracket_at_end, roles_in, split_units

ACTIVITY_PARTS = ("内容", "活动", "任务", "安排", "计划", "项目")
ROLE_NAMES = {"hosts": "主办单位", "leads": "牵头单位", "responsible": "责任单位"}


@dataclass
class Item:
    line: Line
    number: str
    rest: str
    body: list[Line] = field(default_factory=list)
    roles: dict[str, tuple[str, int]] = field(default_factory=dict)  # role → (list text, line)
    month: Optional[int] = None


@dataclass
class SectionPart:
    title: str
    line: int
    intro: list[str] = field(default_factory=list)
    roles: dict[str, tuple[str, int]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    themes: dict[int, dict] = field(default_factory=dict)
    numbered: bool = True


@dataclass
class Imported:
    data: dict
    review: list[dict]
    facts: Facts
    stats: dict[str, int]


def _is_aside(text: str) -> bool:
    """Lines of a monthly theme that are structure, not activities (1.主旨：… 2.活动内容：)."""
    return bool(re.match(r"^(?:\d{1,2}\s*[.、．]?\s*)?(主旨|活动内容|主要内容|具体内容)\s*[:：]?", text))


def _add_roles(target: dict, text: str, line: int) -> None:
    for role, value in roles_in(text).items():
        old = target.get(role)
        target[role] = ((old[0] + "、" + value) if old else value, line)


class Builder:
    def __init__(self, lines: list[Line], units: RegionUnits, categories: list[dict], source: str,
                 place: Callable[[int], str] = lambda line: f"原文第 {line} 行"):
        self.lines = lines
        self.place = place  # a line's place as the editor finds it (第 N 行, in Word or PDF 第 N 段)
        self.units = units
        self.categories = categories
        self.source = source
        self.review: list[dict] = []
        self.referenced: set[str] = set()

    def note(self, what: str, line: Optional[int], why: str) -> str:
        item = {"what": what, "where": self.place(line) if line else None, "why": why}
        self.review.append({k: v for k, v in item.items() if v})
        return why

    # --- units ---------------------------------------------------------------------------

    def unit_list(self, text: str, line: int, what: str) -> list[str]:
        names = []
        for name in split_units(text, self.units.known):
            written, new = self.units.resolve(name, line)
            if new is not None:
                self.note(what, line, f"“{name}”不是本地区已登记的单位，已作为新单位加入地区文件（id: {new.id}）："
                                      "请核对名称，或改为已有单位的写法。")
            names.append(written)
            self.referenced.add(self.units.names[written])
        return names

    # --- structure --------------------------------------------------------------------------

    def run(self) -> Imported:
        lines = self.lines
        first = next((i for i, line in enumerate(lines) if (m := outline.marker(line.text)) and m[0] == 1), None)
        if first is None:
            first = next((i for i, line in enumerate(lines) if outline.marker(line.text)), len(lines))
        facts = read_facts(lines, first)
        for why in facts.notes:
            self.note("title / issuer", 1, why)
        campaign_roles: dict[str, tuple[str, int]] = {}
        intro = []
        intro_lines: list[Line] = []  # the paragraphs above the first part, in the introduction
        used: set[int] = set()  # lines already in the draft other than as activities
        for line in lines[facts.title_line + 1:first]:
            if outline.unit_label(line.text):  # the campaign's units, written above the first part
                _add_roles(campaign_roles, line.text, line.no)
                used.add(line.no)
            elif not self._is_front_matter(line, facts):
                intro.append(line.text)
                intro_lines.append(line)
            else:
                used.add(line.no)
        body_lines = lines[first:]
        # the signature and date under the last part (…办公室 / 2020年12月3日印发): only plain lines
        # after the last part's heading; a unit line or a numbered item that ends in 文明办 is content
        last_part = max((i for i, b in enumerate(body_lines) if (m := outline.marker(b.text)) and m[0] == 1), default=-1)
        while len(body_lines) - 1 > last_part and not outline.marker(body_lines[-1].text) \
                and not outline.unit_label(body_lines[-1].text) \
                and (ISSUE_DATE.match(body_lines[-1].text.replace(" ", ""))
                     or (len(body_lines[-1].text) <= 30 and ORG.search(body_lines[-1].text))):
            found = ISSUE_DATE.match(body_lines[-1].text.replace(" ", ""))
            self.note("signature", body_lines[-1].no, f"原文末尾的“{body_lines[-1].text}”视为落款（发文单位或日期），"
                                                      "没有作为正文导入：如果它是正文，请补进方案。")
            if found and facts.issued is None:
                facts.issued = safe_date(*(int(g) for g in found.groups()))
                if facts.issued is None:
                    self.note("issued", body_lines[-1].no, f"印发日期“{body_lines[-1].text}”不是有效的日期，没有导入："
                                                           "请核对原文后填写 issued。")
            body_lines = body_lines[:-1]
        parts = self._parts(body_lines)
        if not parts and body_lines:  # no 一、 parts: the numbered items are the plan's activities
            parts = [("主要活动", "", body_lines[0].no, body_lines)]
        data: dict = {}
        requirements, measures, period_note, venue = [], [], None, None
        sections: list[SectionPart] = []
        others = []  # (index in intro, title, inline, body): parts that become introduction text
        front = len(intro_lines)
        for title, inline, line, body in parts:
            kind = self._part_kind(title, body)
            if kind != "activities":
                used.add(line)
                if kind != "intro":
                    used.update(b.no for b in body)
            if kind == "slogan":
                facts.slogan = (inline or (body[0].text if body else "")).strip("“”\"' ") or facts.slogan
            elif kind == "time":
                for b in ([Line(line, inline)] if inline else []) + body:
                    text = b.text
                    if re.match(r"^(地点|范围|活动地点)\s*[:：]", text):
                        venue = re.sub(r"^[^:：]+[:：]\s*", "", text)
                    elif text:
                        period_note = re.sub(r"^(时间|活动时间)\s*[:：]\s*", "", text).rstrip("。")
            elif kind == "units":
                for b in body:
                    _add_roles(campaign_roles, b.text, b.no)
            elif kind == "activities":
                sections += self._sections(title, line, body)
            elif kind in ("requirements", "measures"):
                text = self._prose(body, inline)
                if text.strip():  # "二、工作要求" with nothing under it
                    (requirements if kind == "requirements" else measures).append(text)
            else:
                others.append((len(intro), title, inline, body))
                intro.append(self._other_part(title, inline, body))
                intro_lines += body
        if not sections or not any(s.items for s in sections):
            sections = self._fallback(lines[facts.title_line + 1:], used, intro_lines, intro_lines[:min(front, 1)])
            # a paragraph taken as an activity is not repeated in the introduction
            taken = {item.line.no for item in sections[0].items}
            for index, title, inline, body in others:
                intro[index] = self._other_part(title, inline, [b for b in body if b.no not in taken])
            intro = [line.text for line in intro_lines[:front] if line.no not in taken] + intro[front:]
        noted = len(facts.notes)
        start, end, note = period_of("", facts, period_note)
        for why in facts.notes[noted:]:
            self.note("period", None, why)
        self.note("period", None, "方案周期由" + (f"原文“{period_note}”" if period_note else "标题中的年份和印发日期")
                  + f"推定为 {start} 至 {end}：请核对。")
        data.update(self._head(facts, start, end, note, venue))
        for role in ("hosts", "leads", "responsible"):
            if role in campaign_roles:
                data[role] = self.unit_list(campaign_roles[role][0], campaign_roles[role][1], role)
        data["introduction"] = "\n\n".join(t for t in intro if t) + "\n" if intro else ""
        if not data["introduction"]:
            del data["introduction"]
        if requirements:
            data["requirements"] = "\n\n".join(requirements) + "\n"
        if measures:
            data["measures"] = "\n\n".join(measures) + "\n"
        self.year = start.year
        section_data, activities, themes = self._activities(sections, campaign_roles, start, end)
        data["sections"] = section_data
        if themes:
            data["months"] = themes
        data["activities"] = activities
        # an activity's title is a sentence of the plan too (29. 市民对志愿服务活动的知晓率达到95%以上…)
        texts = [(None, t) for t in intro + requirements + measures] + [
            (a["id"], a["title"] + "。\n" + a.get("body", "")) for a in activities]
        data.update(self._findings(texts, start, end))
        stats = {
            "sections": len(section_data), "activities": len(activities),
            "units": len(self.referenced), "new_units": len(self.units.new),
            "dates": sum(1 for a in activities if "when" in a) + len(data.get("deadlines", [])),
            "targets": len(data.get("targets", [])), "contacts": len(data.get("contacts", [])),
        }
        return Imported(data, self.review, facts, stats)

    def _is_front_matter(self, line: Line, facts: Facts) -> bool:
        text = line.text
        return (text == facts.addressees or text.rstrip("：:") == facts.addressees or text == facts.issuer
                or bool(re.match(r"^[(（]\s*\d{4}\s*[-—–]+\s*\d{4}\s*年?\s*[)）]$", text))
                or bool(re.match(r"^\d{4}\s*年.*日(印发)?$", text)) or text.startswith("现将")
                or (facts.doc_number is not None and facts.doc_number in text.replace(" ", "")))

    def _parts(self, lines: list[Line]):
        parts = []
        for line in lines:
            mark = outline.marker(line.text)
            if mark and mark[0] == 1:
                title, _, inline = mark[2].partition("：") if "：" in mark[2] else mark[2].partition(":")
                parts.append((title.strip().rstrip("。"), inline.strip(), line.no, []))
            elif parts:
                parts[-1][3].append(line)
        return parts

    def _part_kind(self, title: str, body: list[Line]) -> str:
        numbered = sum(1 for b in body if outline.marker(b.text) or outline.month_theme(b.text))
        with_units = any(outline.unit_label(b.text) or bracket_at_end(b.text)[1] for b in body)
        if "主题" in title and not any(w in title for w in ("内容", "安排", "活动主题活动")) and numbered == 0:
            return "slogan"
        if re.search(r"时间|地点|周期", title) and numbered == 0:
            return "time"
        if re.search(r"组织单位|主办|组织机构", title) and numbered == 0:
            return "units"
        if ("要求" in title and "总体" not in title) or "保障" in title:
            return "requirements"
        if numbered and (with_units or any(w in title for w in ACTIVITY_PARTS)):
            return "activities"
        if "措施" in title:
            return "measures"
        return "intro"

    def _prose(self, body: list[Line], inline: str = "") -> str:
        paragraphs = [inline] if inline else []
        for line in body:
            mark = outline.marker(line.text)
            if mark and mark[2]:
                title, rest = outline.lead(mark[2])
                number = mark[1] + ". " if mark[0] == 3 else mark[1]
                paragraphs.append(f"**{number}{title}。**{rest}" if rest else f"**{number}{title}**")
            else:
                lead = re.match(r"^(一是|二是|三是|四是|五是|六是|七是|八是|九是|十是)([^。]+。)(.*)$", line.text)
                paragraphs.append(f"**{lead.group(1)}{lead.group(2)}**{lead.group(3)}" if lead else line.text)
        return "\n\n".join(paragraphs)

    def _sections(self, title: str, line: int, body: list[Line]) -> list[SectionPart]:
        levels = {m[0] for b in body if (m := outline.marker(b.text)) and not _is_aside(m[2])}
        sections: list[SectionPart] = []
        current = SectionPart(title, line)
        if 2 in levels and levels & {3, 4}:  # （一） holds numbered items: sections; else its items are activities
            chunks: list[tuple[SectionPart, list[Line]]] = [(current, [])]
            for b in body:
                mark = outline.marker(b.text)
                if mark and mark[0] == 2:
                    name, rest = outline.lead(mark[2])
                    chunks.append((SectionPart(name.rstrip("。：:") or mark[2], b.no), [Line(b.no, rest)] if rest else []))
                else:
                    chunks[-1][1].append(b)
        else:
            chunks = [(current, body)]
        for section, lines in chunks:
            self._fill(section, lines)
            if section.items or section is not current or not chunks[1:]:
                sections.append(section)
            elif section.intro or section.roles:
                self.note("sections", section.line, f"“{section.title}”下、第一个板块之前的文字没有归入任何板块：请核对。")
        return sections

    def _fill(self, section: SectionPart, lines: list[Line]) -> None:
        levels = sorted({m[0] for b in lines if (m := outline.marker(b.text)) and m[0] >= 2 and not _is_aside(m[2])})
        level = levels[0] if levels else None
        item: Optional[Item] = None
        month: Optional[int] = None
        for b in lines:
            theme = outline.month_theme(b.text)
            mark = outline.marker(b.text)
            if theme:
                month, rest, keyword_form = theme
                if keyword_form:
                    keyword = rest.strip("“”\"' ")
                    section.themes[month] = {"month": month, "keyword": keyword, "purpose": "", "line": b.no}
                    item = None
                    continue
                keyword = re.search(r"围绕(?:“([^”]{1,12})”|([^，。开]{1,12}))", rest)
                section.themes[month] = {"month": month, "keyword": (keyword.group(1) or keyword.group(2)) if keyword
                                         else rest[:6], "purpose": outline.lead(rest)[0], "line": b.no,
                                         "guessed": True}
                if level is None:  # the month's sentence is itself the activity
                    item = Item(b, f"{month}月", rest, month=month)
                    section.items.append(item)
                    continue
                item = None
                continue
            aside = mark[2] if mark and _is_aside(mark[2]) else (b.text if _is_aside(b.text) else None)
            if aside is not None:
                purpose = re.match(r"^(?:\d{1,2}\s*[.、．]?\s*)?主旨\s*[:：]\s*(.+)$", aside)
                if purpose and month in section.themes:
                    section.themes[month]["purpose"] = purpose.group(1).strip()
                item = None if re.match(r"^(活动内容|主要内容|具体内容)", aside) else item
                continue
            if mark and mark[0] == level:
                item = Item(b, mark[1], mark[2], month=month)
                section.items.append(item)
            elif outline.unit_label(b.text):
                _add_roles(item.roles if item else section.roles, b.text, b.no)
            elif item is not None:
                item.body.append(b)
            else:
                section.intro.append(b.text)
        for theme in section.themes.values():
            if not theme["purpose"]:
                theme["purpose"] = theme["keyword"]
                theme["no_purpose"] = True

    def _other_part(self, title: str, inline: str, body: list[Line]) -> str:
        text = self._prose(body, inline)
        return f"## {title}\n\n{text}" if text else f"## {title}"

    def _fallback(self, lines: list[Line], used: set[int], intro: list[Line], preamble: list[Line]) -> list[SectionPart]:
        """A plan without numbered activities: each paragraph that asks for something to be done.
        Lines already in the draft (requirements, time, the preamble) are not taken again; the
        paragraphs neither taken nor elsewhere in the draft are listed for review."""
        section = SectionPart("主要活动", lines[0].no if lines else 1, numbered=False)
        skipped = used | {line.no for line in preamble}  # the preamble (为…，特制定本方案) stays
        in_intro = {line.no for line in intro}
        dropped = []
        for b in lines:
            if b.no in skipped:
                continue
            if outline.unit_label(b.text) and section.items:
                _add_roles(section.items[-1].roles, b.text, b.no)
            elif re.search(r"开展|组织|举办|活动", b.text) and len(b.text) >= 12 and not b.text.endswith("：") \
                    and not outline.marker(b.text):
                section.items.append(Item(b, "", b.text))
            elif b.no not in in_intro and not ((m := outline.marker(b.text)) and m[0] == 1):
                dropped.append(b)
        for b in dropped:
            self.note("activities", b.no, f"这一段没有导入（不像一项活动，也不在简介或工作要求中）：“{b.text[:40]}"
                                          f"{'…' if len(b.text) > 40 else ''}”。如果它是活动，请补进 activities。")
        if not section.items:
            first = Line(lines[0].no if lines else 1, "（待填写：活动标题）")
            section.items.append(Item(first, "", first.text))
        self.note("sections", section.line, "原文没有可识别的编号（一、（一）1.（1））：按段落拆成了活动，请核对每一项是否真是一项活动，"
                                             "合并或删去多余的项。")
        return [section]

    # --- output -----------------------------------------------------------------------------

    def _head(self, facts: Facts, start, end, note, venue) -> dict:
        head = {"title": facts.title, "short_title": short_title(facts.title), COMMENT: "简称由标题生成，请改成菜单里好读的说法"}
        head["kind"] = facts.kind
        head["issuer"] = facts.issuer
        if facts.doc_number:
            head["doc_number"] = facts.doc_number
        if facts.issued:
            head["issued"] = facts.issued.isoformat()
        if facts.addressees:
            head["addressees"] = facts.addressees
        if facts.slogan:
            head["slogan"] = facts.slogan
        head["period"] = {"start": start.isoformat(), "end": end.isoformat(), **({"note": note} if note else {}),
                          COMMENT: "方案周期是推定的，请核对"}
        if venue:
            head["venue"] = venue
        return head

    def _category(self, title: str, section: SectionPart) -> tuple[str, bool]:
        by_id = {c["id"]: c for c in self.categories}
        for category in self.categories:
            if category.get("name") and category["name"] in title:
                return category["id"], True
        if "常态" in title:
            standing = next((c["id"] for c in self.categories if c.get("standing")), None)
            if standing:
                return standing, True
        if section.themes or "月" in title and "主题" in title:
            monthly = next((c["id"] for c in self.categories if "月" in c.get("name", "")), None)
            if monthly:
                return monthly, True
        if re.search(r"任务|机制|体系|制度|参与|氛围|保障|建设|健全|完善", title):
            internal = next((c["id"] for c in self.categories if c.get("audience") == "internal"), None)
            if internal:
                return internal, True
        fallback = "themed" if "themed" in by_id else self.categories[0]["id"]
        return fallback, False

    def _activities(self, sections: list[SectionPart], campaign_roles, start, end):
        section_data, activities, themes = [], [], []
        section_ids: set[str] = set()
        activity_ids: set[str] = set()
        guessed = [self._category(s.title, s) for s in sections]
        counts = {}
        for category, _ in guessed:
            counts[category] = counts.get(category, 0) + 1
        for section, (category, sure) in zip(sections, guessed):
            sid = category if counts[category] == 1 and sure and category not in section_ids else _slug(section.title, "section")
            sid = _unique(sid, section_ids)
            entry = {"id": sid, "title": plain_punctuation(section.title) or "（待填写：板块标题）", "category": category}
            if not section.title:
                self.note(f"sections：{sid}", section.line, "原文这个部分只有编号、没有标题：请填写板块标题。")
            if not sure:
                entry[COMMENT] = self.note(f"sections：{sid}", section.line,
                                           f"板块“{section.title}”的分类（category）无法从标题判断，暂定为 {category}：请核对。")
            if section.intro:
                entry["intro"] = "\n\n".join(plain_punctuation(t) for t in section.intro) + "\n"
            section_data.append(entry)
            for month, theme in sorted(section.themes.items()):
                entry_theme = {"month": month, "keyword": theme["keyword"], "purpose": plain_punctuation(theme["purpose"])}
                festivals = patterns.festivals_in(theme["purpose"])
                if festivals:
                    entry_theme["festivals"] = festivals
                if theme.get("guessed") or theme.get("no_purpose"):
                    entry_theme[COMMENT] = self.note(f"months：{month} 月", theme["line"],
                                                     f"{month} 月的主题词和主旨是从原文推定的：请核对。")
                themes.append(entry_theme)
            for item in section.items:
                activities.append(self._activity(item, sid, section, campaign_roles, activity_ids, start, end))
        return section_data, activities, themes

    def _activity(self, item: Item, sid: str, section: SectionPart, campaign_roles, ids: set, start, end) -> dict:
        text_lines = [item.rest] + [b.text for b in item.body] if item.rest else [b.text for b in item.body]
        first, rest_lines = (text_lines[0], text_lines[1:]) if text_lines else ("", [])
        title, rest = outline.lead(first)
        if not rest and not re.search(r"[。！？]$", first) and rest_lines:
            title, rest = first.rstrip("：:；;"), ""
        paragraphs = ([rest] if rest else []) + rest_lines
        roles = dict(item.roles)
        if paragraphs:
            last, found = bracket_at_end(paragraphs[-1])
            if found:
                paragraphs[-1] = last
                for role, value in found.items():
                    roles[role] = (value, item.line.no)
        if not title:
            title = "（待填写：活动名称）"
        long_title = len(title) > 60
        if long_title:  # the whole sentence opens the body; the title is its first clause
            paragraphs.insert(0, title + "。" + (paragraphs.pop(0) if paragraphs else ""))
            title = title[:title.find("，")] if 0 < title.find("，") <= 60 else title[:60]
        body = "\n\n".join(plain_punctuation(p) for p in paragraphs if p)
        aid = _unique(_slug(_core(title), "activity"), ids)
        entry: dict = {"id": aid}
        if item.number:
            entry["number"] = item.number
        entry["section"] = sid
        if item.month:
            entry["month"] = item.month
        entry["title"] = plain_punctuation(title)
        if body:
            entry["body"] = body + "\n"
        notes = []
        if long_title:
            notes.append(self.note(f"activities：{aid}", item.line.no, "原文这一项没有句号断开的短标题，活动名称是截取的：请核对。"))
        when, written = patterns.when_of(title, body, start.year, start, end)
        if when:
            entry["when"] = when
            notes.append(self.note(f"activities：{aid}.when", item.line.no,
                                   f"时间按原文“{written}”推定为 {', '.join(f'{k}: {v}' for k, v in when.items())}：请核对。"))
        festivals = patterns.festivals_in(title + "。" + re.split(r"[。；]", body, maxsplit=1)[0])
        if festivals:
            entry["festivals"] = festivals
        if "hosts" in roles and "leads" not in roles:
            roles["leads"] = roles.pop("hosts")
        elif "hosts" in roles:
            roles["responsible"] = (roles["hosts"][0] + "、" + roles.get("responsible", ("", 0))[0], roles["hosts"][1])
            del roles["hosts"]
        if not roles:
            inherited = {r: v for r, v in section.roles.items() if r != "hosts"}
            origin = "所在板块"
            if not inherited:
                inherited = {r: v for r, v in campaign_roles.items() if r != "hosts"}
                origin = "方案"
            if inherited:
                roles = inherited
                notes.append(self.note(f"activities：{aid}.leads/responsible", item.line.no,
                                       f"原文这一项没有写牵头、责任单位，暂用{origin}的单位：请核对。"))
        for role in ("leads", "responsible"):
            if role in roles:
                names = self.unit_list(roles[role][0], roles[role][1], f"activities：{aid}.{role}")
                if names:
                    entry[role] = names
        if notes:
            entry[COMMENT] = "；".join(n.rstrip("。：请核对") for n in notes)[:200] + "。"
        return entry

    def _line_of(self, sentence: str) -> Optional[int]:
        """The source line a sentence comes from (its opening words, as the normalised lines hold them)."""
        opening = re.sub(r"\*\*", "", sentence)[:12]
        return next((line.no for line in self.lines if opening and opening in line.text), None)

    def _known_units(self, text: str) -> list[str]:
        """Registered units in a text such as 社会志愿服务工作指挥部（团市委）: a name and its bracket."""
        names = []
        for name in split_units(text, self.units.known) if text else []:
            parts = [name] if name in self.units.names else list(re.fullmatch(
                r"(.+?)[（(](.+)[）)]", name).groups()) if re.fullmatch(r"(.+?)[（(](.+)[）)]", name) else []
            names += [p for p in parts if p in self.units.names]
        self.referenced.update(self.units.names[n] for n in names)
        return names

    def _findings(self, texts, start, end) -> dict:
        out: dict = {"targets": [], "deadlines": [], "contacts": []}
        seen_targets, target_ids, deadline_ids = set(), set(), set()
        contacts = {}
        for activity_id, text in texts:
            for paragraph in text.split("\n"):
                for sentence in re.split(r"(?<=[。；;！？])", paragraph):
                    sentence = sentence.strip().replace("**", "")
                    if not sentence:
                        continue
                    for target in patterns.targets_in(sentence):
                        key = (target.value, target.unit, target.label)
                        if key in seen_targets:
                            continue
                        seen_targets.add(key)
                        tid = _unique(f"target-{len(target_ids) + 1}", target_ids)
                        entry = {"id": tid, "label": target.label, "value": target.value, "unit": target.unit}
                        if target.comparison != "at_least":
                            entry["comparison"] = target.comparison
                        if activity_id:
                            entry["activity"] = activity_id
                        entry["quote"] = target.quote
                        entry[COMMENT] = self.note(f"targets：{tid}", self._line_of(sentence), f"指标按原文“{target.label}”推定"
                                                   f"（{target.value:g}{target.unit}）：请核对名称和比较方式，不是指标的请删去。")
                        out["targets"].append(entry)
                    for deadline in patterns.deadlines_in(sentence, start.year):
                        did = _unique(f"report-{len(deadline_ids) + 1}", deadline_ids)
                        entry = {"id": did, "title": deadline.title, "when": deadline.when}
                        if deadline.time:
                            entry["time"] = deadline.time
                        names = self._known_units(deadline.submit_to)
                        if names:
                            entry["submit_to"] = names
                        if deadline.submitters:
                            entry["submitters"] = deadline.submitters
                        if deadline.channel:
                            entry["channel"] = deadline.channel
                        entry["description"] = sentence
                        entry[COMMENT] = self.note(f"deadlines：{did}", self._line_of(sentence), f"报送节点按原文“{deadline.when['note']}”推定"
                                                   + ("" if names else "，接收单位没有找到") + "：请核对。")
                        out["deadlines"].append(entry)
                for found in patterns.contacts_in(paragraph):
                    if found.name in contacts:
                        continue
                    entry = {"name": found.name, "role": "联系人"}
                    if found.phone:
                        entry["phone"] = found.phone
                    if found.email:
                        entry["email"] = found.email
                    if found.mobile_left_out:
                        entry[COMMENT] = self.note(f"contacts：{found.name}", self._line_of(paragraph),
                                                   f"{found.name}的手机号码没有导入：个人手机号码须本人同意才能公开，"
                                                   "同意后写 phone 并加 public: [phone]。")
                    contacts[found.name] = entry
        out["contacts"] = list(contacts.values())
        return {k: v for k, v in out.items() if v}


def _core(title: str) -> str:
    core = re.sub(r"^(广泛|深入|积极|大力|认真|全面)?(开展|组织|举办|推进|推动)", "", title)
    core = re.sub(r"(志愿服务活动|志愿服务|主题活动|活动)$", "", core)
    core = re.sub(r"[“”《》「」（）()、，,。·\s]", "", core)
    return core[:6] or title[:6]


def _slug(text: str, fallback: str) -> str:
    slug = pinyin_slug(text)
    return slug[:40].strip("-") if slug and slug != "story" else fallback


def _unique(base: str, taken: set) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
