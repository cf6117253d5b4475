"""Publicity: printable A4 posters whose QR codes lead back to the site, and the targets dashboard."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pypdf
import pytest
import zxingcpp
from PIL import Image

from conftest import edit, line_of, phone_page

SITE_URL = "https://xueleifeng.example.cn/"


@pytest.mark.parametrize("path, target", [
    ("posters/campaigns/kunming-2018/", "campaigns/kunming-2018/"),
    ("posters/campaigns/kunming-2018/2018-03/", "campaigns/kunming-2018/2018-03/"),
    ("posters/stations/meilie-qifei-park/", "stations/meilie-qifei-park/"),
])
def test_poster_prints_on_one_a4_page_with_a_working_qr_code(browser, demo_server, path, target):
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=2)
    page.goto(f"{demo_server}/{path}")
    for code, url in ((".portal-poster-code:not(.portal-poster-signup) svg", SITE_URL + target),
                      (".portal-poster-signup svg", "https://chinavolunteer.mca.gov.cn/")):  # where to register
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(page.locator(code).screenshot())))
        assert [result.text for result in decoded] == [url]
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.3, 841.9), abs=2)  # A4 portrait, points
    text = pdf.pages[0].extract_text()  # real text, not an image (some glyphs extract as radicals)
    assert "学雷锋志愿服务" in text and "扫码" in text
    page.close()


def test_poster_preview_fits_a_phone(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(f"{demo_server}/posters/campaigns/puer-2019/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator(".portal-poster").bounding_box()
    assert box["width"] <= 360 and box["height"] == pytest.approx(box["width"] * 297 / 210, rel=0.02)
    assert page.get_by_role("button", name="打印海报").is_visible()
    context.close()


def test_publicity_page_lists_slogans_keywords_and_posters(demo_site):
    html = (demo_site / "publicity/index.html").read_text(encoding="utf-8")
    assert "我的城市我的家 文明城市靠大家" in html and "日行一善·为文明点赞" in html
    for keyword in ("喜庆", "团圆", "奉献", "文明", "健康", "关爱", "初心", "融合", "团结", "复兴", "环保", "共享"):
        assert f"<strong>{keyword}</strong>" in html
    assert 'href="../posters/stations/zhenghe-square/"' in html


def test_targets_dashboard_shows_puers_goals_without_javascript(demo_site):
    html = (demo_site / "campaigns/puer-2019/targets/index.html").read_text(encoding="utf-8")
    for goal in ("≥ 20%", "≥ 15%", "≥ 13%", "≥ 5000个", "≥ 95%", "≥ 90%", "≥ 75%", "≥ 50小时"):
        assert goal in html, goal
    start = html.index('<svg class="portal-target-chart"')
    svg = ET.fromstring(html[start:html.index("</svg>", start) + 6])
    assert svg.get("role") == "img"
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title.text == ("全市注册志愿者人数占全市建城区常住人口比例：目标 ≥ 20%，2020年6月30日报告 17.8%，未达标")
    assert "<td>已达标</td>" in html and "<td>未达标</td>" in html and "<td>尚无报告</td>" in html
    assert "<script" not in html[html.index('<article'):html.index('</article>')]


def test_photo_without_alt_text_or_credit(check, mini):
    story = "content/exemplars/li-xiaolei.md"
    (mini / "content/images").mkdir()
    (mini / "content/images/a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    text = edit(mini, story, "stations: [square]\n", "stations: [square]\nphotos:\n  - src: a.svg\n")
    line = line_of(mini, story, "- src: a.svg")
    assert check() == [
        f"{story}:{line}: photos[0].alt: 缺少 alt（图片说明，图片的文字说明，供读屏软件朗读，图片打不开时也显示它："
        "写图片里有什么）：请在这里补上一行，如“alt: 志愿者在广场上为居民量血压”。",
        f"{story}:{line}: photos[0].credit: 缺少 credit（摄影或来源，谁拍的，或图片来自哪里）：请在这里补上一行，"
        "如“credit: 某某 摄”。",
    ]
    (mini / story).write_text(text.replace("  - src: a.svg\n", "  - src: ../secret.svg\n    alt: 图\n    credit: 摄影\n"),
                              encoding="utf-8")
    assert check() == [
        f"{story}:{line}: photos[0].src: 图片“../secret.svg”不存在或不是图片文件：请把图片放到 content/images/ 下，"
        "写相对路径（如 zhenghe-square.jpg），格式为 .jpg、.jpeg、.png、.webp、.gif、.svg。",
    ]


def test_story_without_date(check, mini):
    story = "content/exemplars/li-xiaolei.md"
    edit(mini, story, "date: 2019-03-05\n", "")
    assert check() == [f"{story}:2: date: 缺少 date（日期，文章的日期，列表按它排序）：请在这里补上一行，如“date: 2018-03-05”。"]


def test_poster_qr_outside_the_site(check, mini):
    station = "content/stations/square.yaml"
    edit(mini, station, "sample: true\n", "sample: true\nposter_qr: https://evil.example.com/\n")
    assert check() == [
        f"{station}:{line_of(mini, station, 'poster_qr')}: poster_qr: 海报二维码只能指向本站（以 https://example.org/ 开头的网址），"
        "“https://evil.example.com/”不在本站。如需介绍其他平台，请写在正文中。"]
