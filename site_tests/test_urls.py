"""generator/gate/urls.py: URL decisions as a browser (WHATWG) reads the URL, not as urllib does."""

from __future__ import annotations

import re

import pytest

from generator.gate import urls
from generator.gate.html import clean_html

# value → (a safe link scheme, same origin as the page it is on)
READINGS = {
    "x.png": (True, True), "../../x.png": (True, True), "/a/b/": (True, True), "#top": (True, True), "": (True, True),
    "?q=1": (True, True), "/%2F/evil.example": (True, True), "%2F%2Fevil.example": (True, True),
    "  /a/b": (True, True),
    "/\\evil.example/x.png": (True, False), "\\\\evil.example/x.png": (True, False), "//evil.example/x": (True, False),
    "/\t/evil.example/x": (True, False), "/\n/evil.example/x": (True, False), "HTTPS://EVIL.example/": (True, False),
    "https:evil.example": (True, False),  # a path on an https page, another host on an http one
    "http:x.png": (True, False), "mailto:a@example.org": (True, False), "tel:12345": (True, False),
    "webcal://example.org/a.ics": (True, False),
    "javascript:alert(1)": (False, False), "JaVaScRiPt:alert(1)": (False, False), "java\tscript:alert(1)": (False, False),
    "\x01javascript:alert(1)": (False, False), " vbscript:msgbox(1)": (False, False),
    "data:text/html,<script>": (False, False), "file:///etc/passwd": (False, False), "https://exa mple.org/": (False, False),
}


@pytest.mark.parametrize("value", READINGS, ids=[repr(v) for v in READINGS])
def test_links_and_site_local_urls_as_a_browser_reads_them(value):
    assert (urls.link_allowed(value), urls.site_local(value)) == READINGS[value]


@pytest.mark.parametrize("src, allowed", [
    ("https://player.bilibili.com/player.html?bvid=1", True), ("https://PLAYER.bilibili.com/x", True),
    ("https://evil.example\\@player.bilibili.com/", False), ("https://player.bilibili.com.evil.example/", False),
    ("http://player.bilibili.com/", False), ("//player.bilibili.com/x", False),
    ("https://player.bilibili.com:8443/", False), ("https://user@player.bilibili.com/", False),
    ("https://player.bilibili.com\t.evil.example/", False),
])
def test_iframes_only_from_the_exact_video_hosts(src, allowed):
    assert urls.video_frame_allowed(src, {"player.bilibili.com"}) is allowed
    kept = clean_html(f'<iframe src="{src}"></iframe>', frozenset({"player.bilibili.com"}))
    assert ("src=" in kept) is allowed


def test_the_allow_list_uses_the_browser_reading():
    clean = clean_html('<img src="/\\evil.example/x.png" alt="a"><a href="java&#x09;script:x">b</a>'
                       '<img srcset="ok.png 1x, //evil.example/x.png 2x" alt="c">')
    assert "evil.example" not in clean and "script:" not in clean
    assert '<img alt="a">' in clean and "<a>b</a>" in clean


@pytest.mark.parametrize("value, normal", [
    ("https://example.org/", "https://example.org/"), ("https://example.org", "https://example.org/"),
    ("https://example.org/portal", "https://example.org/portal/"),
])
def test_site_url_is_returned_normalised(value, normal):
    assert urls.site_url(value) == normal


@pytest.mark.parametrize("value, reason", [
    ("http://example.org/", "应以 https:// 开头"), ("javascript:alert(1)//", "应以 https:// 开头"),
    ("example.org", "不是完整的网址"), ("https://u:p@example.org/", "用户名或密码"), ("https://example.org/?a=1", "“?”或“#”"),
    ("https://example.org/#x", "“?”或“#”"), ("https://Example.org/", "读成 https://example.org/"),
    ("https:\\\\evil.example/", "读成 https://evil.example/"), ("https://example.org:443/", "读成 https://example.org/"),
    ('https://example.org/"x', "读成 https://example.org/%22x"), ("https://example.org/a=b/", "路径部分"), ('https://exa"mple.org/', "不是域名"), ("https://a;b.example/", "不是域名"),
    ("https://example.org/ x", "空格"),
])
def test_site_url_refusals_say_why(value, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        urls.site_url(value)


def test_tile_templates_keep_their_placeholders_and_name_their_hosts():
    template = "https://{s}.tiles.example.cn/{z}/{x}/{y}.png?key=abc"
    assert urls.tile_url(template) == template
    assert urls.tile_origins(template) == ["https://a.tiles.example.cn", "https://b.tiles.example.cn",
                                           "https://c.tiles.example.cn"]
    assert urls.tile_origins("https://tiles.example.cn/{z}/{x}/{y}.png") == ["https://tiles.example.cn"]
    for bad in ("http://tiles.example.cn/{z}/{x}/{y}.png", "https://u:p@tiles.example.cn/{z}/{x}/{y}.png",
                "https://tiles.example.cn/{z}/{x}/{y}.png#x"):
        with pytest.raises(ValueError):
            urls.tile_url(bad)


@pytest.mark.parametrize("target, inside", [
    ("https://example.org/portal/stations/x/", True), ("https://example.org/portal", True),
    ("https://example.org/portal.evil/", False), ("https://example.org/portal/%2e%2e/x/", False),
    ("https://example.org.evil.example/portal/", False), ("https://example.org:444/portal/", False),
    ("http://example.org/portal/", False), ("https://u@example.org/portal/", False), ("stations/x/", False),
])
def test_poster_targets_are_judged_by_origin_and_path(target, inside):
    problem = urls.poster_target_problem(target, "https://example.org/portal/")
    assert (problem is None) is inside, problem
