"""Accessibility: axe-core finds no WCAG 2.0/2.1 A or AA violation on any kind of page of the demo,
on a phone and on a desktop, in the light and the dark palette.

axe-core comes from npm (devDependency, node_modules/axe-core).  Rules are never switched off:
a failure is fixed in the palette (theme/assets/stylesheets/portal.css), the templates or a
Material partial, not here.  The dark palette is reached the way most people get it, through
the system setting (``prefers-color-scheme``, Playwright's ``color_scheme``) that the palettes'
``media`` queries in mkdocs.yml follow; ``test_palette_toggle`` checks the header toggle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from conftest import PHONE_CONTEXT, REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Page kind → (path, a selector that marks the page as finished drawing, if its script draws).
PAGES = {
    "home": ("/", None),
    "campaign": ("/campaigns/kunming-2018/", None),
    "month": ("/campaigns/kunming-2018/2018-03/", None),
    "activity": ("/campaigns/kunming-2018/activities/blood-donation/", None),
    "unit": ("/units/kunming/tuanshiwei/", None),
    "calendar": ("/calendar/2018-03/", None),
    "station-list": ("/stations/", None),
    "station": ("/stations/zhenghe-square/", "[data-portal-map][data-markers]"),
    "map": ("/stations/map/", "[data-portal-map][data-markers]"),
    "exemplar-list": ("/exemplars/", None),
    "story": ("/exemplars/li-xiaolei-example/", None),
    "news": ("/news/kunming-2018-launch/", None),
    "search": ("/search/?keyword=" + quote("献血"), ".portal-search-results li"),
    "poster": ("/posters/campaigns/kunming-2018/", None),
    "story-poster": ("/posters/exemplars/li-xiaolei-example/", None),
    "press": ("/press/", None),
    "dashboard": ("/campaigns/puer-2019/targets/", None),
    "subscribe": ("/calendar/subscribe/", None),
    "feeds": ("/feeds/", None),
    "changes": ("/changes/", None),
    "join": ("/join/", None),
}
VIEWPORTS = {
    "phone": PHONE_CONTEXT,
    "desktop": {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"},
}
PALETTES = {"light": "default", "dark": "slate"}  # color_scheme → Material's data-md-color-scheme

# Started after the evaluate() returns, so axe runs in one page while the next page loads in
# another context (axe.run does most of its work synchronously).
START_AXE = """tags => { window.__portalAxe = new Promise(go => setTimeout(go, 0)).then(() => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})); }"""
COLLECT_AXE = """() => window.__portalAxe.then(result => ({
    scheme: document.body.getAttribute("data-md-color-scheme"),
    violations: result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary}))}))}))"""


@dataclass
class Audit:
    url: str
    error: str = ""
    scheme: str = ""
    violations: list = field(default_factory=list)


def describe(audit: Audit, limit: int = 6) -> str:
    lines = [f"{audit.url}: {len(audit.violations)} axe violation(s)"]
    for violation in audit.violations:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {len(nodes)} element(s)")
        for node in nodes[:limit]:
            snippet = re.sub(r"\s+", " ", node["html"])[:160]
            summary = re.sub(r"\s+", " ", node["summary"] or "")[:300]
            lines.append(f"    {node['target']}\n      {snippet}\n      {summary}")
        if len(nodes) > limit:
            lines.append(f"    … and {len(nodes) - limit} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def audits(browser, demo_server) -> dict[tuple[str, str, str], Audit]:
    """Every page kind in every viewport × palette, one browser context per combination."""
    assert AXE.exists(), "axe-core is missing: run scripts/setup --test (npm ci)"
    axe_source = AXE.read_text(encoding="utf-8")
    contexts, pages = [], {}
    for viewport, options in VIEWPORTS.items():
        for palette in PALETTES:
            context = browser.new_context(**options, color_scheme=palette)
            context.set_default_timeout(10_000)
            context.add_init_script(script=axe_source)  # once, not 500 kB per page over the pipe
            contexts.append(context)
            pages[viewport, palette] = context.new_page()
    results = {}
    try:
        for kind, (path, ready) in PAGES.items():
            for (viewport, palette), page in pages.items():
                audit = results[kind, viewport, palette] = Audit(demo_server + path)
                try:
                    response = page.goto(audit.url)
                    if response is None or response.status != 200:
                        audit.error = f"{audit.url}: HTTP {response.status if response else 'no response'}"
                        continue
                    if ready and "data-portal-map" in ready:  # maps start when scrolled near:
                        page.locator("[data-portal-map]").first.scroll_into_view_if_needed()  # audit
                        page.wait_for_selector(ready)  # them with Leaflet's controls
                        page.evaluate("window.scrollTo(0, 0)")
                        page.wait_for_timeout(400)  # the header's scroll transition (title ↔ tabs) ends
                    elif ready:
                        page.wait_for_selector(ready)
                    page.evaluate(START_AXE, TAGS)
                except PlaywrightError as exc:  # reported by that page's test, the others still run
                    audit.error = f"{audit.url}: {exc}"
            for (viewport, palette), page in pages.items():
                audit = results[kind, viewport, palette]
                if audit.error:
                    continue
                try:
                    found = page.evaluate(COLLECT_AXE)
                except PlaywrightError as exc:
                    audit.error = f"{audit.url}: axe failed: {exc}"
                    continue
                audit.scheme, audit.violations = found["scheme"], found["violations"]
    finally:
        for context in contexts:
            context.close()
    return results


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(audits, kind, viewport, palette):
    audit = audits[kind, viewport, palette]
    assert not audit.error, audit.error
    assert audit.scheme == PALETTES[palette], f"{audit.url}: the {palette} palette was not applied"
    assert audit.violations == [], describe(audit)


def test_every_audited_page_exists(demo_site):
    for kind, (path, _) in PAGES.items():
        page = demo_site / path.split("?")[0].lstrip("/") / "index.html"
        assert page.is_file(), f"{kind}: {path} is not a page of the demo"


def test_palette_toggle(browser, demo_server):
    """The header toggle switches light ↔ dark, Material remembers it, and the switched page passes."""
    context = browser.new_context(**PHONE_CONTEXT, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(10_000)
    body = page.locator("body")
    # Material's header buttons: the label for the dark palette's radio button reads 切换到深色模式
    # (as a title, which content.tooltips turns into a tooltip once hovered).
    to_dark, to_light = page.locator("label[for='__palette_1']"), page.locator("label[for='__palette_0']")
    try:
        page.goto(demo_server + "/stations/")
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(page.locator("#__palette_0")).to_have_attribute("aria-label", "切换到深色模式")
        expect(to_dark).to_have_attribute("title", "切换到深色模式")
        expect(to_dark).to_be_visible()
        expect(to_light).to_be_hidden()  # one button, for the palette it switches to
        to_dark.click()
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(to_light).to_be_visible()
        expect(to_dark).to_be_hidden()

        page.goto(demo_server + "/calendar/2018-03/")  # a full load: the stored choice beats the system's
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the page's CSP refuses inline ones
        page.evaluate(START_AXE, TAGS)
        audit = Audit(page.url)
        audit.violations = page.evaluate(COLLECT_AXE)["violations"]
        assert audit.violations == [], describe(audit)

        to_light.click()
        expect(body).to_have_attribute("data-md-color-scheme", "default")
    finally:
        context.close()
