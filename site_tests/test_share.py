"""The share kit of every story and news post, as a reader, a WeChat user and a printer see it:
the permanent URL as selectable text with a copy button, a QR code that scans to it, an A4 poster,
the share image; share metadata taken from the story; month posters that list every activity;
Chinese text without synthetic italics."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from html.parser import HTMLParser

import extruct
import pypdf
import pytest
import zxingcpp
from PIL import Image

from conftest import phone_page

SITE_URL = "https://xueleifeng.example.cn/"
STORIES = ["exemplars/chenguang-community-example/", "exemplars/li-xiaolei-example/",
           "exemplars/metro-line-2-youth-example/", "exemplars/qifei-station-team-example/",
           "news/kunming-2018-launch/", "news/tai-yuan-di-tie-er-hao-xian-qing-nian-zhi-yuan-fu-wu-jie-li/"]
SUMMARIES = {  # the news posts' summary: lines, as the editors wrote them
    "news/kunming-2018-launch/": "3月5日，昆明市在南滇池沙滩公园设主会场、晋宁区郑和文化广场设分会场，启动2018年学雷锋志愿服务系列活动。",
}
FIRST_PARAGRAPHS = {  # the exemplars have no summary: the first paragraph speaks for them
    "exemplars/li-xiaolei-example/": "3月5日清晨，李晓雷（示例）提前一个小时来到郑和文化广场，和队友们一起搭起便民服务台。"
                                     "这一天是学雷锋纪念日，广场分会场里量血压、修小家电、义务理发的摊位前排起了长队。",
}


class _Elements(HTMLParser):
    """Every element's attributes and text, in document order, inside <article> only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, list[str]]] = []
        self.open: list[list[str]] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            text: list[str] = []
            self.found.append((tag, dict(attrs), text))
            if tag not in ("img", "br", "meta", "link", "input"):
                self.open.append(text)

    def handle_endtag(self, tag):
        if self.in_article and self.open and tag not in ("img", "br"):
            self.open.pop()
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data):
        for text in self.open:
            text.append(data)


def elements(demo_site, path: str) -> list[tuple[str, dict, str]]:
    parser = _Elements()
    parser.feed((demo_site / path / "index.html").read_text(encoding="utf-8"))
    return [(tag, attrs, "".join(text)) for tag, attrs, text in parser.found]


def resolve(demo_site, page: str, href: str):
    """The file a relative link of ``page`` leads to (a directory URL: its index.html)."""
    target = (demo_site / page / href).resolve()
    return target / "index.html" if target.is_dir() else target


def title_of(demo_site, path: str) -> str:
    return next(text for tag, _, text in elements(demo_site, path) if tag == "h1").strip().removesuffix("¶")


@pytest.mark.parametrize("path", STORIES)
def test_every_story_has_a_share_kit(demo_site, path):
    found = elements(demo_site, path)
    permanent = SITE_URL + path
    [copy_text] = [text for _, attrs, text in found if "data-portal-copy-text" in attrs]
    assert copy_text == permanent  # visible, selectable, and exactly the permanent URL
    [button] = [attrs for tag, attrs, _ in found if tag == "button" and "data-portal-copy" in attrs]
    assert "hidden" in button  # shown only where the script runs
    [qr] = [attrs for tag, attrs, _ in found if tag == "img" and "portal-share__qr" in attrs.get("class", "")]
    decoded = zxingcpp.read_barcodes(Image.open(resolve(demo_site, path, qr["src"])))
    assert [result.text for result in decoded] == [permanent]
    links = {text.strip(): attrs["href"] for tag, attrs, text in found if tag == "a" and "href" in attrs}
    poster = resolve(demo_site, path, links["打印 A4 海报"]).read_text(encoding="utf-8")
    title = title_of(demo_site, path)
    assert f'<p class="portal-poster-headline">{title}</p>' in poster
    card = Image.open(resolve(demo_site, path, links["分享图片（PNG）"]))
    assert (card.format, card.size) == ("PNG", (1200, 630))
    assert resolve(demo_site, path, links["文字和原图（zip）"]).suffix == ".zip"


def test_story_poster_is_one_a4_sheet_with_the_headline_and_a_working_code(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=2)
    page.goto(f"{demo_server}/posters/exemplars/li-xiaolei-example/")
    code = page.locator(".portal-poster-code:not(.portal-poster-signup) svg").screenshot()
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(code)))] == [
        SITE_URL + "exemplars/li-xiaolei-example/"]
    photo = page.locator(".portal-poster-photo")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")  # the lead photo loads
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.3, 841.9), abs=2)
    # real text, not an image; NFKC folds the Kangxi radicals some glyphs extract as (⼴ → 广)
    text = unicodedata.normalize("NFKC", "".join(pdf.pages[0].extract_text().split()))
    assert "每个周六都在广场" in text and "扫码阅读全文" in text
    page.close()


@pytest.mark.parametrize("path", STORIES)
def test_share_metadata_comes_from_the_story(demo_site, path):
    html = (demo_site / path / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=SITE_URL + path, syntaxes=["opengraph", "json-ld"], uniform=True)
    [og] = data["opengraph"]
    [ld] = data["json-ld"]
    [name_description] = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert og["og:description"] == ld["description"] == name_description.replace("&#34;", '"')
    assert "最美志愿者：" not in og["og:description"]  # not the generic kind：name，place，year
    expected = SUMMARIES.get(path) or FIRST_PARAGRAPHS.get(path)
    if expected:
        assert og["og:description"] == expected
    for image in [og["og:image"], *ld["image"]]:
        assert image.startswith(SITE_URL)
        opened = Image.open(demo_site / image.removeprefix(SITE_URL))
        assert opened.format in ("PNG", "JPEG", "WEBP", "GIF")  # never SVG: WeChat and search engines skip it


@pytest.mark.parametrize("path", STORIES)
def test_wechat_finds_a_large_raster_image_first(demo_site, path):
    """WeChat's crawler shares the first picture of at least 300 px: the share card or a raster photo."""
    images = [attrs for tag, attrs, _ in elements(demo_site, path) if tag == "img"]
    first = images[0]
    file = Image.open(resolve(demo_site, path, first["src"]))
    assert file.format != "SVG" and min(file.size) >= 300
    assert int(first["width"]) >= 300


def test_copy_button_copies_the_permanent_url(browser, demo_server):
    context, page = phone_page(browser, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{demo_server}/news/kunming-2018-launch/")
    button = page.get_by_role("button", name="复制链接")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "news/kunming-2018-launch/"
    assert page.get_by_role("status").filter(has_text="已复制").is_visible()
    context.close()


def test_without_javascript_the_url_is_there_to_select(browser, demo_server):
    context, page = phone_page(browser, java_script_enabled=False)
    page.goto(f"{demo_server}/exemplars/li-xiaolei-example/")
    url = page.locator(".portal-share__url")
    assert url.is_visible() and url.inner_text() == SITE_URL + "exemplars/li-xiaolei-example/"
    assert not page.get_by_role("button", name="复制链接").is_visible()
    assert page.locator(".portal-share__qr").evaluate("img => img.naturalWidth") > 0
    context.close()


def test_share_kit_fits_a_phone(browser, demo_server, tmp_path):
    context, page = phone_page(browser)
    page.goto(f"{demo_server}/exemplars/li-xiaolei-example/")
    kit = page.locator(".portal-share")
    kit.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = kit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    for name in ("打印 A4 海报", "分享图片（PNG）", "二维码（PNG）", "文字和原图（zip）"):
        assert page.get_by_role("link", name=name).is_visible()
    kit.screenshot(path=tmp_path / "share-kit.png")  # for a person to look at when it fails
    context.close()


def test_no_synthetic_italics_in_chinese(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(f"{demo_server}/exemplars/li-xiaolei-example/")
    assert page.locator("figcaption").first.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    emphasis = page.evaluate("""() => {
        const em = document.createElement("em");
        em.textContent = "重点";
        document.querySelector("article .portal-prose").append(em);
        const style = getComputedStyle(em);
        return [style.fontStyle, style.textEmphasisStyle || style.webkitTextEmphasisStyle];
    }""")
    assert emphasis[0] == "normal" and emphasis[1] in ("dot", "filled dot")  # 着重号 (filled is the default)
    context.close()


def test_month_poster_lists_every_activity_with_dates_once(demo_site):
    html = (demo_site / "posters/campaigns/kunming-2018/2018-03/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<div><dt>([^<]*)</dt><dd>([^<]*)</dd></div>", html)
    titles = [title for _, title in rows]
    assert ("每周六，志愿服务日", "学雷锋广场志愿服务活动") in rows  # the recurring Saturday activity
    assert ("3月5日，3·5当天", "开展市级层面学雷锋志愿服务大型活动") in rows
    assert "开展学雷锋志愿服务月活动" in titles
    assert len(titles) == len(set(titles)) == 7
    assert "（全月）" not in html and "））" not in html and "2018年3月5日" not in "".join(w for w, _ in rows)


def test_station_and_month_pages_link_their_posters(demo_site):
    station = (demo_site / "stations/zhenghe-square/index.html").read_text(encoding="utf-8")
    assert 'href="../../posters/stations/zhenghe-square/">打印站点海报</a>' in station
    month = (demo_site / "campaigns/kunming-2018/2018-03/index.html").read_text(encoding="utf-8")
    assert 'href="../../../posters/campaigns/kunming-2018/2018-03/">打印本月海报</a>' in month


def test_json_ld_image_is_the_card_when_the_photo_is_a_drawing(demo_site):
    html = (demo_site / "exemplars/li-xiaolei-example/index.html").read_text(encoding="utf-8")
    [ld] = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert ld["image"] == [SITE_URL + "assets/cards/exemplars/li-xiaolei-example.png"]
    assert json.dumps(ld, ensure_ascii=False).count(".svg") == 0
