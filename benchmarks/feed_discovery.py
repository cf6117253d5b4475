"""Benchmark: what the feed discovery links (<link rel="alternate" type="application/atom+xml">) cost
a reader per page view.

    .venv/bin/python benchmarks/feed_discovery.py [SITE_DIR]

Material's JavaScript treats every <link rel="alternate"> as another language version of the site
and downloads the sitemap.xml beside it, on every page view (also after instant navigation).  The
portal's feeds sit at the site root, so that is the site's own /sitemap.xml, which instant
navigation fetches anyway.  This measures the difference: the same built site served twice,
once as built ("after") and once with every rel=alternate link removed from its pages
("before", as the home page, story and news pages were before feed discovery), each page
opened in headless Chromium at a phone viewport, first as a first visit (empty cache), then
again in the same context after opening another page (a later page view, warm cache).  Requests up to `load` plus a
settle are counted where they arrive, at the server (a browser cache hit is no request), with
the body bytes the server sent.  Three set-ups: the browser's cache off (Playwright with request
routing, DevTools' "Disable cache"), plain http.server (no Cache-Control, like a host that sets
none) and deploy/nginx.conf's Cache-Control and gzip (benchmarks/lighthouse.py's NginxLike).
A report: exits 0.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
from lighthouse import NginxLike  # noqa: E402
from page_weight import build_demo, kb, pad, settle  # noqa: E402
from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, PHONE_CONTEXT, QuietHandler, serve  # noqa: E402

ARRIVED: list[str] = []  # paths the server was asked for, in order
SENT: list[int] = []  # Content-Length of every response body the server sent


class Counted:
    def do_GET(self):
        ARRIVED.append(urlsplit(self.path).path)
        super().do_GET()

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            SENT.append(int(value))
        super().send_header(keyword, value)


class CountedPlain(Counted, QuietHandler):
    pass


class CountedNginx(Counted, NginxLike):
    pass


PAGES = [
    ("首页 home", "/"),
    ("典型 story", "/exemplars/li-xiaolei-example/"),
    ("动态 news", "/news/kunming-2018-launch/"),
    ("典型列表 exemplars", "/exemplars/"),
    ("动态列表 news index", "/news/"),
    ("订阅 feeds", "/feeds/"),
    ("站点 station (none)", "/stations/zhenghe-square/"),
]
WARM_UP = "/search/"  # announces no feed
ALTERNATE = re.compile(r'\s*<link rel="alternate"[^>]*>')


def without_alternates(site: Path, target: Path) -> Path:
    """A copy of ``site`` whose pages announce no feed: the "before" of this benchmark."""
    shutil.copytree(site, target, symlinks=True)
    for page in target.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stripped = ALTERNATE.sub("", text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    return target


def view(browser, base: str, path: str, cache: bool) -> list[dict]:
    """First visit and a later view of one page: requests and bytes that reached the server, and
    sitemap fetches among them.  ``cache`` False: Playwright turns the browser's HTTP cache off in
    a context that routes requests (as page_weight.py's contexts do, and DevTools' "Disable cache")."""
    context = browser.new_context(**PHONE_CONTEXT)
    if not cache:
        context.route("**/*", lambda route: route.continue_())
    page = context.new_page()
    figures = []
    for warm in (False, True):
        if warm:  # a later page view: the reader has opened another page of the site first
            page.goto(base + WARM_UP, wait_until="load")
            settle(page)
        arrived, sent = len(ARRIVED), len(SENT)
        page.goto(base + path, wait_until="load")
        settle(page)
        hits = ARRIVED[arrived:]
        figures.append({
            "requests": len(hits),
            "sitemaps": sum(1 for hit in hits if hit.endswith("sitemap.xml")),
            "alternates": page.locator('link[rel="alternate"]').count(),
            "bytes": sum(SENT[sent:]),
        })
    context.close()
    return figures


SERVERS = (("http.server, browser cache off", CountedPlain, False),
           ("http.server (no Cache-Control)", CountedPlain, True),
           ("deploy/nginx.conf headers (Cache-Control, gzip)", CountedNginx, True))


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else build_demo(Path(temp))
        before = without_alternates(site, Path(temp) / "before")
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for server, handler, cache in SERVERS:
                for label, root in (("before", before), ("after", site)):
                    with serve(root, handler) as base:
                        results[server, label] = {name: view(browser, base, path, cache) for name, path in PAGES}
            browser.close()
    print("Feed discovery: what reaches the server per page view, before (no rel=alternate) → after")
    for server, _, _ in SERVERS:
        print(f"\n{server}")
        print(pad("page", 24) + "links | first visit: requests  sitemap.xml  KB sent    | later view: requests  KB sent")
        for name, _ in PAGES:
            (b1, b2), (a1, a2) = results[server, "before"][name], results[server, "after"][name]
            print(pad(name, 24) + f"{a1['alternates']:>5} | {b1['requests']:>14} → {a1['requests']:<4}"
                  f"{b1['sitemaps']:>5} → {a1['sitemaps']:<3}  {kb(b1['bytes']):>5} → {kb(a1['bytes']):<6}|"
                  f"{b2['requests']:>14} → {a2['requests']:<4} {kb(b2['bytes']):>5} → {kb(a2['bytes'])}")


if __name__ == "__main__":
    main()
