"""Benchmark: what a phone downloads to first render each kind of page, with gzip.

    .venv/bin/python benchmarks/page_weight.py [SITE_DIR]

Builds the demo portal (today = 2018-03-01) into a temporary directory unless SITE_DIR is
given, serves it on 127.0.0.1 and opens one page of every kind in headless Chromium at a
360x740 phone viewport, each in a fresh context (a first visit: empty cache).  Every request
up to the `load` event plus a short settle is recorded and sized as a server with gzip would
send it: text bodies gzip level 6, already-compressed files (png/jpg/woff2, Pagefind's
.pf_* chunks and wasm) as they are.  Response headers are not counted.

Budgets: the activity page at most 100 KB gzip in total; no page requests any host other
than 127.0.0.1.  It is a report: the exit code is always 0; the last line says which
budgets failed, or 全部达标.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, PHONE_CONTEXT, serve  # noqa: E402

KB = 1024
ACTIVITY_BUDGET = 100 * KB
MATERIAL_CSS_JS = 60 * KB  # default Material's main CSS + bundle JS, gzip, the usual reference point
SETTLE_MS = 2_000  # wait for network idle after `load`: scripts that run on load fetch more (maps)

PAGES = [
    ("首页 home", "/"),
    ("方案 campaign", "/campaigns/kunming-2018/"),
    ("月度 month", "/campaigns/kunming-2018/2018-03/"),
    ("活动 activity", "/campaigns/kunming-2018/activities/blood-donation/"),
    ("单位 unit", "/units/kunming/tuanshiwei/"),
    ("日历 calendar", "/calendar/2018-03/"),
    ("站点列表 stations", "/stations/"),
    ("站点 station", "/stations/zhenghe-square/"),
    ("地图 map", "/stations/map/"),
    ("典型列表 exemplars", "/exemplars/"),
    ("典型 story", "/exemplars/li-xiaolei-example/"),
    ("动态 news", "/news/kunming-2018-launch/"),
    ("搜索 search", "/search/"),
    ("海报 poster", "/posters/campaigns/kunming-2018/"),
    ("看板 dashboard", "/campaigns/puer-2019/targets/"),
    ("日历订阅 subscribe", "/calendar/subscribe/"),
    ("订阅源 feeds", "/feeds/"),
]
ACTIVITY = "活动 activity"
CATEGORIES = ["html", "css", "js", "font", "image", "other"]
# Sent as they are by any server: gzip on top gains nothing (deploy/nginx.conf turns it off for Pagefind).
COMPRESSED_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "font/woff2",
                    "font/woff", "application/font-woff", "application/zip", "application/gzip")
COMPRESSED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".gz",
                       ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")


@dataclass
class Resource:
    url: str
    category: str
    raw: int
    packed: int  # bytes on the wire with gzip
    failed: str = ""


def build_demo(parent: Path) -> Path:
    """The demo as the tests see it (site_tests/conftest.py), without touching site/."""
    from generator.build import build_site

    return build_site(REPO, date(2018, 3, 1), site_dir=parent / "site", strict=True)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == "127.0.0.1"


def category(content_type: str, url: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    path = urlsplit(url).path.lower()
    if kind == "text/html":
        return "html"
    if kind == "text/css" or path.endswith(".css"):
        return "css"
    if "javascript" in kind or path.endswith((".js", ".mjs")):
        return "js"
    if kind.startswith("font/") or "font" in kind or path.endswith((".woff", ".woff2", ".ttf", ".otf")):
        return "font"
    if kind.startswith("image/"):
        return "image"
    return "other"


def gzip_size(body: bytes, content_type: str, url: str) -> int:
    kind = content_type.split(";")[0].strip().lower()
    if kind in COMPRESSED_TYPES or urlsplit(url).path.lower().endswith(COMPRESSED_SUFFIXES):
        return len(body)
    return len(gzip.compress(body, 6))


def size_request(request) -> Resource:
    """Size one recorded request; failed and aborted requests count with 0 bytes, 404s with their body."""
    if request.failure:
        return Resource(request.url, category("", request.url), 0, 0, request.failure)
    try:
        response = request.response()
        if response is None:
            return Resource(request.url, category("", request.url), 0, 0, "no response")
        content_type = response.headers.get("content-type", "")
        body = b"" if 300 <= response.status < 400 or response.status == 204 else response.body()
    except PlaywrightError as exc:  # e.g. a redirect, or a worker's request whose body is gone
        return Resource(request.url, category("", request.url), 0, 0, str(exc).splitlines()[0])
    return Resource(request.url, category(content_type, request.url), len(body),
                    gzip_size(body, content_type, request.url),
                    f"HTTP {response.status}" if response.status >= 400 else "")


def settle(page) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except PlaywrightTimeout:
        pass  # something keeps polling; what arrived so far is what first render needed


def open_context(browser):
    """A fresh phone context (cold cache) that records every request and never leaves 127.0.0.1."""
    context = browser.new_context(**PHONE_CONTEXT)
    requests: list = []
    context.on("request", lambda request: requests.append(request))
    # No internet here, and a real phone must not need it either: abort at once instead of waiting
    # for DNS, but keep the request in the list so it is reported.
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    return context, requests


def measure(browser, url: str) -> list[Resource]:
    context, requests = open_context(browser)
    page = context.new_page()
    page.goto(url, wait_until="load")
    settle(page)
    resources = [size_request(request) for request in list(requests)]
    context.close()
    return resources


def measure_search_interaction(browser, url: str) -> list[Resource]:
    """What opening Material's search box and typing a query adds on top of first render."""
    context, requests = open_context(browser)
    page = context.new_page()
    page.goto(url, wait_until="load")
    settle(page)
    before = len(requests)
    try:
        if not page.locator("input.md-search__input").is_visible():
            page.locator("label.md-header__button[for=__search]").click(timeout=5_000)
        box = page.locator("input.md-search__input")
        box.fill("献血", timeout=5_000)
        box.press("End")  # Material reads the box on key events; fill() alone only fires "input"
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    except PlaywrightTimeout:
        print("(活动页上没有搜索框，或搜索 10 秒内没有结果)")
    settle(page)
    resources = [size_request(request) for request in list(requests)[before:]]
    context.close()
    return resources


def totals(resources: list[Resource]) -> dict[str, int]:
    sums = dict.fromkeys(CATEGORIES + ["total"], 0)
    for resource in resources:
        sums[resource.category] += resource.packed
        sums["total"] += resource.packed
    return sums


def pad(text: str, width: int) -> str:
    """Left-align in a terminal column: Chinese characters take two cells."""
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cells)


def kb(size: int) -> str:
    return f"{size / KB:.1f}"


def print_table(results: dict[str, list[Resource]]) -> None:
    print("gzip KB per page kind (first visit, until load + settle; headers not counted)")
    header = f"{pad('page kind', 22)} {'req':>4} " + " ".join(f"{c:>6}" for c in CATEGORIES) + f" {'total':>7}  budget"
    print(header)
    print("-" * len(header))
    for name, resources in results.items():
        sums = totals(resources)
        budget = ""
        if name == ACTIVITY:
            budget = "≤100 KB ✓" if sums["total"] <= ACTIVITY_BUDGET else "≤100 KB ✗"
        external = [r for r in resources if not is_local(r.url)]
        if external:
            budget += f" 外部请求 {len(external)} ✗"
        print(f"{pad(name, 22)} {len(resources):>4} " + " ".join(f"{kb(sums[c]):>6}" for c in CATEGORIES)
              + f" {kb(sums['total']):>7}  {budget or '✓'}")


def print_failed_requests(results: dict[str, list[Resource]]) -> None:
    failed = [(name, r) for name, resources in results.items() for r in resources if r.failed and is_local(r.url)]
    if failed:
        print("\n本地请求失败:")
        for name, resource in failed:
            print(f"  {name}: {urlsplit(resource.url).path}  ({resource.failed})")


def print_top(resources: list[Resource], count: int = 5) -> None:
    print(f"\n活动页最大的 {count} 个资源 (gzip KB / raw KB):")
    for resource in sorted(resources, key=lambda r: r.packed, reverse=True)[:count]:
        print(f"  {kb(resource.packed):>6} / {kb(resource.raw):>6}  {resource.category:<5} {urlsplit(resource.url).path}")


def print_material_comparison(resources: list[Resource]) -> None:
    sums = totals(resources)
    css_js = sums["css"] + sums["js"]
    print(f"\n活动页 CSS+JS = {kb(css_js)} KB gzip (CSS {kb(sums['css'])} + JS {kb(sums['js'])}); "
          f"default Material ≈ {kb(MATERIAL_CSS_JS)} KB gzip for CSS+JS alone "
          f"({'+' if css_js >= MATERIAL_CSS_JS else ''}{kb(css_js - MATERIAL_CSS_JS)} KB)")


def print_duplicates(results: dict[str, list[Resource]]) -> None:
    """Same URL fetched more than once in one first visit: pure waste, usually a bug upstream."""
    pages: dict[tuple[str, int, int], list[str]] = {}
    for name, resources in results.items():
        for url, count in Counter(r.url.split("?")[0] for r in resources).items():
            if count > 1:
                waste = sum(r.packed for r in resources if r.url.split("?")[0] == url) * (count - 1) // count
                pages.setdefault((urlsplit(url).path, count, waste), []).append(name)
    if pages:
        print("\n同一页面重复请求同一地址:")
    for (path, count, waste), names in pages.items():
        where = "所有页面" if len(names) == len(results) else "、".join(names)
        print(f"  {path} ×{count}，多余 {kb(waste)} KB/页（{where}）")


def is_pagefind_runtime(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith(("/pagefind/pagefind.js", ".pagefind", ".pf_meta"))


def print_lazy(first_render: list[Resource], interaction: list[Resource]) -> None:
    print("\n只在交互时才加载（不计入上表）: 活动页打开搜索框并输入“献血”后新增的请求:")
    for resource in interaction:
        print(f"  {kb(resource.packed):>6} KB  {resource.category:<5} {urlsplit(resource.url).path}"
              + (f"  ({resource.failed})" if resource.failed else ""))
    print(f"  合计 {len(interaction)} 个请求, {kb(sum(r.packed for r in interaction))} KB gzip")
    # Material starts its search worker (ours: portal-search-worker.js) at load in any case;
    # Pagefind's runtime should wait for the first real query.
    eager = [r for r in first_render if is_pagefind_runtime(r.url)]
    if eager:
        print(f"  注意: Pagefind 运行时 ({', '.join(urlsplit(r.url).path.rsplit('/', 1)[-1] for r in eager)}, "
              f"{kb(sum(r.packed for r in eager))} KB) 在首次加载时就下载了，没有等到第一次搜索")
    else:
        print("  Pagefind 运行时 (pagefind.js + wasm) 在第一次搜索时才加载")
    print("  Material 的搜索 worker (portal-search-worker.js) 和 search_index.json 在 load 时就加载，已计入上表；"
          "Leaflet 在地图接近屏幕时才加载：地图页一打开就加载（已计入上表），站点页要向下滚动到地图附近才加载")


def verdict(results: dict[str, list[Resource]]) -> list[str]:
    failures = []
    activity = totals(results[ACTIVITY])["total"]
    if activity > ACTIVITY_BUDGET:
        failures.append(f"活动页 {kb(activity)} KB > 100 KB gzip")
    for name, resources in results.items():
        for resource in resources:
            if not is_local(resource.url):
                failures.append(f"{name} 请求了外部地址 {resource.url}")
    return failures


def main(site: Path) -> None:
    with serve(site) as base:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            results = {name: measure(browser, base + path) for name, path in PAGES}
            interaction = measure_search_interaction(browser, base + dict(PAGES)[ACTIVITY])
            browser.close()
    print_table(results)
    print_failed_requests(results)
    print_top(results[ACTIVITY])
    print_duplicates(results)
    print_material_comparison(results[ACTIVITY])
    print_lazy(results[ACTIVITY], interaction)
    failures = verdict(results)
    print()
    for failure in failures:
        print(f"未达标: {failure}")
    print("全部达标" if not failures else f"未达标 {len(failures)} 项（见上）")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]).resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="page-weight-") as temporary:
            print("building the demo (today 2018-03-01) …", flush=True)
            main(build_demo(Path(temporary)))
