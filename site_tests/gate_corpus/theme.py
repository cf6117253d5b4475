"""Hostile corpus, class: theme (see __init__.py).

Settings strings that Material prints into every page (title, description, operator, URL) and
front matter it prints raw (page descriptions).  With `raw_html: strip` an editor's HTML is no
error, so what stops it is the theme: every such string reaches the page escaped, exactly once."""

import re
from html import unescape
from pathlib import Path

from gate_corpus import *  # noqa: F401,F403

PAYLOAD = f"<img src=x onerror={CANARY}>"
ESCAPED = f"&lt;img src=x onerror={CANARY}&gt;"


def _strip_mode(p) -> None:
    insert_after(p, SITE, "operator:", "  raw_html: strip")


def _page(site: Path, path: str = "") -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _footer(html: str) -> str:
    return re.search(r'<div class="md-copyright__highlight">(.*?)</div>', html, re.S).group(1).strip()


def _attribute(html: str, selector: str) -> str:
    """The raw (still escaped) value of the content attribute of the one <meta> matching ``selector``."""
    matches = re.findall(rf'<meta {selector} content="([^"]*)">', html)
    assert len(matches) == 1, (selector, matches)
    return matches[0]


def _operator_escaped(site: Path) -> None:
    for path in ("", "campaigns/demo-2019/", "stations/map/", "exemplars/li-xiaolei/"):
        html = _page(site, path)
        assert _footer(html) == ESCAPED, path  # printed as text, not as an <img>
        assert "<img src=x onerror" not in html, path


@accepted("theme-operator-img-in-footer", "theme", _operator_escaped)
def _(p):
    # Material prints config.copyright raw: this one setting ran a script on every page.
    _strip_mode(p)
    replace_line(p, SITE, "operator:", f"  operator: '{PAYLOAD}'")


def _title_escaped(site: Path) -> None:
    html = _page(site)
    title = "</title><script>" + CANARY + "</script>"
    escaped = "&lt;/title&gt;&lt;script&gt;" + CANARY + "&lt;/script&gt;"
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == "首页 - " + escaped
    assert unescape(_attribute(html, 'property="og:site_name"')) == title
    assert f"<script>{CANARY}" not in html


@accepted("theme-title-closes-title", "theme", _title_escaped)
def _(p):
    _strip_mode(p)
    replace_line(p, SITE, "title:", f"  title: '</title><script>{CANARY}</script>'")


def _description_escaped(site: Path) -> None:
    html = _page(site)
    description = f'"><script>{CANARY}</script>'
    assert unescape(_attribute(html, 'name="description"')) == description
    assert unescape(_attribute(html, 'property="og:description"')) == description
    assert f"<script>{CANARY}" not in html


@accepted("theme-description-leaves-attribute", "theme", _description_escaped)
def _(p):
    _strip_mode(p)
    replace_line(p, SITE, "description:", f"""  description: '"><script>{CANARY}</script>'""")


def _escaped_once(site: Path) -> None:
    html = _page(site)
    assert _footer(html) == "共建 &amp; 共享 &lt;示例&gt;文明办"
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == "首页 - A &amp; B &lt;门户&gt;"
    assert _attribute(html, 'property="og:site_name"') == "A &amp; B &lt;门户&gt;"
    assert "&amp;amp;" not in html and "&amp;lt;" not in html  # never escaped twice


@accepted("theme-settings-escaped-exactly-once", "theme", _escaped_once)
def _(p):
    replace_line(p, SITE, "operator:", "  operator: 共建 & 共享 <示例>文明办")
    replace_line(p, SITE, "title:", "  title: A & B <门户>")


def _news_summary_escaped(site: Path) -> None:
    html = _page(site, "news/" + _news_slug(site))
    assert unescape(_attribute(html, 'name="description"')) == f'"{PAYLOAD}'
    assert unescape(_attribute(html, 'property="og:description"')) == f'"{PAYLOAD}'
    assert "<img src=x onerror" not in html


def _news_slug(site: Path) -> str:
    (page,) = [path.parent.name for path in site.glob("news/*/index.html") if path.parent.name != "archive"]
    return page


@accepted("theme-news-summary-in-meta-description", "theme", _news_summary_escaped)
def _(p):
    # A news summary becomes the page's description, which Material prints raw into
    # <meta name="description" content="…">.
    _strip_mode(p)
    news(p, "summary", f"summary: '\"{PAYLOAD}'\n")


def _activity_body_escaped(site: Path) -> None:
    html = _page(site, "campaigns/demo-2019/activities/saturday/")
    # The template's striptags turns the entities back into "<": the theme escapes them again.
    assert PAYLOAD in unescape(_attribute(html, 'name="description"'))
    assert "<img src=x onerror" not in html


@accepted("theme-activity-body-entities-in-meta-description", "theme", _activity_body_escaped)
def _(p):
    _strip_mode(p)
    replace_line(p, CAMPAIGN, "body: 每周六", f"    body: '每周六 {ESCAPED}'")


@refused("theme-site-url-quote", "theme", SITE,
         f"site.url: 网址“https://example.org/\"onload=\"{CANARY}”的路径部分只能使用英文字母、数字和 - _ . ~ %："
         "如 https://example.org/ 或 https://example.org/portal/。")
def _(p):
    # The theme prints site.url into attributes (canonical link, og:url) and Material's inline script.
    return replace_line(p, SITE, "url: https://example.org/", f"""  url: 'https://example.org/"onload="{CANARY}'""")


@refused("theme-tianditu-key-quote", "theme", SITE,
         "site.map.key: 天地图密钥“abc\"&x=1”应只由英文字母和数字组成：请从天地图控制台复制“浏览器端”密钥。")
def _(p):
    return insert_after(p, SITE, "operator:", "  map:\n    tiles: tianditu\n    key: 'abc\"&x=1'") + 2


@refused("theme-tile-attribution-html", "theme", SITE,
         "site.map.attribution: 地图版权说明只写文字（如 © 天地图），不能含有“<”“>”：地图组件会把它当作网页代码。")
def _(p):
    # Leaflet inserts the attribution as HTML; portal-map.js escapes it (test_maps.py), and the
    # setting is text by its own rule.
    return insert_after(p, SITE, "operator:", f"  map:\n    tiles: osm\n    attribution: '{PAYLOAD}'") + 2
