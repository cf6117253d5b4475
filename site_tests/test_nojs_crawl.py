"""Without JavaScript: every page of the demo is reached by following links from the home page,
every page shows its main content, and calendars, the station directory and the exemplar list
are all there.

The crawl follows ``<a href>`` breadth-first over HTTP and reads links from each page's HTML, as
a browser without scripts sees them (nothing a script adds is followed); a sample of one page per
kind of URL is rendered in Chromium with JavaScript disabled to check that it shows the same links
and a visible article.  The expected set is every HTML file of the built site, minus 404.html and
redirect stubs for old URLs (a meta refresh plus a canonical link and no article).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import PHONE_CONTEXT

NOT_PAGES = {"404.html"}  # served for missing URLs, linked from nowhere


@dataclass
class Page:
    links: list[str] = field(default_factory=list)  # href values, as written
    canonical: str | None = None
    refresh: bool = False
    article: bool = False
    article_text: str = ""

    @property
    def redirect_stub(self) -> bool:
        return self.refresh and self.canonical is not None and not self.article


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._article_depth = 0
        self._skip = 0  # inside <script>/<style>
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") is not None:
            self.page.links.append(attrs["href"])
        elif tag == "link" and "canonical" in (attrs.get("rel") or "").split():
            self.page.canonical = attrs.get("href")
        elif tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.page.refresh = True
        elif tag == "article":
            self.page.article = True
            self._article_depth += 1
        elif tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        elif tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._article_depth and not self._skip:
            self._text.append(data)

    def close(self):
        super().close()
        self.page.article_text = " ".join("".join(self._text).split())


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def page_path(file: Path, root: Path) -> str:
    """The URL path a built file is served at: …/index.html → …/."""
    relative = file.relative_to(root).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def looks_like_a_page(path: str) -> bool:
    """Directory URLs and .html files; feeds, .ics, images and data files are not followed."""
    last = path.rsplit("/", 1)[-1]
    return "." not in last or last.endswith((".html", ".htm"))


def fetch(url: str) -> tuple[str, str | None]:
    """(final URL after redirects, HTML text or None when the response is not an HTML page)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            if response.headers.get_content_type() != "text/html":
                return response.geturl(), None
            return response.geturl(), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{url}: HTTP {error.code}") from None


@dataclass
class Crawl:
    pages: dict[str, Page]           # URL path → what the page holds
    found_on: dict[str, str]         # URL path → the page whose link first led there
    broken: list[str]


@pytest.fixture(scope="module")
def crawl(demo_server) -> Crawl:
    origin = urlsplit(demo_server)
    home = read(fetch(demo_server + "/")[1])
    # Links to the published address (https://<site_url>/…) are links to this site too.
    published = urlsplit(home.canonical or "")
    same_site = {(origin.scheme, origin.netloc), (published.scheme, published.netloc)}

    pages, found_on, broken = {"/": home}, {"/": ""}, []
    queue = deque(["/"])
    while queue:
        here = queue.popleft()
        for href in pages[here].links:
            target = urlsplit(urljoin(demo_server + here, href))
            if (target.scheme, target.netloc) not in same_site:
                continue
            path = unquote(target.path) or "/"
            if path in found_on or not looks_like_a_page(path):
                continue
            found_on[path] = here
            try:
                final, html = fetch(demo_server + target.path)
            except AssertionError as error:
                broken.append(f"{error} (linked from {here})")
                continue
            if html is None:
                continue
            final_path = unquote(urlsplit(final).path)
            found_on.setdefault(final_path, here)
            if final_path not in pages:
                pages[final_path] = read(html)
                queue.append(final_path)
    return Crawl(pages, found_on, broken)


def expected_pages(site: Path) -> dict[str, Page]:
    expected = {}
    for file in sorted(site.rglob("*.html")):
        if file.relative_to(site).as_posix() in NOT_PAGES:
            continue
        page = read(file.read_text(encoding="utf-8"))
        if not page.redirect_stub:
            expected[page_path(file, site)] = page
    return expected


def test_every_page_is_reached_by_links_without_javascript(crawl, demo_site):
    expected = expected_pages(demo_site)
    assert len(expected) > 400, "the demo has far more pages than that: is the site built?"
    assert crawl.broken == []
    missing = sorted(set(expected) - set(crawl.pages))
    assert missing == [], f"{len(missing)} page(s) no link leads to, e.g. {missing[:20]}"


def test_redirect_stubs_are_recognised():
    stub = read('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面已迁移</title>'
                '<link rel="canonical" href="https://example.cn/new/"><meta http-equiv="refresh" '
                'content="0; url=../new/"></head><body><p>本页已迁移到 <a href="../new/">新网址</a>。</p>'
                '</body></html>')
    assert stub.redirect_stub
    page = read('<html><head><link rel="canonical" href="https://example.cn/a/"></head>'
                '<body><article class="md-content__inner">正文</article></body></html>')
    assert not page.redirect_stub and page.article_text == "正文"


def test_every_reached_page_has_main_content(crawl):
    empty = sorted(path for path, page in crawl.pages.items()
                   if not page.redirect_stub and not page.article_text)
    assert empty == [], f"pages without article text: {empty[:20]}"


def kind_of(path: str) -> tuple[str, int]:
    """A rough page kind: first URL segment and depth (/campaigns/x/activities/y/ → campaigns, 4)."""
    parts = [part for part in path.split("/") if part]
    return (parts[0] if parts else "", len(parts))


@pytest.fixture(scope="module")
def nojs_phone(browser):
    context = browser.new_context(**PHONE_CONTEXT, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_sample_renders_the_same_links_and_a_visible_article(crawl, nojs_phone, demo_server):
    """One page per kind in Chromium without JavaScript: the links the crawl read are the links
    the browser has, and the article is on screen with text in it."""
    page = nojs_phone
    samples = {}
    for path in sorted(crawl.pages):
        if not crawl.pages[path].redirect_stub:
            samples.setdefault(kind_of(path), path)
    assert len(samples) >= 15
    problems = []
    for path in samples.values():
        page.goto(demo_server + path)
        assert page.evaluate("typeof document$") == "undefined", "JavaScript ran"
        article = page.locator("article").first
        if not article.is_visible() or not article.inner_text().strip():
            problems.append(f"{path}: no visible article text")
        in_browser = set(page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"))
        if in_browser != set(crawl.pages[path].links):
            problems.append(f"{path}: links differ: {sorted(in_browser ^ set(crawl.pages[path].links))[:5]}")
    assert problems == []


NOJS_VIEWPORTS = {
    "phone": PHONE_CONTEXT,
    "desktop": {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"},
}


@pytest.fixture(scope="module", params=NOJS_VIEWPORTS)
def nojs(request, browser):
    context = browser.new_context(**NOJS_VIEWPORTS[request.param], java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/calendar/2018-03/", "/campaigns/kunming-2018/2018-03/"])
def test_month_calendar_shows_days_with_activities(nojs, demo_server, path):
    page = nojs
    page.goto(demo_server + path)
    grid = page.locator("table.portal-calendar")
    assert grid.is_visible()
    # 3 March 2018, a Saturday: 学雷锋广场志愿服务活动 on the first Saturday of the month.
    day = grid.locator("td.portal-cal-busy", has_text="3月3日")
    assert day.count() == 1 and day.is_visible()
    activity = day.get_by_role("link", name="学雷锋广场志愿服务活动")
    assert activity.is_visible()
    assert "/activities/lei-feng-square/" in activity.get_attribute("href")
    # 5 March, 学雷锋纪念日 with the city's big event.
    march5 = grid.locator("td.portal-cal-busy", has_text="3月5日")
    assert march5.get_by_text("学雷锋纪念日").is_visible()


def test_station_directory_lists_stations(nojs, demo_server):
    page = nojs
    page.goto(demo_server + "/stations/")
    by_region = page.locator("ul.portal-stations li")
    assert by_region.count() == 5  # five stations in the demo, each listed under its region
    assert all(item.is_visible() for item in by_region.all())
    assert by_region.get_by_role("link", name="晋宁区郑和文化广场").is_visible()
    assert not page.locator("form.portal-filter").is_visible()  # the filter needs JavaScript

    page.goto(demo_server + "/stations/map/")  # the map page carries the same stations as a list
    assert page.get_by_role("link", name="晋宁区郑和文化广场").first.is_visible()


def test_exemplar_list_shows_stories(nojs, demo_server):
    page = nojs
    page.goto(demo_server + "/exemplars/")
    story = page.get_by_role("link", name="每个周六都在广场：志愿者李晓雷（示例）的一年")
    assert story.is_visible()
    story.click()
    page.wait_for_url("**/exemplars/li-xiaolei-example/")
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip()
