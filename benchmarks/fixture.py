"""A province-sized portal project for benchmarks: deterministic, schema-valid, realistic Chinese.

    .venv/bin/python benchmarks/fixture.py --pages N --out DIR [--no-check]

Modelled on a province (云南省): about one city or county per 370 pages.  Each has a region
file with 12 units (市文明办, 团市委, 市民政局 …), two yearly campaigns (2024, 2025) with 40
activities each (a theme for every month; activities dated, on festivals, on several days,
over a range, a whole month or year, weekly and monthly rules; leads and responsible units from
the region), about 100 stations inside the city's bounding box (kinds, districts, the
standards of the repo's campaigns.yaml, hours, landline phones), 10 exemplar stories with
photos (small JPEGs drawn with Pillow, ≈ 20 KB) and 10 news posts.  Every sentence of body
text is taken from the five real plans in content/attachments/; titles, service types, target
groups, venues and monthly themes from the repo's campaigns.

The project gets the repo's mkdocs.yml and theme/ (copied) and generator/ (symlinked), as the
tests' make_project does, and campaigns.yaml with the repo's settings, categories and
standards.  The number of stations is set so the plan has close to N pages; the script runs
`portal check` (in process) and prints the plan's page count, unless --no-check.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2025, 3, 1)  # the 2025 campaigns are running; 3·5 is four days away
YEARS = (2024, 2025)
PAGES_PER_CITY = 370
ACTIVITIES = 40
UNITS = 12
STORIES = 10  # exemplars per city; as many news posts
# Pages of the whole site (home, lists, 24 calendar months …) and of one city without its
# stations: per campaign its page, 12 months, 40 activities and 13 posters; 12 unit pages,
# 10 exemplars and 10 news.  Each station has its page and its poster.  Checked by main().
SITE_PAGES = 39
CITY_PAGES = len(YEARS) * (1 + 12 + ACTIVITIES + 1 + 12) + UNITS + 2 * STORIES
PAGES_PER_STATION = 2

# (slug, name, prefecture it belongs to, lat, lon, area code).  Cities first, then counties.
PLACES = [
    ("kunming", "昆明市", "", 25.04, 102.71, "0871"), ("qujing", "曲靖市", "", 25.49, 103.80, "0874"),
    ("yuxi", "玉溪市", "", 24.35, 102.54, "0877"), ("baoshan", "保山市", "", 25.11, 99.16, "0875"),
    ("zhaotong", "昭通市", "", 27.34, 103.72, "0870"), ("lijiang", "丽江市", "", 26.86, 100.23, "0888"),
    ("puer", "普洱市", "", 22.78, 100.97, "0879"), ("lincang", "临沧市", "", 23.88, 100.09, "0883"),
    ("chuxiong", "楚雄市", "楚雄彝族自治州", 25.04, 101.55, "0878"),
    ("mengzi", "蒙自市", "红河哈尼族彝族自治州", 23.36, 103.38, "0873"),
    ("wenshan", "文山市", "文山壮族苗族自治州", 23.37, 104.24, "0876"),
    ("jinghong", "景洪市", "西双版纳傣族自治州", 22.01, 100.80, "0691"),
    ("dali", "大理市", "大理白族自治州", 25.61, 100.27, "0872"),
    ("mangshi", "芒市", "德宏傣族景颇族自治州", 24.43, 98.58, "0692"),
    ("lushui", "泸水市", "怒江傈僳族自治州", 25.85, 98.85, "0886"),
    ("xianggelila", "香格里拉市", "迪庆藏族自治州", 27.83, 99.70, "0887"),
    ("anning", "安宁市", "昆明市", 24.92, 102.48, "0871"), ("xuanwei", "宣威市", "曲靖市", 26.22, 104.10, "0874"),
    ("tengchong", "腾冲市", "保山市", 25.02, 98.49, "0875"), ("shuifu", "水富市", "昭通市", 28.63, 104.42, "0870"),
    ("chengjiang", "澄江市", "玉溪市", 24.67, 102.91, "0877"), ("lufeng", "禄丰市", "楚雄彝族自治州", 25.15, 102.08, "0878"),
    ("gejiu", "个旧市", "红河哈尼族彝族自治州", 23.36, 103.15, "0873"),
    ("kaiyuan", "开远市", "红河哈尼族彝族自治州", 23.71, 103.27, "0873"),
    ("mile", "弥勒市", "红河哈尼族彝族自治州", 24.41, 103.41, "0873"),
    ("ruili", "瑞丽市", "德宏傣族景颇族自治州", 24.01, 97.85, "0692"),
    ("yiliang", "宜良县", "昆明市", 24.92, 103.14, "0871"), ("shilin", "石林彝族自治县", "昆明市", 24.77, 103.29, "0871"),
    ("songming", "嵩明县", "昆明市", 25.34, 103.04, "0871"), ("luliang", "陆良县", "曲靖市", 25.03, 103.67, "0874"),
    ("luoping", "罗平县", "曲靖市", 24.88, 104.31, "0874"), ("tonghai", "通海县", "玉溪市", 24.11, 102.76, "0877"),
    ("shidian", "施甸县", "保山市", 24.72, 99.19, "0875"), ("yongsheng", "永胜县", "丽江市", 26.68, 100.75, "0888"),
    ("binchuan", "宾川县", "大理白族自治州", 25.83, 100.58, "0872"),
    ("xiangyun", "祥云县", "大理白族自治州", 25.48, 100.55, "0872"),
    ("jianshui", "建水县", "红河哈尼族彝族自治州", 23.63, 102.83, "0873"),
    ("yanshan", "砚山县", "文山壮族苗族自治州", 23.61, 104.34, "0876"),
    ("menghai", "勐海县", "西双版纳傣族自治州", 21.96, 100.45, "0691"),
]
DISTRICTS = ["城区", "东城区", "西城区", "南城区", "北城区", "高新区", "经济开发区", "新城区"]
STREETS = ["人民", "建设", "解放", "新华", "文化", "和平", "胜利", "团结", "光明", "青年", "北京", "环城",
           "东风", "民族", "金碧", "翠湖", "滨江", "花园", "春城", "龙泉", "白塔", "彩云", "月湖", "金马"]
PLACES_OF_KIND = {
    "社区": ["{street}社区"], "公共文化设施": ["{city}图书馆{district}分馆", "{district}文化馆", "{street}路文化活动中心"],
    "景区景点": ["{street}湖公园", "{street}山景区", "{district}古城"], "窗口单位": ["{district}政务服务中心", "{street}路火车站",
                                                                   "{district}人民医院", "{street}路汽车客运站"],
    "广场": ["{street}广场", "{district}市民广场"], "驿站": ["{street}路志愿服务驿站", "{street}公园驿站"],
}
KIND_WEIGHTS = {"社区": 50, "公共文化设施": 15, "景区景点": 8, "窗口单位": 12, "广场": 8, "驿站": 7}
HOURS = ["周一至周五 09:00-17:00", "每周六 09:00-11:30", "周二至周日 09:00-17:00（周一闭馆）", "每天 08:30-18:00",
         "周一至周五 08:30-12:00、14:30-17:30", None]
SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程"
GIVEN = "晓雷明红丽华建国志强芳敏静磊洋勇军杰娟涛超霞平刚桂英秀兰云海燕春梅"
EXEMPLAR_KINDS = ["最美志愿者", "最佳志愿服务组织", "最佳志愿服务项目", "最美志愿服务社区"]
FIXED_FESTIVALS = [("元旦", 1, 1), ("学雷锋纪念日", 3, 5), ("植树节", 3, 12), ("劳动节", 5, 1), ("青年节", 5, 4),
                   ("儿童节", 6, 1), ("建党节", 7, 1), ("建军节", 8, 1), ("世界无车日", 9, 22), ("国庆节", 10, 1),
                   ("国际志愿者日", 12, 5)]
SECTIONS = [("standing", "常态化志愿服务活动", "standing"), ("monthly", "月度主题志愿服务活动", "monthly"),
            ("care-others", "关爱他人志愿服务", "care-others"), ("care-society", "关爱社会志愿服务", "care-society"),
            ("care-nature", "关爱自然志愿服务", "care-nature")]


# --- what the real plans say --------------------------------------------------------------------


HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")
PAIRS = ("（）", "()", "“”", "《》", "〈〉")


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in PAIRS)


def sentences() -> list[str]:
    """Sentences of the five real plans (content/attachments/*.txt), as plain text: no Markdown
    marks, no long numbers (nothing a personal-data check could take for a phone or ID)."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "content" / "attachments").glob("*.txt")))
    # A scan breaks lines inside sentences: join the lines of a paragraph, keep headings, lists and tables apart.
    paragraphs, current = [], []
    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith(("#", "---", "|", "- ", "+ ")):
            paragraphs.append("".join(current))
            current = []
        else:
            current.append(line)
    found = []
    for paragraph in paragraphs:
        for part in re.split(r"(?<=[。；！？])", paragraph):
            part = part.strip().rstrip("；。！？").strip()
            if (12 <= len(part) <= 90 and not HEADING.match(part) and "：" not in part and part[-1] not in "，、（"
                    and len(re.findall(r"[\u4e00-\u9fff]", part)) >= 8 and _balanced(part)
                    and not re.search(r"[<>*_#`\[\]|\\{}$@]|\d{5}|http", part)):
                found.append(part + "。")
    return sorted(set(found))


@dataclass
class Pools:
    sentences: list[str]
    titles: list[str]
    service_types: list[str]
    target_groups: list[str]
    venues: list[str]
    months: list[dict]  # the monthly themes of a real plan
    standards: list[dict]


def pools() -> Pools:
    titles, services, groups, venues, months = set(), set(), set(), set(), []
    for path in sorted((REPO / "content" / "campaigns").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for activity in data["activities"]:
            if len(activity["title"]) <= 40:
                titles.add(activity["title"])
            services.update(s for s in activity.get("service_types", []) if len(s) <= 16)
            groups.update(g for g in activity.get("target_groups", []) if len(g) <= 16)
            venues.update(v for v in activity.get("venues", []) if len(v) <= 20)
        if len(data.get("months", [])) == 12:
            months = data["months"]
    site = yaml.safe_load((REPO / "campaigns.yaml").read_text(encoding="utf-8"))
    return Pools(sentences(), sorted(titles), sorted(services), sorted(groups), sorted(venues), months,
                 site["standards"])


# --- writing YAML as an editor would --------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)
Dumper = getattr(yaml, "CSafeDumper", None)
if Dumper is not None:  # libyaml: the same output, faster
    class _CDumper(yaml.CSafeDumper):
        pass
    _CDumper.add_representer(str, _str)
    Dumper = _CDumper
else:
    Dumper = _Dumper


def dump(data) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)


def photo_jpeg(seed: int, width: int = 640, height: int = 427) -> bytes:
    """A small deterministic JPEG (≈ 20 KB): a sky-to-ground gradient and coloured shapes."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(60, 220) for _ in range(3))
    bottom = tuple(rng.randrange(20, 160) for _ in range(3))
    image = Image.composite(Image.new("RGB", (width, height), top), Image.new("RGB", (width, height), bottom),
                            Image.linear_gradient("L").resize((width, height)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(4, 60)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - r, y - r // 2, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


# --- one city ------------------------------------------------------------------------------------


@dataclass
class Place:
    slug: str
    name: str
    prefecture: str
    lat: float
    lon: float
    area_code: str

    @property
    def level(self) -> str:  # 市 or 县: 市文明办 / 县文明办, 团市委 / 团县委
        return "县" if self.name.endswith("县") else "市"


def places(count: int) -> list[Place]:
    found = []
    for index in range(count):
        slug, name, prefecture, lat, lon, code = PLACES[index % len(PLACES)]
        round_ = index // len(PLACES)
        if round_:  # more places than the list: the same names again, as new regions
            slug, lat, lon = f"{slug}-{round_ + 1}", lat + 0.3 * round_, lon + 0.3 * round_
        found.append(Place(slug, name, prefecture, lat, lon, code))
    return found


class City:
    def __init__(self, place: Place, stations: int, pools: Pools, rng: random.Random):
        self.place, self.pools, self.rng = place, pools, rng
        self.station_count = stations
        self.short = [s for s in pools.sentences if len(s) <= 40]  # captions
        self.districts = rng.sample(DISTRICTS, 4)
        self.units = self._units()
        self.stations: list[tuple[str, dict]] = []
        self.campaigns: list[tuple[str, dict]] = []
        self.stories: list[tuple[str, str]] = []  # (relative path, text)
        self.photos: list[tuple[str, int]] = []  # (file name, seed)

    def text(self, low: int, high: int) -> str:
        return "".join(self.rng.sample(self.pools.sentences, self.rng.randint(low, high)))

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(self.text(2, 4) for _ in range(count)) + "\n"

    def _units(self) -> list[dict]:
        p, lv = self.place, self.place.level
        short = p.name.removesuffix("市") if p.name.endswith("市") and len(p.name) > 2 else p.name
        units = [
            {"id": "wenmingban", "name": f"{lv}文明办", "full_name": f"{p.name}精神文明建设指导委员会办公室",
             "aliases": [f"{short}文明办"]},
            {"id": "tuanwei", "name": f"团{lv}委", "full_name": f"共青团{p.name}委员会"},
            {"id": "minzhengju", "name": f"{lv}民政局", "full_name": f"{p.name}民政局"},
            {"id": "jiaoyuju", "name": f"{lv}教育体育局", "full_name": f"{p.name}教育体育局"},
            {"id": "wenlvju", "name": f"{lv}文化和旅游局", "full_name": f"{p.name}文化和旅游局"},
            {"id": "weijianju", "name": f"{lv}卫生健康局", "full_name": f"{p.name}卫生健康局"},
            {"id": "shengtai-huanjing", "name": f"{lv}生态环境局"},
            {"id": "jiaojing", "name": f"{lv}公安局交警{'大队' if lv == '县' else '支队'}"},
            {"id": "fulian", "name": f"{lv}妇联", "full_name": f"{p.name}妇女联合会"},
            {"id": "canlian", "name": f"{lv}残联", "full_name": f"{p.name}残疾人联合会"},
            {"id": "gedi", "name": "各乡镇（街道）" if lv == "县" else "各县（市、区）", "collective": True,
             "description": self.text(1, 2)},
            {"id": "zeren-danwei", "name": f"各{lv}级责任单位", "aliases": [f"{lv}级责任单位"], "collective": True},
        ]
        for unit in units[:10]:
            if self.rng.random() < 0.3:
                unit["description"] = self.text(1, 2)
        return units

    def region(self) -> dict:
        p = self.place
        data = {"name": p.name, "province": "云南省", "city": p.prefecture or p.name}
        if p.prefecture and p.level == "县":
            data["district"] = p.name
        data["units"] = self.units
        return data

    # -- stations --------------------------------------------------------------------------------

    def make_stations(self) -> None:
        rng, p = self.rng, self.place
        kinds = list(KIND_WEIGHTS)
        seen = set()
        standards = {s["id"]: s for s in self.pools.standards}
        for index in range(self.station_count):
            kind = rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
            district = rng.choice(self.districts)
            for attempt in range(50):
                place = rng.choice(PLACES_OF_KIND[kind]).format(street=rng.choice(STREETS), district=district,
                                                                city=p.name)
                name = f"{place}学雷锋志愿服务站" if kind != "驿站" else place
                if attempt > 20:
                    name = f"{place}第{attempt - 19}学雷锋志愿服务站"
                if (district, name) not in seen:
                    break
            seen.add((district, name))
            fitting = [s for s in standards.values() if kind in s.get("applies_to", [])] or list(standards.values())
            standard = rng.choice(fitting)
            items = [item["name"] for item in standard["items"]]
            data = {
                "name": name, "kind": kind, "region": p.slug, "district": district,
                "address": f"云南省{p.prefecture if p.level == '县' else ''}{p.name}{district}{rng.choice(STREETS)}路"
                           f"{rng.randint(1, 399)}号",
                "location": {"lat": round(p.lat + rng.uniform(-0.15, 0.15), 5),
                             "lon": round(p.lon + rng.uniform(-0.15, 0.15), 5)},
                "standard": standard["id"],
                "meets": [i for i in items if rng.random() < 0.7] or items[:1],
                "services": rng.sample(self.pools.service_types, rng.randint(1, 4)),
            }
            hours = rng.choice(HOURS)
            if hours:
                data["hours"] = hours
            if rng.random() < 0.7:  # a landline: 0871-6xxxxxxx, never a mobile
                digits = 7 if p.area_code == "0871" else 6
                data["contact"] = {"phone": f"{p.area_code}-6{rng.randrange(10 ** digits):0{digits}d}"}
            if rng.random() < 0.5:
                data["operator"] = rng.choice(self.units[:10])["name"]
            data["campaigns"] = [f"{p.slug}-{y}" for y in YEARS] if rng.random() < 0.7 else [f"{p.slug}-{YEARS[-1]}"]
            data["description"] = self.paragraphs(rng.randint(1, 2))
            self.stations.append((f"{p.slug}-{index + 1:03d}", data))

    # -- campaigns -------------------------------------------------------------------------------

    def make_campaigns(self) -> None:
        for year in YEARS:
            self.campaigns.append((f"{self.place.slug}-{year}", self._campaign(year)))

    def _campaign(self, year: int) -> dict:
        rng, p, lv = self.rng, self.place, self.place.level
        unit = {u["id"]: u["name"] for u in self.units}
        collectives = [unit["gedi"], unit["zeren-danwei"]]
        requirements = "\n\n".join(f"**（{n}）{head}。**{self.text(2, 3)}"
                                   for n, head in zip("一二三四", ["加强组织领导", "明确目标责任", "强化督导检查", "做好宣传总结"]))
        data = {
            "title": f"{p.name}{year}年学雷锋志愿服务系列活动方案",
            "short_title": f"{p.name}{year}年学雷锋志愿服务",
            "region": p.slug, "kind": "活动方案",
            "issuer": f"{p.name}精神文明建设指导委员会办公室",
            "doc_number": f"{p.name[:2]}文明办发〔{year}〕{rng.randint(1, 30)}号",
            "issued": date(year, 1, rng.randint(5, 25)),
            "slogan": rng.choice(["我的城市我的家 文明城市靠大家", "弘扬雷锋精神 争做时代新人", "志愿服务 你我同行"]),
            "period": {"start": date(year, 1, 1), "end": date(year, 12, 31), "note": f"{year}年1月-12月"},
            "venue": f"{p.name}各{'乡镇（街道）' if lv == '县' else '县（市、区）'}",
            "hosts": [unit["wenmingban"]],
            "leads": [unit["wenmingban"], unit["tuanwei"], unit["minzhengju"]],
            "responsible": collectives,
            "introduction": self.paragraphs(1),
            "requirements": requirements + "\n",
            "sections": [{"id": i, "title": t, "category": c} for i, t, c in SECTIONS],
            "months": [{k: m[k] for k in ("month", "keyword", "purpose", "festivals") if m.get(k)}
                       for m in self.pools.months],
            "activities": self._activities(year, unit, collectives),
            "deadlines": [
                {"id": "monthly-report", "title": "报送月度志愿服务工作开展情况",
                 "when": {"rrule": "FREQ=MONTHLY;BYMONTHDAY=23", "start": date(year, 1, 23)}, "time": "16:00",
                 "submit_to": [unit["wenmingban"]], "submitters": "各单位"},
                {"id": "plan-report", "title": "报送细化方案和活动计划清单", "when": {"date": date(year, 4, 27)},
                 "submit_to": [unit["wenmingban"], unit["tuanwei"]], "channel": "公文交换系统"},
            ],
            "contacts": [{"name": "志愿服务科", "unit": unit["wenmingban"],
                          "phone": f"{p.area_code}-6{rng.randrange(10 ** 6):06d}"}],
        }
        return data

    def _activities(self, year: int, unit: dict, collectives: list[str]) -> list[dict]:
        rng = self.rng
        titles = rng.sample(self.pools.titles, ACTIVITIES)
        themes = {m["month"]: m for m in self.pools.months}
        festivals = rng.sample(FIXED_FESTIVALS, 8)
        named = [u["name"] for u in self.units[:10]]
        station_ids = [sid for sid, _ in self.stations]
        first_saturday = date(year, 1, 1) + timedelta(days=(5 - date(year, 1, 1).weekday()) % 7)
        activities = []

        def add(section: str, title: str, when: dict | None = None, **extra) -> None:
            number = sum(1 for a in activities if a["section"] == section) + 1
            body = f"{title}。{self.text(2, 5)}"
            if rng.random() < 0.2:
                body += "\n\n" + "\n".join(f"- {s}" for s in rng.sample(self.pools.service_types, 3))
            if rng.random() < 0.3:
                body += "\n\n" + self.text(2, 3)
            activity = {"id": f"a{len(activities) + 1:02d}", "number": str(number) if section == "standing"
                        else f"（{number}）", "section": section, **({"month": extra.pop("month")} if "month" in extra else {}),
                        "title": title, "body": body + "\n"}
            if when:
                activity["when"] = when
            activity.update(extra)
            activity["service_types"] = rng.sample(self.pools.service_types, rng.randint(1, 4))
            if rng.random() < 0.4:
                activity["target_groups"] = rng.sample(self.pools.target_groups, rng.randint(1, 3))
            activity["leads"] = rng.sample(named, rng.randint(1, 3))
            activity["responsible"] = collectives[:rng.randint(1, 2)]
            if rng.random() < 0.4:
                activity["venues"] = rng.sample(self.pools.venues, rng.randint(1, 2))
            if station_ids and rng.random() < 0.3:
                activity["stations"] = rng.sample(station_ids, min(len(station_ids), rng.randint(1, 3)))
            if rng.random() < 0.15:
                people = rng.choice([100, 200, 300, 500, 1000])
                activity["scale"] = {"text": f"{people}余人", "people": people}
            activities.append(activity)

        title = iter(titles)
        # standing: weekly rules (every Saturday, Sunday), the whole year, a monthly rule
        for byday in ("SA", "SU", "SA", "WE"):
            start = first_saturday + timedelta(days={"SA": 0, "SU": 1, "WE": 4}[byday])
            add("standing", next(title), {"rrule": f"FREQ=WEEKLY;BYDAY={byday}", "start": start,
                                          "time": "09:00-11:30", "note": "志愿服务日"})
        add("standing", next(title))
        add("standing", next(title))
        add("standing", next(title), {"rrule": "FREQ=MONTHLY;BYMONTHDAY=5", "start": date(year, 1, 5)})
        # monthly: one per theme (its month), then festivals on their day
        for month in range(1, 13):
            add("monthly", next(title), month=month)
        for name, month, day in festivals:
            add("monthly", f"开展“我们的节日·{name}”志愿服务活动", {"date": date(year, month, day)},
                month=month, festivals=[name])
            next(title)
        # care: several days, ranges, a whole month, the whole year, a rule with an end
        for _ in range(3):
            months = sorted(rng.sample(range(1, 13), 3))
            add("care-others", next(title), {"dates": [date(year, m, rng.randint(1, 28)) for m in months]})
        for index in range(6):
            start = date(year, rng.randint(1, 11), rng.randint(1, 28))
            add("care-society" if index % 2 else "care-nature", next(title),
                {"start": start, "end": min(start + timedelta(days=rng.randint(2, 40)), date(year, 12, 31))})
        for _ in range(2):
            add("care-nature", next(title), {"month": f"{year}-{rng.randint(1, 12):02d}"})
        add("care-others", next(title), {"year": year})
        add("care-others", next(title), {"rrule": "FREQ=WEEKLY;BYDAY=SU", "start": first_saturday + timedelta(days=1),
                                         "until": date(year, 6, 30), "exdates": [date(year, 5, 4)]
                                         if date(year, 5, 4).weekday() == 6 else []})
        for activity in activities:  # no empty exdates
            if activity.get("when", {}).get("exdates") == []:
                del activity["when"]["exdates"]
        assert len(activities) == ACTIVITIES and all(m in themes for m in range(1, 13))
        return activities

    # -- stories ---------------------------------------------------------------------------------

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.randint(1, 2)))

    def make_stories(self, photo_seed: int) -> int:
        rng, p = self.rng, self.place
        latest = TODAY - timedelta(days=1)
        for index in range(STORIES):
            campaign_id, campaign = self.campaigns[index % len(self.campaigns)]
            year = campaign["period"]["start"].year
            day = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), latest)
            activities = rng.sample(campaign["activities"], 2)
            kind = EXEMPLAR_KINDS[index % len(EXEMPLAR_KINDS)]
            district = rng.choice(self.districts)
            street = rng.choice(STREETS)
            name = {"最美志愿者": self.person(), "最佳志愿服务组织": f"{district}{street}社区志愿服务队",
                    "最佳志愿服务项目": f"“{street}邻里”志愿服务项目", "最美志愿服务社区": f"{district}{street}社区"}[kind]
            photos = []
            for number in range(rng.randint(1, 2)):
                file = f"{p.slug}-exemplar-{index + 1:02d}-{number + 1}.jpg"
                self.photos.append((file, photo_seed))
                photo_seed += 1
                photos.append({"src": file, "alt": f"{name}在“{activities[0]['title']}”现场开展志愿服务",
                               "credit": f"{p.name}文明办", "caption": rng.choice(self.short)})
            front = {"kind": kind, "name": name, "title": f"{name}：{activities[0]['title']}",
                     "organisation": f"{district}{street}社区志愿服务队", "year": year, "region": p.slug,
                     "campaign": campaign_id, "date": day, "author": f"{p.name}文明办",
                     "summary": rng.choice(self.pools.sentences),
                     "activities": [f"{campaign_id}/{a['id']}" for a in activities],
                     "stations": [rng.choice(self.stations)[0]] if self.stations else [], "photos": photos}
            self.stories.append((f"exemplars/{p.slug}-exemplar-{index + 1:02d}.md",
                                 "---\n" + dump(front) + "---\n\n" + self.paragraphs(rng.randint(3, 6))))
        for index in range(STORIES):
            campaign_id, campaign = self.campaigns[index % len(self.campaigns)]
            year = campaign["period"]["start"].year
            day = min(date(year, rng.randint(1, 12), rng.randint(1, 28)), latest)
            activity = rng.choice(campaign["activities"])
            front = {"title": f"{p.name}{activity['title']}", "date": day, "author": f"{p.name}文明办",
                     "summary": rng.choice(self.pools.sentences), "campaign": campaign_id, "region": p.slug}
            if index % 2 == 0:
                file = f"{p.slug}-news-{index + 1:02d}.jpg"
                self.photos.append((file, photo_seed))
                photo_seed += 1
                front["photos"] = [{"src": file, "alt": f"“{activity['title']}”现场", "credit": f"{p.name}文明办"}]
            self.stories.append((f"news/{p.slug}-news-{index + 1:02d}.md",
                                 "---\n" + dump(front) + "---\n\n" + self.paragraphs(rng.randint(2, 5))))
        return photo_seed


# --- the project ------------------------------------------------------------------------------------


@dataclass
class Composition:
    cities: int
    campaigns: int
    activities: int
    units: int
    stations: int
    exemplars: int
    news: int
    photos: int
    photo_bytes: int
    expected_pages: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.cities} cities, {self.campaigns} campaigns, {self.activities} activities, {self.units} units, "
                f"{self.stations} stations, {self.exemplars} exemplars, {self.news} news, {self.photos} photos "
                f"({self.photo_bytes / 1e6:.1f} MB); expected pages ≈ {self.expected_pages}; "
                f"written in {self.seconds:.1f} s")


def station_counts(pages: int) -> list[int]:
    """Stations per city so that the plan has about ``pages`` pages."""
    cities = max(1, round(pages / PAGES_PER_CITY))
    total = max(5 * cities, round((pages - SITE_PAGES - cities * CITY_PAGES) / PAGES_PER_STATION))
    return [total // cities + (1 if i < total % cities else 0) for i in range(cities)]


def make_project(out: Path) -> None:
    """The repo's mkdocs.yml and theme (copied) and generator (linked), as site_tests' make_project."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "theme", out / "theme")
    (out / "generator").symlink_to(REPO / "generator")


def write_fixture(out: Path, pages: int, seed: int = 13) -> Composition:
    """Write a project of about ``pages`` pages into ``out`` (which must not exist or be empty)."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    make_project(out)
    content = out / "content"
    for folder in ("regions", "campaigns", "stations", "exemplars", "news", "images"):
        (content / folder).mkdir(parents=True)
    shared = pools()
    rng = random.Random(seed)
    counts = station_counts(pages)
    cities = [City(place, count, shared, random.Random(rng.random()))
              for place, count in zip(places(len(counts)), counts)]
    photo_seed, photo_bytes = seed * 100_000, 0
    for city in cities:
        city.make_stations()
        city.make_campaigns()
        photo_seed = city.make_stories(photo_seed)
        (content / "regions" / f"{city.place.slug}.yaml").write_text(
            f"# {city.place.name}：地区信息与本地单位。\n" + dump(city.region()), encoding="utf-8")
        for campaign_id, data in city.campaigns:
            (content / "campaigns" / f"{campaign_id}.yaml").write_text(f"# {data['title']}\n" + dump(data),
                                                                       encoding="utf-8")
        for station_id, data in city.stations:
            (content / "stations" / f"{station_id}.yaml").write_text(dump(data), encoding="utf-8")
        for relative, text in city.stories:
            (content / relative).write_text(text, encoding="utf-8")
        for file, photo in city.photos:
            data = photo_jpeg(photo)
            photo_bytes += len(data)
            (content / "images" / file).write_bytes(data)
    site = (REPO / "campaigns.yaml").read_text(encoding="utf-8")
    head = site[:re.search(r"^campaigns:", site, re.M).start()]
    listed = "".join(f"  - {cid}\n" for city in cities for cid, _ in city.campaigns)
    (out / "campaigns.yaml").write_text(head + "campaigns:\n" + listed, encoding="utf-8")
    for picture in re.findall(r"^\s+qr: (\S+)", head, re.M):  # the registration platforms' codes
        shutil.copy(REPO / "content" / "images" / picture, content / "images" / picture)
    stations = sum(counts)
    return Composition(
        cities=len(cities), campaigns=len(cities) * len(YEARS), activities=len(cities) * len(YEARS) * ACTIVITIES,
        units=len(cities) * UNITS, stations=stations, exemplars=len(cities) * STORIES, news=len(cities) * STORIES,
        photos=sum(len(c.photos) for c in cities), photo_bytes=photo_bytes,
        expected_pages=SITE_PAGES + len(cities) * CITY_PAGES + PAGES_PER_STATION * stations,
        seconds=time.perf_counter() - started)


def planned_pages(root: Path, today: date = TODAY) -> int:
    """`portal check` in process; the number of pages in its plan.  Exits with the report on errors."""
    sys.path.insert(0, str(REPO))
    from generator.build import check
    from generator.errors import ValidationFailed
    from generator.plan.outputs import PAGE

    try:
        checked = check(root, today)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        raise SystemExit(1)
    return sum(1 for output in checked.plan if output.kind == PAGE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-check", action="store_true", help="skip `portal check` and the page count")
    args = parser.parse_args()
    composition = write_fixture(args.out, args.pages)
    print(composition)
    if not args.no_check:
        started = time.perf_counter()
        pages = planned_pages(args.out)
        print(f"portal check: passed in {time.perf_counter() - started:.1f} s; plan: {pages} pages "
              f"({(pages - args.pages) / args.pages:+.1%} of {args.pages}); today = {TODAY}")


if __name__ == "__main__":
    main()
