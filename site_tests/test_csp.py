"""The Content-Security-Policy (generator/gate/csp.py): on every page before any script, the same
on every page and in deploy/nginx.conf, naming only the configured hosts — and the portal works
under it in Chromium (search in its worker, maps, reading aids, instant navigation) without a
single violation."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from conftest import INSTANT_MARK, PHONE_CONTEXT, PORTAL_HOST, REPO, SAME_PAGE
from generator.gate import csp
from generator.source.schema import SiteSettings

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# One page of every kind in the demo, and what marks it finished where a script draws it.
PAGES = {
    "/": None, "/campaigns/": None, "/campaigns/kunming-2018/": None, "/campaigns/kunming-2018/2018-03/": None,
    "/campaigns/kunming-2018/activities/blood-donation/": None, "/campaigns/puer-2019/targets/": None,
    "/units/kunming/tuanshiwei/": None, "/calendar/": None, "/calendar/2018-03/": None, "/calendar/subscribe/": None,
    "/stations/": None, "/stations/zhenghe-square/": None, "/stations/map/": "[data-portal-map][data-markers]",
    "/exemplars/": None, "/exemplars/li-xiaolei-example/": None, "/news/": None, "/news/kunming-2018-launch/": None,
    "/publicity/": None, "/posters/campaigns/kunming-2018/": None, "/feeds/": None, "/data/": None,
    "/search/?q=" + quote("献血"): ".portal-search-results li", "/no-such-page/": None,
}

WATCH = """document.addEventListener("securitypolicyviolation", e => {
  (window.top.__cspViolations = window.top.__cspViolations || []).push(
    e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber); });"""


def policies(site: Path) -> dict[str, str]:
    """Page → its <meta> policy, for every HTML file; asserts it is one and precedes every script."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        metas = list(META.finditer(html))
        assert len(metas) == 1, path
        assert -1 < metas[0].start() < html.find("<script"), f"{path}: the policy must come before any script"
        found[path.relative_to(site).as_posix()] = unescape(metas[0].group(1))
    return found


def test_every_page_has_one_policy_before_its_scripts_and_it_allows_exactly_the_theme_scripts(demo_site):
    found = policies(demo_site)
    assert len(found) > 400
    pages = {path: text for path, text in found.items() if "__md_scope" in (demo_site / path).read_text(encoding="utf-8")}
    assert len(set(pages.values())) == 1  # one policy for the whole site: the header can be the same
    (policy,) = set(pages.values())
    allowed = set(re.findall(r"'sha256-[^']+'", policy))
    scripts = set()
    for path in pages:
        scripts.update(csp.inline_script_hashes((demo_site / path).read_text(encoding="utf-8")))
    assert allowed == scripts and len(allowed) >= 3  # Material's head and content scripts, our reading aids
    # Pages the generator writes itself (redirects) run no inline script: the policy without hashes.
    for path, text in found.items():
        if path not in pages:
            assert text == re.sub(r" 'sha256-[^']+'", "", policy), path


def test_nginx_sends_the_demo_policy_as_a_header(demo_site):
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    (header,) = re.findall(r'^\s*add_header Content-Security-Policy "([^"]*)" always;$', conf, re.M)
    assert header == csp.header_for_site(demo_site)
    assert header.endswith("; frame-ancestors 'self'")


def settings(**extra) -> SiteSettings:
    return SiteSettings.model_validate({"title": "t", "description": "d", "url": "https://example.org/",
                                        "operator": "o", **extra})


def directive(policy: str, name: str) -> list[str]:
    (found,) = [part.split()[1:] for part in policy.split("; ") if part.split()[0] == name]
    return found


def test_images_and_frames_only_from_the_configured_hosts():
    plain = csp.policy(settings())
    assert directive(plain, "img-src") == ["'self'", "data:"] and directive(plain, "frame-src") == ["'none'"]
    for name in ("script-src", "worker-src", "connect-src", "default-src"):
        assert not [source for source in directive(plain, name) if "//" in source or source == "*"], name
    assert directive(plain, "object-src") == ["'none'"] and directive(plain, "base-uri") == ["'self'"]
    tianditu = csp.policy(settings(map={"tiles": "tianditu", "key": "abc123"}, video_hosts=["player.bilibili.com"]))
    assert directive(tianditu, "img-src")[2:] == [f"https://t{n}.tianditu.gov.cn" for n in range(8)]
    assert directive(tianditu, "frame-src") == ["https://player.bilibili.com"]
    custom = csp.policy(settings(map={"tiles": "custom", "url": "https://{s}.tiles.example.cn/{z}/{x}/{y}.png"}))
    assert directive(custom, "img-src")[2:] == [f"https://{s}.tiles.example.cn" for s in "abc"]
    assert directive(csp.policy(settings(map={"tiles": "osm"})), "img-src")[2:] == ["https://tile.openstreetmap.org"]


def test_scripts_in_the_page_content_are_never_allowed():
    content = '<p>x</p><script>window.top.__pwned=1</script>'
    page = f'<head><script>theme()</script></head><body><article>{content}</article><script type="application/json">{{}}</script></body>'
    assert csp.theme_script_hashes(page, content) == csp.inline_script_hashes("<script>theme()</script>")


def serve_with_header(context, site: Path, header: str) -> str:
    """The demo at PORTAL_HOST (instant navigation works there), every response with the CSP header."""
    def handle(route):
        path = unquote(urlsplit(route.request.url).path)
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        found = target.is_file() and target.resolve().is_relative_to(site.resolve())
        route.fulfill(status=200 if found else 404, path=str(target if found else site / "404.html"),
                      headers={"Content-Security-Policy": header})

    context.route(f"{PORTAL_HOST}/**", handle)
    return PORTAL_HOST


@pytest.fixture(params=["meta", "meta and header"])
def csp_page(request, browser, demo_site):
    """A phone page on the demo under the <meta> policy alone, or under the nginx header as well,
    recording violations (in the page and in workers, as console messages)."""
    context = browser.new_context(**PHONE_CONTEXT)
    context.add_init_script(WATCH)
    if request.param == "meta and header":
        serve_with_header(context, demo_site, csp.header_for_site(demo_site))
    else:
        from conftest import route_site
        route_site(context, demo_site)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    yield page, console
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_every_page_kind_works_without_a_violation(csp_page):
    page, console = csp_page
    for path, ready in PAGES.items():
        page.goto(PORTAL_HOST + path)
        if ready:
            page.locator(ready).first.scroll_into_view_if_needed()
            page.wait_for_selector(ready)
        page.wait_for_timeout(200)
        assert violations(page) == [], path
    assert console == []


def test_search_reading_aids_and_instant_navigation_under_the_policy(csp_page):
    page, console = csp_page
    with page.expect_response("**/search/search_index.json"):
        page.goto(PORTAL_HOST + "/")
    page.wait_for_timeout(500)  # the sitemap (instant navigation) and the worker's setup
    page.evaluate(INSTANT_MARK)
    page.get_by_role("button", name="大字模式").click()  # the reading-aid bar's script
    assert page.evaluate("document.documentElement.classList.contains('portal-large')")
    page.locator("label.md-header__button[for=__search]").click()  # Material's box, our Pagefind worker
    box = page.locator("input.md-search__input")
    box.fill("献血")
    box.press("End")  # Material reads the box on key events
    page.locator(".md-search-result__item a[href*='blood-donation']").first.click()
    page.wait_for_url("**/blood-donation/**")
    assert page.evaluate(SAME_PAGE)  # instant navigation: the next page's scripts ran under the first's policy
    page.evaluate("document.querySelector(\".md-tabs a[href$='stations/']\").click()")  # tabs hide on a phone
    page.wait_for_url("**/stations/")
    page.locator("article a[href$='map/']").first.click()
    page.wait_for_url("**/stations/map/")
    page.locator("[data-portal-map]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-portal-map][data-markers]")
    assert page.evaluate(SAME_PAGE)
    assert violations(page) == [] and console == []
