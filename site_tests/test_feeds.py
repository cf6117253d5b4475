"""Story feeds as a feed reader and a journalist meet them: the RFC 4287 / RSS 2.0 rules checked one
by one on the XML, feedparser without complaints, a second parser (fastfeedparser, lxml-based and
independent of feedparser) finding every entry and its picture, the right stories in each kind's
and region's feed, discovery links on the pages readers start from, and hostile titles, credits
and summaries that stay text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import fastfeedparser
import feedparser
import lxml.html
import pytest
import yaml
from defusedxml import ElementTree

from generator.gate.errors import GateError
from generator.gate.feeds import feed_policy
from site_tests.conftest import REPO, make_project

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SITE_URL = "https://xueleifeng.example.cn/"
KIND_FILES = {"最美志愿者": "volunteers", "最佳志愿服务组织": "organisations", "最佳志愿服务项目": "projects",
              "最美志愿服务社区": "communities"}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def site_file(site: Path, url: str, base: str = SITE_URL) -> Path:
    """The built file a site URL names (a directory URL is its index.html)."""
    assert url.startswith(base), url
    target = site / url[len(base):]
    return target / "index.html" if url.endswith("/") else target


def feeds(site: Path, suffix: str) -> list[Path]:
    found = sorted(site.glob(f"feed-*.{suffix}"))
    assert found
    return found


def html_payload_problems(html: str) -> list[str]:
    """What a feed reader rendering ``html`` would run or load from elsewhere."""
    if not html.strip():
        return []
    problems = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if element.tag in ("script", "style", "iframe", "object", "embed", "svg", "form"):
            problems.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.startswith("on") or value.strip().lower().startswith(("javascript:", "data:")):
                problems.append(f"{element.tag}@{name}={value}")
    return problems


def content_urls(path: Path) -> list[str]:
    """Every src and href inside the HTML that entries of the feed at ``path`` carry."""
    if path.suffix == ".json":
        import json

        payloads = [item["content_html"] for item in json.loads(path.read_text(encoding="utf-8"))["items"]]
    else:
        root = ElementTree.fromstring(path.read_bytes(), forbid_dtd=True)
        payloads = [e.text or "" for e in root.iter() if e.tag in (f"{ATOM}content", CONTENT)]
        payloads += [item.findtext("description") or "" for item in root.iter("item")]
    found = []
    for html in payloads:
        if html.strip():
            for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
                found += [element.get(name) for name in ("src", "href") if element.get(name) is not None]
    return found


def assert_content_urls_are_the_sites_files(site: Path, base: str) -> int:
    """RSS has no xml:base and readers resolve a relative URL against the item's link (or not at
    all): every URL inside entry content is an absolute https URL of the site naming a built file."""
    seen = 0
    for path in feeds(site, "xml") + feeds(site, "rss") + feeds(site, "json"):
        for url in content_urls(path):
            assert url.startswith(base) and base.startswith("https://"), (path.name, url)
            assert site_file(site, url.partition("#")[0], base).is_file(), (path.name, url)
            seen += 1
    return seen


# --- the demo's feeds, rule by rule ---------------------------------------------------------------


def test_atom_feeds_follow_rfc_4287(demo_site):
    for path in feeds(demo_site, "xml"):
        root = ElementTree.fromstring(path.read_bytes(), forbid_dtd=True)
        assert root.tag == f"{ATOM}feed", path.name
        for name in ("id", "title", "updated"):  # 4.1.1: exactly one of each
            assert len(root.findall(f"{ATOM}{name}")) == 1, (path.name, name)
            assert root.findtext(f"{ATOM}{name}").strip(), (path.name, name)
        assert root.findtext(f"{ATOM}author/{ATOM}name").strip(), path.name  # no entry needs its own then
        links = root.findall(f"{ATOM}link")
        selves = [link.get("href") for link in links if link.get("rel") == "self"]
        assert selves == [SITE_URL + path.name], path.name
        pages = [link for link in links if link.get("rel") == "alternate"]
        assert len(pages) == 1 and pages[0].get("type") == "text/html", path.name
        assert site_file(demo_site, pages[0].get("href")).is_file(), path.name
        ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)), path.name
        for entry in root.findall(f"{ATOM}entry"):
            for name in ("id", "title", "updated", "summary"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (path.name, name)
            for text in [entry.find(f"{ATOM}{n}") for n in ("title", "summary", "content")]:
                kind = text.get("type", "text")
                assert kind in ("text", "html", "xhtml") or "/" in kind, (path.name, kind)  # 3.1.1, 4.1.3.1
            assert entry.find(f"{ATOM}content").get("type") == "html"
            alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
            assert len(alternates) == 1, path.name  # 4.1.1: not two alternates of one type
            assert site_file(demo_site, alternates[0].get("href")).is_file()
            if path.name == "feed-changes.xml":  # a commit is no page: its entry links the 更新记录
                assert entry.findtext(f"{ATOM}id").startswith(alternates[0].get("href") + "#")
            else:
                assert entry.findtext(f"{ATOM}id") == alternates[0].get("href")  # the permanent URL


def test_urls_inside_entry_content_are_absolute_on_the_site(demo_site):
    assert assert_content_urls_are_the_sites_files(demo_site, SITE_URL) > 0


def test_rss_channel_links_its_page_and_itself(demo_site):
    for path in feeds(demo_site, "rss"):
        root = ElementTree.fromstring(path.read_bytes(), forbid_dtd=True)
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for name in ("title", "link", "description"):  # required channel elements
            assert (channel.findtext(name) or "").strip(), (path.name, name)
        link = channel.findtext("link")
        assert link.endswith("/") and site_file(demo_site, link).is_file(), (path.name, link)
        selves = [a.get("href") for a in channel.findall(f"{ATOM}link") if a.get("rel") == "self"]
        assert selves == [SITE_URL + path.name], path.name
        for item in channel.findall("item"):
            assert site_file(demo_site, item.findtext("link")).is_file()
            assert item.find("guid").get("isPermaLink") == "true" and item.findtext("guid") == item.findtext("link")
            assert item.findtext("description").strip()


def test_every_item_carries_its_lead_picture_with_credit(demo_site):
    """An enclosure is a raster file of the site with its true length; an SVG photo's stand-in is
    the story's share card; the credit travels as Media RSS."""
    seen = 0
    for path in feeds(demo_site, "xml") + feeds(demo_site, "rss"):
        root = ElementTree.fromstring(path.read_bytes(), forbid_dtd=True)
        items = root.findall(f"{ATOM}entry") or root.findall("channel/item")
        for item in items:
            if path.suffix == ".xml":
                enclosures = [(e.get("href"), e.get("length"), e.get("type"))
                              for e in item.findall(f"{ATOM}link") if e.get("rel") == "enclosure"]
            else:
                enclosures = [(e.get("url"), e.get("length"), e.get("type")) for e in item.findall("enclosure")]
            assert len(enclosures) <= 1
            for url, length, mime in enclosures:
                seen += 1
                target = site_file(demo_site, url)
                assert int(length) == target.stat().st_size, (path.name, url)
                assert mime in ("image/png", "image/jpeg", "image/gif", "image/webp"), mime
                assert not url.endswith(".svg")
                media = item.find(f"{MEDIA}content")
                assert media.get("url") == url and media.get("fileSize") == length
                assert media.findtext(f"{MEDIA}credit").strip()
    assert seen >= 6  # the demo's stories with photos, in more than one feed each


def test_feedparser_reads_every_feed_without_complaint(demo_site):
    for path in feeds(demo_site, "xml") + feeds(demo_site, "rss"):
        served = {"content-location": SITE_URL + path.name,  # as a web server sends it
                  "content-type": "application/atom+xml" if path.suffix == ".xml" else "application/rss+xml"}
        parsed = feedparser.parse(path.read_bytes(), response_headers=served)
        assert parsed.bozo == 0, (path.name, parsed.get("bozo_exception"))
        assert parsed.version in ("atom10", "rss20")
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.summary


def test_a_second_parser_finds_the_entries_and_their_pictures(demo_site):
    """fastfeedparser (lxml, no feedparser inside) sees what feedparser sees."""
    for path in feeds(demo_site, "xml") + feeds(demo_site, "rss"):
        data = path.read_bytes()
        first = feedparser.parse(data)
        second = fastfeedparser.parse(data)
        assert [e["link"] for e in second["entries"]] == [e.link for e in first.entries], path.name
        assert [e["title"] for e in second["entries"]] == [e.title for e in first.entries], path.name
        for entry, reference in zip(second["entries"], first.entries):
            expected = [link.href for link in reference.get("links", []) if link.get("rel") == "enclosure"]
            if path.suffix == ".xml":
                found = [link["href"] for link in entry.get("links", []) if link.get("rel") == "enclosure"]
            else:
                found = [enclosure["url"] for enclosure in entry.get("enclosures") or []]
            assert found == expected, path.name
            for media in entry.get("media_content") or []:
                assert media["url"] in found and media.get("credit")


def test_each_kind_and_region_feed_holds_exactly_its_stories(demo_site):
    """Expected from the content files themselves: a kind's stories; a region's, and for a city its
    districts' (a district region names the same province and city)."""
    stories = {path.stem: front_matter(path) for path in (REPO / "content/exemplars").rglob("*.md")}
    stories = {slug: meta for slug, meta in stories.items() if not meta.get("draft")}
    regions = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
               for path in (REPO / "content/regions").glob("*.yaml")}

    def holds(path: str) -> set[str]:
        parsed = feedparser.parse((demo_site / path).read_bytes())
        return {urlsplit(entry.link).path.strip("/").removeprefix("exemplars/") for entry in parsed.entries}

    for kind, name in KIND_FILES.items():
        expected = {slug for slug, meta in stories.items() if meta["kind"] == kind}
        assert holds(f"feed-kind-{name}.xml") == expected == holds(f"feed-kind-{name}.rss"), kind
    for region_id, region in regions.items():
        def inside(other: dict) -> bool:
            return (not region.get("district") and other.get("district") and other["province"] == region["province"]
                    and other["city"] == region["city"])
        expected = {slug for slug, meta in stories.items()
                    if meta["region"] == region_id or inside(regions[meta["region"]])}
        assert holds(f"feed-region-{region_id}.xml") == expected == holds(f"feed-region-{region_id}.rss"), region_id
    assert holds("feed-stories.xml") == set(stories)
    news = feedparser.parse((demo_site / "feed-news.xml").read_bytes())
    expected_news = {p for p in (REPO / "content/news").rglob("*.md") if not front_matter(p).get("draft")}
    assert len(news.entries) == len(expected_news)
    assert all("/news/" in entry.link for entry in news.entries)


def test_pages_readers_start_from_announce_their_feeds(demo_site):
    def announced(page: str) -> list[str]:
        document = lxml.html.fromstring((demo_site / page).read_bytes())
        links = document.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
        assert all(link.get("title") for link in links), page
        hrefs = [urljoin(SITE_URL + page, link.get("href")) for link in links]
        for href in hrefs:
            assert site_file(demo_site, href).is_file(), (page, href)
        return [href.removeprefix(SITE_URL) for href in hrefs]

    assert set(announced("index.html")) == {"feed-stories.xml", "feed-news.xml"}
    assert "feed-stories.xml" in announced("exemplars/index.html")
    assert "feed-news.xml" in announced("news/index.html")
    assert set(announced("feeds/index.html")) >= {"feed-stories.xml", "feed-news.xml"}
    assert set(announced("exemplars/li-xiaolei-example/index.html")) == {
        "feed-stories.xml", "feed-kind-volunteers.xml", "feed-region-kunming.xml"}
    assert announced("news/kunming-2018-launch/index.html") == ["feed-news.xml"]
    assert announced("stations/index.html") == []  # elsewhere none: each costs a sitemap fetch (Material)


def test_the_feeds_page_lists_every_feed(demo_site):
    page = lxml.html.fromstring((demo_site / "feeds/index.html").read_bytes())
    linked = {urljoin(SITE_URL + "feeds/", href).removeprefix(SITE_URL) for href in page.xpath("//a/@href")}
    built = {path.name for path in demo_site.glob("feed-*.*")}
    assert built <= linked, built - linked
    text = page.text_content()
    assert all(kind in text for kind in KIND_FILES) and "昆明市" in text and "按地区" in text


# --- hostile content and a raster photo on a small project ----------------------------------------


HOSTILE_TITLE = "标题]]></content><script>alert(1)</script>&amp;<b>粗</b>"
HOSTILE_CREDIT = '<img src=x onerror="alert(2)">摄影 & 某某'
HOSTILE_SUMMARY = "摘要</description><script>alert(3)</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from PIL import Image

    from generator.build import build_site

    project = make_project(tmp_path_factory.mktemp("feeds") / "project")
    images = project / "content/images"
    images.mkdir(exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#a4161a").save(buffer, format="JPEG")
    (images / "photo.jpg").write_bytes(buffer.getvalue())
    story = {"kind": "最佳志愿服务项目", "name": "某项目", "title": HOSTILE_TITLE, "year": 2019, "region": "democity",
             "campaign": "demo-2019", "date": "2019-03-06", "summary": HOSTILE_SUMMARY, "slug": "hostile",
             "photos": [{"src": "photo.jpg", "alt": "红色<script>alert(4)</script>", "credit": HOSTILE_CREDIT}]}
    body = ("正文 <b>粗体</b> 与 ]]> 结束。\n\n## 小标题\n\n[全部典型](../) 与 [本页](./) 与 ![照片](../../images/photo.jpg)\n")
    text = "---\n" + yaml.safe_dump(story, allow_unicode=True) + "---\n" + body
    (project / "content/exemplars/hostile.md").write_text(text, encoding="utf-8")
    return build_site(project, date(2019, 3, 10), site_dir=project / "site")


def _base(site: Path) -> str:
    return (yaml.safe_load((site.parent / "campaigns.yaml").read_text(encoding="utf-8"))["site"]["url"]).rstrip("/") + "/"


def test_hostile_strings_stay_text_in_every_feed(hostile_site):
    base = _base(hostile_site)
    for path in sorted(hostile_site.glob("feed-*.xml")) + sorted(hostile_site.glob("feed-*.rss")):
        data = path.read_bytes()
        root = ElementTree.fromstring(data, forbid_dtd=True)  # well-formed despite ]]> and </content>
        assert b"<script" not in data and b"CDATA" not in data, path.name
        payloads = [e.text or "" for e in root.iter() if e.tag in (f"{ATOM}content", CONTENT, "description")]
        for html in payloads:
            assert html_payload_problems(html) == [], (path.name, html)
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0
        hostile = [entry for entry in parsed.entries if entry.link == base + "exemplars/hostile/"]
        if path.name in ("feed-stories.xml", "feed-stories.rss", "feed-kind-projects.xml", "feed-kind-projects.rss"):
            assert len(hostile) == 1, path.name
            entry = hostile[0]
            assert entry.title == HOSTILE_TITLE  # the title is text: a reader shows it as written
            if path.suffix == ".xml":  # Atom's summary is plain text: the editor's words, as written
                summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
                assert HOSTILE_SUMMARY in summaries
            credits = [e.findtext(f"{MEDIA}credit") for e in root.iter(f"{MEDIA}content")]
            assert HOSTILE_CREDIT in credits  # text in XML, escaped by the serializer
    atom = (hostile_site / "feed-kind-projects.xml").read_bytes()
    assert "摄影 &amp; 某某".encode() in atom


def test_relative_urls_in_a_story_body_become_absolute_in_its_feeds(hostile_site):
    base = _base(hostile_site)
    assert assert_content_urls_are_the_sites_files(hostile_site, base) > 0
    found = set(content_urls(hostile_site / "feed-kind-projects.rss"))
    assert {base + "exemplars/", base + "exemplars/hostile/", base + "images/photo.jpg"} <= found  # the body's


def test_a_raster_photo_is_the_enclosure_itself(hostile_site):
    base = _base(hostile_site)
    photo = hostile_site / "images/photo.jpg"
    for name in ("feed-kind-projects.xml", "feed-kind-projects.rss"):
        parsed = fastfeedparser.parse((hostile_site / name).read_bytes())
        entry = next(e for e in parsed["entries"] if e["link"] == base + "exemplars/hostile/")
        if name.endswith(".rss"):
            assert entry["enclosures"] == [{"url": base + "images/photo.jpg", "type": "image/jpeg",
                                            "length": photo.stat().st_size}]
        else:
            assert [(link["href"], link["type"]) for link in entry["links"] if link["rel"] == "enclosure"] == [
                (base + "images/photo.jpg", "image/jpeg")]
        assert entry["media_content"][0]["credit"] == HOSTILE_CREDIT


def test_the_feed_gate_refuses_what_the_rfcs_forbid():
    def atom(content: str = '<content type="html">&lt;p&gt;x&lt;/p&gt;</content>',
             links: str = '<link rel="self" href="https://a.example/feed-x.xml"/>') -> bytes:
        return (f'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://a.example/x</id><title>t</title>'
                f'<updated>2019-01-01T00:00:00Z</updated>{links}<entry><id>https://a.example/s/</id><title>s</title>'
                f'<updated>2019-01-01T00:00:00Z</updated>{content}</entry></feed>').encode()

    assert feed_policy("feed-x.xml", atom())
    own = '<content type="html">&lt;p&gt;&lt;img src="https://a.example/images/x.png"&gt;&lt;a href="https://a.example/s/#c-1"&gt;s&lt;/a&gt;&lt;a href="https://gov.example/"&gt;g&lt;/a&gt;&lt;/p&gt;</content>'
    assert feed_policy("feed-x.xml", atom(content=own))  # the site's own pictures, links anywhere
    refused = {
        "relative picture": atom(content='<content type="html">&lt;img src="images/x.png"&gt;</content>'),
        "relative link": atom(content='<content type="html">&lt;a href="../s/"&gt;s&lt;/a&gt;</content>'),
        "off-site picture": atom(content='<content type="html">&lt;img src="https://evil.example/x.png"&gt;</content>'),
        "script href": atom(content='<content type="html">&lt;a href="javascript:alert(1)"&gt;s&lt;/a&gt;</content>'),
        "CDATA type": atom(content='<content type="CDATA">x</content>'),
        "no self": atom(links=""),
        "two selves": atom(links='<link rel="self" href="https://a.example/feed-x.xml"/>' * 2),
        "self elsewhere": atom(links='<link rel="self" href="https://a.example/feed-y.xml"/>'),
        "off-site enclosure": atom(links='<link rel="self" href="https://a.example/feed-x.xml"/>'
                                         '<link rel="enclosure" href="https://evil.example/x.png" length="1" type="image/png"/>'),
        "script link": atom(links='<link rel="self" href="https://a.example/feed-x.xml"/>'
                                  '<link href="javascript:alert(1)"/>'),
        "script in html": atom(content='<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;</content>'),
    }
    for what, data in refused.items():
        with pytest.raises(GateError):
            feed_policy("feed-x.xml", data)
            pytest.fail(what)


def test_a_control_character_in_a_title_is_an_editors_error_not_a_broken_feed(mini, check):
    """XML 1.0 cannot carry most control characters: the title is refused at its line, in Chinese,
    before any feed is rendered (lxml would otherwise raise in the middle of the build)."""
    story = mini / "content/exemplars/li-xiaolei.md"
    story.write_text(story.read_text(encoding="utf-8").replace("title: 广场上的", "title: 广场\x08上的"),
                     encoding="utf-8")
    errors = check()
    assert len(errors) == 1 and errors[0].startswith("content/exemplars/li-xiaolei.md:4: 含有不可见的控制字符 U+0008"), errors
