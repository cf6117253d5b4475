"""The link checker on small hand-written sites, then on the whole demo portal."""

from __future__ import annotations

from pathlib import Path


from generator.tools.linkcheck import (ABOVE_ROOT, JAVASCRIPT, MISSING_ANCHOR, MISSING_FILE, Broken, check_links,
                                 main, run, srcset_urls)

HOST = "https://portal.example.cn/"
PNG = b"\x89PNG\r\n\x1a\n"


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>\n"


# A correct little site using every kind of reference the checker understands.
GOOD = {
    "index.html": page(
        '<input id="__search" type="checkbox"><label for="__search">搜索</label>'
        '<a href="#__search">搜索</a> <a href="#">顶部</a> <a href="#top">顶部</a> <a href="">本页</a>'
        '<a href="campaigns/">方案</a> <a href="campaigns/x/#section-2">第二节</a>'
        '<a href="campaigns/x/?page=2#section-2">第二页</a> <a href="./?q=雷锋">搜索</a>'
        '<a href="attachments/%E6%96%B9%E6%A1%88.pdf" download>方案原文</a>'
        '<a href="webcal://portal.example.cn/calendar/all.ics">订阅日历</a>'
        '<a href="https://portal.example.cn/campaigns/x/">绝对地址</a>'
        '<a href="https://other.example.org/missing/">别的网站</a> <a href="//cdn.example.org/x.js">外链</a>'
        '<a href="mailto:a@example.cn">邮件</a> <a href="tel:0871-00000000">电话</a>'
        '<img src="data:image/png;base64,AAAA" alt="">'
        '<img src="assets/a.png" srcset="assets/a.png 1x, assets/b.png 2x" alt="">'
        '<picture><source srcset="assets/a.png 600w,assets/b.png 1200w" type="image/png"></picture>'
        '<div style="background: url(\'assets/a.png\')" data-geojson="data/s.geojson" data-pages="./"></div>'
        '<form action="search/" method="get"></form> <iframe src="campaigns/x/"></iframe>'
        '<h2 id="s1">一</h2><a name="old-anchor"></a><a href="#s1">一</a> <a href="#old-anchor">旧锚点</a>',
        head=f'<link rel="canonical" href="{HOST}"><link rel="stylesheet" href="assets/site.css">'
             '<link rel="icon" href="assets/b.png"><script src="assets/app.js?v=3"></script>'
             f'<meta property="og:image" content="{HOST}assets/a.png"><meta property="og:url" content="{HOST}">'
             '<meta name="description" content="https://不是链接也没关系">'
             f'<script type="application/ld+json">{{"url": "{HOST}campaigns/x/", "logo": "{HOST}assets/b.png",'
             ' "sameAs": ["https://weibo.example.com/x"]}</script>'
             '<style>.hero { background-image: url("assets/b.png"); }</style>'),
    "campaigns/index.html": page('<a href="..">首页</a> <a href="x/">方案</a> <a href="../#s1">首页第一节</a>'),
    "campaigns/x/index.html": page(
        '<a href="../..">首页</a> <a href="../../">首页</a> <a href="/">首页</a> <a href="/campaigns/x">本页</a>'
        '<a href="../../calendar/all.ics">日历</a> <a href="#section-2">第二节</a> <h2 id="section-2">二</h2>'
        '<img src="../../assets/a.png" alt="">'),
    "search/index.html": page('<form action="./"></form>'),
    "old/index.html": page("", head='<meta http-equiv="refresh" content="0; url=../campaigns/x/">'),
    "assets/site.css": "@import 'print.css';\n/* url(missing.png) in a comment */\n"
                       ".a { background: url(a.png) }\n.b { background: url( \"../assets/b.png\" ) }\n"
                       ".c { background: url(data:image/svg+xml;charset=utf-8,<svg/>) }\n"
                       ".d { behavior: url(#default#VML) }\n",
    "assets/print.css": "body { color: black }\n",
    "assets/app.js": "",
    "assets/a.png": PNG,
    "assets/b.png": PNG,
    "calendar/all.ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "data/s.geojson": "{}",
    "attachments/方案.pdf": b"%PDF-1.4\n",
}


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def with_page(tmp_path: Path, name: str, body: str = "", head: str = "", **extra: str) -> list[Broken]:
    """The good site plus one page (and any extra files); what the checker finds."""
    return check_links(write_site(tmp_path / "site", {**GOOD, name: page(body, head), **extra}))


def found(broken: list[Broken]) -> set[tuple[str, str, str]]:
    return {(b.page, b.url, b.reason) for b in broken}


def test_a_correct_site_has_no_broken_links(tmp_path):
    report = run(write_site(tmp_path / "site", GOOD))
    assert report.broken == []
    assert report.pages == 5 and report.stylesheets == 2
    assert report.links > 40  # own-host absolute URLs count; external ones do not


def test_missing_page(tmp_path):
    broken = with_page(tmp_path, "news/index.html", '<a href="../campaigns/y/">不存在的方案</a>'
                                                    '<a href="../campaigns/x/index.htm">拼错</a>',
                       head='<meta http-equiv="refresh" content="0; url=../campaigns/z/">')
    assert found(broken) == {("news/index.html", "../campaigns/y/", MISSING_FILE),
                             ("news/index.html", "../campaigns/x/index.htm", MISSING_FILE),
                             ("news/index.html", "../campaigns/z/", MISSING_FILE)}
    assert {(b.attribute, b.line) for b in broken} == {("a href", 1), ("meta refresh", 1)}


def test_missing_anchor_on_another_page_and_on_the_same_page(tmp_path):
    broken = with_page(tmp_path, "news/index.html",
                       '<h2 id="here">这里</h2><a href="#here">有</a> <a href="#gone">无</a>'
                       '<a href="../campaigns/x/#section-3">第三节</a> <a href="../campaigns/x/#section-2">第二节</a>')
    assert found(broken) == {("news/index.html", "#gone", MISSING_ANCHOR),
                             ("news/index.html", "../campaigns/x/#section-3", MISSING_ANCHOR)}


def test_percent_encoded_anchor(tmp_path):
    broken = with_page(tmp_path, "news/index.html",
                       '<h2 id="活动安排">活动安排</h2><a href="#%E6%B4%BB%E5%8A%A8%E5%AE%89%E6%8E%92">安排</a>')
    assert broken == []


def test_missing_asset_in_css_url_is_relative_to_the_stylesheet(tmp_path):
    css = ".x { background: url(../a.png) }\n.y { background: url('a.png') }\n"  # a.png is in assets/
    broken = check_links(write_site(tmp_path / "site", {**GOOD, "assets/css/extra.css": css}))
    assert found(broken) == {("assets/css/extra.css", "a.png", MISSING_FILE)}
    assert broken[0].attribute == "css url()" and broken[0].line == 2


def test_missing_asset_in_style_attribute_and_style_element(tmp_path):
    broken = with_page(tmp_path, "campaigns/y/index.html",
                       '<div style="background-image:url(assets/a.png)"></div>',  # right from /, wrong here
                       head="<style>.y{background:url(../../assets/c.png)}</style>")
    assert found(broken) == {("campaigns/y/index.html", "assets/a.png", MISSING_FILE),
                             ("campaigns/y/index.html", "../../assets/c.png", MISSING_FILE)}


def test_relative_link_resolved_from_a_nested_page(tmp_path):
    broken = with_page(tmp_path, "campaigns/y/index.html",
                       '<a href="../x/">同级方案</a> <a href="../../search/">搜索</a>'
                       '<a href="campaigns/x/">从根目录看才对</a> <a href="../../../x/">太多 ..</a>')
    assert found(broken) == {("campaigns/y/index.html", "campaigns/x/", MISSING_FILE),
                             ("campaigns/y/index.html", "../../../x/", ABOVE_ROOT)}


def test_query_string_is_ignored_but_the_path_is_checked(tmp_path):
    broken = with_page(tmp_path, "news/index.html",
                       '<a href="../search/?q=%E9%9B%B7%E9%94%8B&amp;kind=news">搜索</a>'
                       '<a href="../serach/?q=x">拼错</a> <a href="?page=2">下一页</a>')
    assert found(broken) == {("news/index.html", "../serach/?q=x", MISSING_FILE)}


def test_srcset(tmp_path):
    assert srcset_urls(" a.png 1x,b.png  2x , c.png, d.png 480w") == ["a.png", "b.png", "c.png", "d.png"]
    broken = with_page(tmp_path, "news/index.html",
                       '<img src="../assets/a.png" srcset="../assets/a.png 1x, ../assets/c.png 2x" alt="">'
                       '<picture><source srcset="../assets/d.png 800w, ../assets/b.png 1600w"></picture>')
    assert found(broken) == {("news/index.html", "../assets/c.png", MISSING_FILE),
                             ("news/index.html", "../assets/d.png", MISSING_FILE)}
    assert {b.attribute for b in broken} == {"img srcset", "source srcset"}


def test_own_host_absolute_urls_are_checked_as_site_paths(tmp_path):
    broken = with_page(
        tmp_path, "news/index.html",
        '<a href="https://portal.example.cn/campaigns/z/">旧方案</a>'
        '<a href="webcal://portal.example.cn/calendar/none.ics">订阅</a>'
        '<a href="//PORTAL.example.cn/campaigns/x/#nope">无锚点</a>',
        head='<meta property="og:image" content="https://portal.example.cn/assets/cards/x.png">'
             '<script type="application/ld+json">{"image": ["https://portal.example.cn/assets/cards/y.png"]}</script>')
    assert found(broken) == {
        ("news/index.html", "https://portal.example.cn/campaigns/z/", MISSING_FILE),
        ("news/index.html", "webcal://portal.example.cn/calendar/none.ics", MISSING_FILE),
        ("news/index.html", "//PORTAL.example.cn/campaigns/x/#nope", MISSING_ANCHOR),
        ("news/index.html", "https://portal.example.cn/assets/cards/x.png", MISSING_FILE),
        ("news/index.html", "https://portal.example.cn/assets/cards/y.png", MISSING_FILE),
    }
    assert {b.attribute for b in broken} >= {"meta og:image", "ld+json"}


def test_site_url_with_a_path(tmp_path):
    files = {"index.html": page('<a href="/portal/news/">动态</a> <a href="/news/">少了前缀</a>'
                                '<a href="https://example.cn/portal/news/#a">绝对</a>'
                                '<a href="https://example.cn/other-site/">同一主机的别的网站</a>',
                                head='<link rel="canonical" href="https://example.cn/portal/">'),
             "news/index.html": page('<h2 id="a">A</h2>')}
    broken = check_links(write_site(tmp_path / "site", files))
    assert [(b.url, b.reason) for b in broken] == [("/news/", "站内绝对路径不在站点路径 /portal/ 之下")]


def test_external_links_are_ignored(tmp_path):
    broken = with_page(tmp_path, "news/index.html",
                       '<a href="https://uri.amap.com/marker?position=1,2">高德</a>'
                       '<a href="http://other.example.org/missing/#x">别处</a> <a href="mailto:x@example.cn">邮件</a>'
                       '<a href="tel:+86-871-0">电话</a> <a href="webcal://other.example.org/x.ics">别处日历</a>'
                       '<img src="data:image/gif;base64,R0lGOD" alt="">',
                       head='<meta property="og:image" content="https://cdn.example.org/x.png">')
    assert broken == []


def test_javascript_links_are_reported(tmp_path):
    broken = with_page(tmp_path, "news/index.html", '<a href="javascript:void(0)">点我</a>'
                                                    '<a href=" JavaScript:alert(1)">点我</a>')
    assert found(broken) == {("news/index.html", "javascript:void(0)", JAVASCRIPT),
                             ("news/index.html", " JavaScript:alert(1)", JAVASCRIPT)}


def test_cli(tmp_path, capsys):
    site = write_site(tmp_path / "site", GOOD)
    assert main([str(site)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已检查 5 个页面、2 个样式表中的 ") and out.endswith("个站内链接，没有失效链接。\n")

    (site / "news").mkdir()
    (site / "news/index.html").write_text(page('<a href="../campaigns/y/">缺</a> <a href="#x">缺</a>'), "utf-8")
    assert main([str(site)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["news/index.html: #x — 锚点不存在",
                                         "news/index.html: ../campaigns/y/ — 目标文件不存在"]
    assert captured.err.startswith("共 2 个失效链接")


def _listing(broken: list[Broken]) -> str:
    return "\n".join(f"{b}  [{b.attribute}, 第 {b.line} 行]" for b in broken)


def test_demo_site_has_no_broken_links(demo_site):
    report = run(demo_site)
    assert report.broken == [], f"{len(report.broken)} 个失效链接：\n{_listing(report.broken)}"
    assert report.pages > 300 and report.links > 10_000  # it really looked
