"""Share metadata as a link preview reads it: Open Graph, Twitter, JSON-LD, the share image."""

from __future__ import annotations

import io

import extruct
import feedparser
import pytest
from PIL import Image, ImageChops, ImageDraw

from generator.render.cards import Card, _font, draw

SITE_URL = "https://xueleifeng.example.cn/"


def metadata(demo_site, path: str) -> dict:
    html = (demo_site / path / "index.html").read_text(encoding="utf-8")
    return extruct.extract(html, base_url=SITE_URL + path, syntaxes=["opengraph", "json-ld"], uniform=True)


def opengraph(data: dict) -> dict:
    [og] = data["opengraph"]
    return og


@pytest.mark.parametrize("path, og_type, ld_type", [
    ("exemplars/li-xiaolei-example/", "article", "NewsArticle"),
    ("news/kunming-2018-launch/", "article", "NewsArticle"),
    ("campaigns/kunming-2018/activities/march-5-event/", "website", "Event"),
    ("campaigns/puer-2019/", "website", "Event"),
    ("stations/zhenghe-square/", "place", "CivicStructure"),
    ("units/kunming/wenmingban/", "website", "GovernmentOrganization"),
    ("", "website", "WebSite"),
])
def test_every_kind_of_page_has_share_tags_and_json_ld(demo_site, path, og_type, ld_type):
    data = metadata(demo_site, path)
    og = opengraph(data)
    assert og["@type"] == og_type  # extruct reports og:type as @type
    assert og["og:url"] == SITE_URL + path
    assert og["og:image"].startswith(SITE_URL + "assets/cards/") and og["og:image"].endswith(".png")
    assert og["og:title"] and og["og:description"] and og["og:locale"] == "zh_CN"
    image = demo_site / og["og:image"].removeprefix(SITE_URL)
    assert Image.open(image).size == (1200, 630)
    [ld] = data["json-ld"]
    assert ld["@type"] == ld_type
    html = (demo_site / path / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL + path}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_story_json_ld_names_the_exemplar_and_a_raster_image(demo_site):
    [ld] = metadata(demo_site, "exemplars/li-xiaolei-example/")["json-ld"]
    assert ld["headline"] == "每个周六都在广场：志愿者李晓雷（示例）的一年"
    assert ld["datePublished"] == "2018-12-05"
    assert ld["about"] == {"@type": "Person", "name": "李晓雷（示例）",
                           "affiliation": {"@type": "Organization", "name": "晋宁区某街道学雷锋志愿服务队（示例）"}}
    # the photo is an SVG drawing, which search engines and WeChat ignore: the raster share card stands in
    assert ld["image"] == [SITE_URL + "assets/cards/exemplars/li-xiaolei-example.png"]


def test_recurring_activity_has_an_event_schedule(demo_site):
    [ld] = metadata(demo_site, "campaigns/kunming-2018/activities/lei-feng-square/")["json-ld"]
    assert ld["eventSchedule"]["repeatFrequency"] == "P1W"
    assert ld["eventSchedule"]["byDay"] == ["https://schema.org/Saturday"]


def test_share_image_draws_chinese_glyphs_not_boxes():
    def title_area(title: str) -> Image.Image:
        card = Card(title, "最美志愿者", "昆明市 · 2018年", "学雷锋志愿服务活动门户", "example.cn")
        return Image.open(io.BytesIO(draw(card))).convert("L").crop((72, 200, 1128, 290))

    first, second = title_area("学雷锋志愿服务"), title_area("国际志愿者日快")
    assert ImageChops.difference(first, second).getbbox() is not None  # tofu boxes would look alike
    assert first.getextrema()[0] < 80  # dark ink on the light card
    font = _font("Bold", 64)

    def glyph(char: str) -> bytes:
        image = Image.new("L", (80, 80))
        ImageDraw.Draw(image).text((0, 0), char, font=font, fill=255)
        return image.tobytes()

    notdef = glyph("\uffff")  # a code point without a glyph draws the .notdef box
    for char in "学雷锋志愿服务最美":
        assert glyph(char) != notdef, char


def test_share_images_are_cached(tmp_path):
    from generator.render.cards import card_png

    card = Card("标题", "类别", "副标题", "门户", "example.cn")
    first = card_png(card, tmp_path)
    cached = next(tmp_path.glob("*.png"))
    stamp = cached.stat().st_mtime_ns
    assert card_png(card, tmp_path) == first
    assert cached.stat().st_mtime_ns == stamp and len(list(tmp_path.glob("*.png"))) == 1


@pytest.mark.parametrize("name", ["news", "stories"])
def test_feeds_parse_without_errors(demo_site, name):
    for suffix in ("xml", "rss", "json"):
        path = demo_site / f"feed-{name}.{suffix}"
        if suffix == "json":
            import json

            feed = json.loads(path.read_text(encoding="utf-8"))
            assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["items"]
            assert all(item["id"].startswith(SITE_URL) for item in feed["items"])
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries
        for entry in parsed.entries:
            assert entry.link.startswith(SITE_URL) and entry.id.startswith(SITE_URL)


def test_drafts_are_not_published(demo_site):
    assert not (demo_site / "news/jincheng-2021-plan-draft").exists()
    assert "草稿" not in (demo_site / "feed-news.xml").read_text(encoding="utf-8")
    assert (demo_site / "news/tai-yuan-di-tie-er-hao-xian-qing-nian-zhi-yuan-fu-wu-jie-li/index.html").is_file()


# Feed discovery links: test_feeds.py (test_pages_readers_start_from_announce_their_feeds).
