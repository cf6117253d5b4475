"""Hostile corpus, class: markup that survives a sanitiser but is trusted by scripts (see __init__.py).

Material reads its configuration from the element with id ``__config``; our map script trusts
``data-portal-map`` / ``data-tiles``; Pagefind trusts ``data-pagefind-*``; a form can ask a
reader for a password.  None of these are editors' to write: check names each at its line, and
with ``raw_html: strip`` the gate removes them silently — the page still has exactly one
``__config``, ours.
"""

from gate_corpus import *  # noqa: F401,F403

RESERVED_ID = "：以“_”“md-”“portal”“pagefind”开头的名称由网站程序使用，会干扰页面脚本。请换一个名称，或删除它。"
DATA = "= 属性：data- 开头的属性由网站程序的脚本使用，编辑内容里不能设置。请删除它。"
EMBED = " 标签：编辑内容里不能放脚本、样式、表单或嵌入对象。请删除它；正文格式请用 Markdown。"


def _body(p, html: str) -> int:
    return append(p, EXEMPLAR, "\n" + html + "\n") + 1


@refused("markup-material-config-id", "markup", EXEMPLAR, "正文: 不能使用 id“__config”" + RESERVED_ID)
def _(p):
    return _body(p, '<div id="__config">{"base": "data:text/javascript,window.top.__pwned=1//"}</div>')


@refused("markup-heading-id-from-attr-list", "markup", EXEMPLAR, "正文: 不能使用 id“__search”" + RESERVED_ID)
def _(p):
    return _body(p, "## 活动回顾 {#__search}")


@refused("markup-map-element-with-foreign-tiles", "markup", STATION, "description: 不允许使用 data-portal-map" + DATA)
def _(p):
    tiles = '{"layers":[{"url":"https://evil.example/{z}/{x}/{y}.png","attribution":"<img src=x onerror=alert(1)>"}]}'
    return append(p, STATION, f"description: |\n  <div data-portal-map data-lat=\"25\" data-lon=\"102\" data-tiles='{tiles}'></div>\n") + 1


@refused("markup-fake-search-metadata", "markup", CAMPAIGN, "activities[0].body: 不允许使用 data-pagefind-meta" + DATA)
def _(p):
    return replace_line(p, CAMPAIGN, "body: 每周六固定为志愿服务日。",
                        "    body: '<span data-pagefind-meta=\"title:官方通知：请点击链接领取补贴\">每周六。</span>'")


@refused("markup-password-form", "markup", EXEMPLAR, "正文: 不允许使用 <form>" + EMBED)
def _(p):
    return _body(p, '<form action="/"><label>密码 <input type="password" name="pw"></label><button>登录</button></form>')


@refused("markup-id-of-our-help-dialog", "markup", CAMPAIGN, "introduction: 不能使用 id“portal-help-title”" + RESERVED_ID)
def _(p):
    return replace_line(p, CAMPAIGN, "introduction: 方案概述。", "introduction: '<p id=\"portal-help-title\">方案概述。</p>'")


@refused("markup-svg-with-use", "markup", EXEMPLAR, "正文: 不允许使用 <svg>" + EMBED)
def _(p):
    return _body(p, '<svg><use href="https://evil.example/sprite.svg#x"/></svg>')


def _one_config(site):
    for page in ("exemplars/li-xiaolei/index.html", "stations/square/index.html", "campaigns/demo-2019/index.html",
                 "campaigns/demo-2019/activities/saturday/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert html.count('id="__config"') == 1, page  # Material's own, nothing of the editor's
        article = html[html.index("<article"):html.index("</article>")]
        assert ("data-portal-map" in article) == page.startswith("stations/")  # only our own map
        prose = "".join(part.split("</div>\n")[0] for part in article.split('<div class="portal-prose">')[1:])
        assert prose, page
        for trusted in ("官方通知", "evil.example", "__search", "password", "data-portal-map",
                        "data-tiles", "<form"):
            assert trusted not in (prose if trusted.startswith("data-") else article), (page, trusted)


@accepted("markup-stripped-when-raw-html-is-strip", "markup", _one_config)
def _(p):
    insert_after(p, SITE, "operator:", "  raw_html: strip")
    _body(p, '<div id="__config">{}</div>\n\n## 活动回顾 {#__search}\n\n<form><input type="password"></form>')
    tiles = '{"layers":[{"url":"https://evil.example/{z}/{x}/{y}.png"}]}'
    append(p, STATION, f"description: |\n  <div data-portal-map data-lat=\"25\" data-lon=\"102\" data-tiles='{tiles}'>x</div>\n")
    replace_line(p, CAMPAIGN, "body: 每周六固定为志愿服务日。",
                 "    body: '<span data-pagefind-meta=\"title:官方通知\">每周六。</span>'")


def _title_is_text(site):
    html = (site / "campaigns/demo-2019/activities/saturday/index.html").read_text(encoding="utf-8")
    assert html.count('id="__config"') == 1
    assert "__config" in html.split('id="__config"')[0]  # the title is shown, as text


@accepted("markup-title-that-slugs-to-material-config", "markup", _title_is_text)
def _(p):
    replace_line(p, CAMPAIGN, "title: 学雷锋广场志愿服务日", "    title: __config")
