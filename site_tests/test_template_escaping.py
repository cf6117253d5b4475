"""Every string an editor or the settings control is printed escaped, in every output.

The mini project is copied and every free-text value in it — each string field of the schema
that is not an id, a reference key, a date, a URL, a file name or Markdown (Markdown has the
HTML gate) — is wrapped in a hostile payload: an HTML tag, quotes, an entity, emphasis, link
and attribute-list syntax.  Fields the mini project leaves out are added first, and
``test_every_free_text_field_is_filled`` fails when the schema gains a free-text field this
project does not fill, so a new field cannot slip past.

Then no generated page, feed, calendar or data file may carry the tag as markup, data files
must carry the text unchanged, and the built site (one mkdocs build) must show it literally:
every "x-evil" a reader (or a page script) sees is part of a whole payload.  The map scripts
are checked in Chromium, and the ``t`` filter on its own in every Markdown place it is used.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import types
import typing
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar
from pydantic import BaseModel

from conftest import REPO, make_project
from generator.source import schema
from generator.source.schema import CampaignFile, ExemplarFile, NewsFile, RegionFile, SiteFile, StationFile

TODAY = date(2019, 3, 4)
TAG = "<x-evil"
# Before each value: an HTML tag with an attribute, quotes, an entity that must not be decoded,
# emphasis and link syntax, and the mark again (a tag the HTML gate removed leaves it behind).
# After the value: an attribute list, which Markdown applies at the end of a heading or table
# cell unless it is escaped.
PAYLOAD = '<x-evil a="1">\'"&amp;*_[x-evil'
SUFFIX = "{ .x-evil-class }"
MARK = "x-evil"  # every occurrence a reader can see must be part of a whole PAYLOAD or SUFFIX

# Free-text fields that are reference keys or locations, not text: they keep their values.
KEYS = {
    (schema.SiteSettings, "url"),  # a URL: the urls checks own it
    (schema.MapSettings, "url"), (schema.MapSettings, "key"),
    (schema.MapSettings, "attribution"),  # refuses "<" ">" by its own rule; test_maps.py plants one anyway
    (CampaignFile, "poster_qr"), (StationFile, "poster_qr"),  # URLs a QR code opens
    (schema.Attachment, "file"), (schema.Photo, "src"), (schema.Platform, "qr"),  # file names
    (schema.Activity, "festivals"), (schema.MonthlyTheme, "festivals"),  # key-day names
    (ExemplarFile, "activities"),  # campaign-id/activity-id
    # The production form editor's login: only in the `portal admin` bundle's config.yml (yaml.safe_dump),
    # on no page; url, repo and app_id have their own formats.
    (schema.EditorSettings, "url"), (schema.EditorSettings, "repo"), (schema.EditorSettings, "app_id"),
    (schema.EditorSettings, "branch"),
    # An imported draft's review list (tools/importer): on no page — the preview only counts it, and a
    # campaign with one is not published.
    (schema.ReviewItem, "what"), (schema.ReviewItem, "where"), (schema.ReviewItem, "why"),
}
# Validators that make a string an id, a date, a clock time, a rule, a URL path, a host name, a phone
# number, a sign-up URL, an e-mail address, a git host user name or one of a few words (audience: public / internal).
_NOT_TEXT = {schema._slug, schema._year_month, schema._clock, schema._schedule, schema._url_path, schema._host_name,
             schema._phone, schema._signup_url, schema._audience, schema._owner, schema._email}


def _is_free_text(annotation, metadata=()) -> bool:
    """A plain str field (one line or prose), not Markdown, not an id, date or other format."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _is_free_text(base, (*metadata, *extra))
    if origin in (typing.Union, types.UnionType):
        return any(_is_free_text(a, metadata) for a in typing.get_args(annotation) if a is not type(None))
    if origin is list:
        return _is_free_text(typing.get_args(annotation)[0], metadata)
    if annotation is not str:
        return False
    if schema.MARKDOWN in metadata:
        return False
    return not any(getattr(m, "func", None) in _NOT_TEXT for m in metadata)


def _nested(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _nested(a)]


def free_text_fields(model: type[BaseModel], seen=None) -> set[tuple[type, str]]:
    """Every (model, field) of the free text reachable from a file's model."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    found = set()
    for name, field in model.model_fields.items():
        if _is_free_text(field.annotation, tuple(field.metadata)):
            found.add((model, name))
        for inner in _nested(field.annotation):
            found |= free_text_fields(inner, seen)
    return found


def _wrap(text: str) -> str:
    return f"{PAYLOAD}{text} {SUFFIX}"


def poison(data, model: type[BaseModel], filled: set) -> object:
    """``data`` with PAYLOAD around every free-text value; ``filled`` collects the fields done."""
    if not isinstance(data, dict):
        return data
    result = {}
    for key, value in data.items():
        field = model.model_fields[key]
        if (model, key) not in KEYS and _is_free_text(field.annotation, tuple(field.metadata)):
            filled.add((model, key))
            value = [_wrap(v) for v in value] if isinstance(value, list) else _wrap(value)
        else:
            inner = _nested(field.annotation)
            if inner and isinstance(value, list):
                value = [poison(v, inner[0], filled) for v in value]
            elif inner:
                value = poison(value, inner[0], filled)
        result[key] = value
    return result


# What the mini project leaves out, so that every free-text field is filled somewhere.
EXTRA = {
    "campaigns.yaml": {
        "site": {"map": {"tiles": "osm", "attribution": "© OpenStreetMap"},
                 "registration": [{"note": "全国统一的志愿者注册平台。"}],
                 "press": {"unit": "宣传科", "name": "新闻联络岗", "email": "press@example.org"}},
        "categories": [{"description": "常态化开展的志愿服务。"}],
        "standards": [{"applies_to": ["广场"], "source": "示例方案", "note": "示例标准。",
                       "items": [{"description": "有统一的标识。"}]}],
    },
    "content/campaigns/demo-2019.yaml": {
        "kind": "实施方案", "addressees": "各区文明办", "copy_to": ["市委宣传部"], "venue": "全市",
        "period": {"note": "3月1日启动"},
        "attachment": {"title": "方案原文"},
        "activities": [{"target_groups": ["老人"], "service_types": ["义诊"], "venues": ["广场"],
                        "when": {"note": "每周六上午"}},
                       {"service_types": ["宣讲"]}],
        "targets": [{"scope": "全市", "quote": "注册志愿者达到20%。", "activity": "lei-feng-day",
                     "progress": [{"date": "2019-03-31", "value": 12, "source": "市文明办报告", "note": "一季度"}]}],
        "deadlines": [{"submitters": "各区", "channel": "电子邮箱"}],
        "contacts": [{"role": "联络员", "email": "demo@example.org"}],
    },
    "content/regions/democity.yaml": {
        "district": "示例区",
        "units": [{"aliases": ["文明办"]}],
    },
    "content/stations/square.yaml": {
        "hours": "周六 9:00-11:30", "operator": "市文明办",
        "contact": {"phone": "0000-1234567", "email": "square@example.org", "wechat": "demo-square"},
    },
    "content/exemplars/li-xiaolei.md": {
        "author": "示例记者", "organisation": "示例志愿服务队", "summary": "她每周六在广场服务。",
        "photos": [{"src": "sign.svg", "alt": "站点标识", "credit": "示例摄影", "caption": "统一标识"}],
    },
}
NEWS = "content/news/demo-news.md"
NEWS_TEXT = {"title": "示例市启动学雷锋活动", "date": "2019-03-02", "author": "示例记者", "summary": "活动启动。",
             "region": "democity", "campaign": "demo-2019",
             "photos": [{"src": "sign.svg", "alt": "站点标识", "credit": "示例摄影", "caption": "启动仪式"}]}
FILES = {"campaigns.yaml": SiteFile, "content/campaigns/demo-2019.yaml": CampaignFile,
         "content/regions/democity.yaml": RegionFile, "content/stations/square.yaml": StationFile,
         "content/exemplars/li-xiaolei.md": ExemplarFile, NEWS: NewsFile}


def _merge(data, extra):
    if isinstance(data, dict) and isinstance(extra, dict):
        return {**data, **{k: _merge(data.get(k), v) for k, v in extra.items()}}
    if isinstance(data, list) and isinstance(extra, list):
        return [_merge(d, e) for d, e in zip(data, extra)] + data[len(extra):]
    return extra if data is None or not isinstance(extra, (dict, list)) else data


def _read(path: Path) -> tuple[dict, str | None]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        return yaml.safe_load(front), body
    return yaml.safe_load(text), None


def _write(path: Path, data: dict, body: str | None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text if body is None else f"---\n{text}---\n{body}", encoding="utf-8")


def hostile_project(target: Path) -> tuple[Path, set]:
    project = make_project(target)
    (project / "content/images").mkdir()
    shutil.copy(REPO / "content/images/sample-station-sign.svg", project / "content/images/sign.svg")
    (project / "content/news").mkdir()
    _write(project / NEWS, NEWS_TEXT, "动态正文。\n")
    filled: set = set()
    for relative, model in FILES.items():
        data, body = _read(project / relative)
        _write(project / relative, poison(_merge(data, EXTRA.get(relative, {})), model, filled), body)
    return project, filled


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_project(tmp_path_factory.mktemp("hostile") / "mini")


@pytest.fixture(scope="module")
def outputs(hostile, tmp_path_factory):
    from generator.build import render

    return dict(render(hostile[0], TODAY, cache_dir=tmp_path_factory.mktemp("cards")).items())


def test_every_free_text_field_is_filled(hostile):
    """The schema's free text, every field of it, carries the payload in this project."""
    expected = set().union(*(free_text_fields(model) for model in FILES.values())) - KEYS
    missing = sorted(f"{model.__name__}.{name}" for model, name in expected - hostile[1])
    assert not missing, f"add these fields to EXTRA: {missing}"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _whole(texts) -> list[str]:
    """Texts where MARK appears other than as part of a whole PAYLOAD or SUFFIX (or of one cut
    short by "…", where a description is truncated)."""
    broken = []
    for text in texts:
        rest = text.replace(PAYLOAD, "").replace(SUFFIX, "")
        if rest.endswith("…"):
            rest = rest[:-1]
            for part in (PAYLOAD, SUFFIX):
                rest = rest[:len(rest) - next((k for k in range(len(part), 0, -1) if rest.endswith(part[:k])), 0)]
        if MARK in rest:
            broken.append(text)
    return broken


def _ics_text(value) -> str:
    """A property's text; X-WR-CALNAME and the like come back from the parser still escaped."""
    if type(value).__name__ != "vUnknown":
        return str(value)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))


def test_pages_escape_every_editor_string(outputs):
    pages = {path: data.decode("utf-8") for path, data in outputs.items() if path.endswith(".md")}
    shown = 0
    for path, text in pages.items():
        _, front, body = text.split("---\n", 2)
        assert TAG not in body, f"{path}: {body[max(0, body.index(TAG) - 80):body.index(TAG) + 80]!r}"
        meta = yaml.safe_load(front)  # a raw quote would break it, a raw newline add keys
        assert isinstance(meta, dict), path
        if "jsonld" in meta:  # printed inside <script>: no "<" at all, and JSON that keeps the text
            assert "<" not in meta["jsonld"], path
            meta["jsonld"] = json.loads(meta["jsonld"])
        assert not _whole(_strings(meta)), path
        shown += body.count("&lt;x-evil")
    assert shown > 100  # the payload did reach the pages


MARKUP = (".html", ".xml", ".rss", ".svg")


def test_other_outputs_keep_the_text_as_data(outputs):
    """Markup outputs escape the tag; data outputs carry the text whole (their readers escape)."""
    seen = set()
    for path, data in outputs.items():
        if path.endswith(MARKUP):
            assert TAG not in data.decode("utf-8"), path
            continue
        if path.endswith((".json", ".geojson")):
            parsed = json.loads(data)
            for item in parsed.get("items", []) if isinstance(parsed, dict) else []:
                html = item.pop("content_html", "")  # HTML, through the gate: read as a reader would
                assert TAG not in html, path
                assert not _whole(_visible(html)), path
            texts = list(_strings(parsed))
        elif path.endswith(".csv"):
            texts = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
        elif path.endswith(".ics"):
            texts = [_ics_text(value) for component in Calendar.from_ical(data).walk()
                     for value in component.values() if isinstance(value, str)]
        else:
            continue
        assert not _whole(texts), path
        if any(PAYLOAD in text for text in texts):
            seen.add(path.rsplit(".", 1)[-1])
    assert seen >= {"json", "geojson", "csv", "ics"}


SHOWN = {"title", "alt", "aria-label", "content", "placeholder", "value", "label"}


def _visible(html: str) -> list[str]:
    """What readers and the page's scripts get: text, and the attributes that are shown or read
    (not ids and anchors made from headings), entities decoded; JSON in data-* parsed."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup(["script", "style"]):
        script.decompose()
    texts = [soup.get_text("")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name in SHOWN or name.startswith("data-"):
                value = " ".join(value) if isinstance(value, list) else value
                if name.startswith("data-") and value.startswith("{"):
                    texts.extend(_strings(json.loads(value)))
                else:
                    texts.append(value)
    return texts


@pytest.fixture(scope="module")
def built(hostile, tmp_path_factory) -> Path:
    """The one mkdocs build of this module."""
    from generator.build import build_site

    return build_site(hostile[0], TODAY, site_dir=tmp_path_factory.mktemp("site") / "site")


def test_built_html_shows_the_payload_literally(built):
    site = built
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for path, html in pages.items():
        assert TAG not in html, f"{path}: {html[max(0, html.index(TAG) - 120):html.index(TAG) + 80]!r}"
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select(".x-evil-class"), path
        assert not _whole(_visible(html)), path
    # The payload is shown, literally, where each kind of text appears.
    for path, expected in [
        ("index.html", _wrap("测试门户")),  # settings title
        ("stations/square/index.html", _wrap("中心学雷锋广场")),
        ("stations/index.html", _wrap("便民服务")),  # a service, also in the filter's <option>
        ("campaigns/demo-2019/index.html", _wrap("联络员")),  # a contact's role
        ("campaigns/demo-2019/index.html", _wrap("示例市2019年学雷锋志愿服务活动方案")),
        ("campaigns/demo-2019/targets/index.html", "20" + _wrap("%")),  # a target's unit in its goal
        ("units/democity/wenmingban/index.html", _wrap("文明办")),  # an alias
        ("exemplars/li-xiaolei/index.html", _wrap("统一标识")),  # a photo caption
        ("news/demo-news/index.html", _wrap("示例市启动学雷锋活动")),
    ]:
        assert any(expected in text for text in _visible(pages[path])), (path, expected)


# --- the `t` filter on its own: plain text in every Markdown place a template prints it -------------


def _site_markdown():
    """Python-Markdown with the site's extensions (mkdocs.yml), emoji aside (it needs Material)."""
    import markdown

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name != "pymdownx.emoji":
            extensions.append(name)
            if options:
                configs[name] = options
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


TRICKY = ["- 列表项", "1. 编号", "3) 编号", '!!! danger "标题"', "??? note", "---", "===", "# 标题", "> 引用",
          "+ 加号", "a\n\n!!! danger x\n    正文", "A&amp;B &lt;b&gt; &#60;", "*强调* _x_ `代码` [链接](http://x)",
          "名称 { .evil }", "a | b", "a\\b", "<b>粗</b><script>x</script>", "*[HTML]: 缩写", "12.5%"]
PLACES = {"paragraph": "{}", "heading": "## {}", "table cell": "| 项目 |\n| --- |\n| {} |", "list item": "- {}",
          "admonition": "!!! note\n\n    {}", "link text": "[{}](x.md)"}


@pytest.mark.parametrize("place", PLACES)
def test_t_prints_text_as_it_is(place):
    from generator.render.pages import md_text

    md = _site_markdown()
    for text in TRICKY:
        md.reset()
        soup = BeautifulSoup(md.convert(PLACES[place].format(md_text(text))), "html.parser")
        assert not soup.select(".evil") and not soup.find(["b", "script", "em", "code", "ol", "details", "hr", "abbr"])
        shown = soup.find(["h2", "td", "li", "a"]) or soup.select("p")[-1]
        assert shown.get_text("").replace("¶", "").strip() == " ".join(text.split()), (place, text)


def test_map_scripts_show_names_and_attribution_as_text(browser, built):
    """Leaflet takes tooltips and attributions as HTML: the scripts hand it text, escaped."""
    from conftest import phone_page
    from generator.tools.local_site import serve

    with serve(built) as base:
        context, page = phone_page(browser)
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        page.goto(base + "/stations/square/")
        page.locator("[data-portal-map]").scroll_into_view_if_needed()
        page.wait_for_selector("[data-portal-map][data-markers='1']")
        page.locator(".portal-map path.leaflet-interactive").hover()
        tooltip = page.locator(".leaflet-tooltip")
        assert tooltip.inner_text() == _wrap("中心学雷锋广场")
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        assert "© OpenStreetMap" in attribution
        assert page.locator("x-evil, .x-evil-class").count() == 0
        context.close()
