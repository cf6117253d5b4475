"""适老化 and keyboard use: large text and high contrast that stay on, line spacing and tap
targets everywhere, the keyboard help, and a journey made with the keyboard alone."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from conftest import INSTANT_MARK, PHONE_CONTEXT, PORTAL_HOST, SAME_PAGE, phone_page

PAGES = ["/", "/campaigns/kunming-2018/", "/campaigns/kunming-2018/2018-03/",
         "/campaigns/kunming-2018/activities/blood-donation/", "/calendar/2018-03/", "/stations/",
         "/stations/zhenghe-square/", "/stations/map/", "/exemplars/li-xiaolei-example/",
         "/news/kunming-2018-launch/", "/search/", "/campaigns/puer-2019/targets/", "/units/kunming/tuanshiwei/"]

# Elements that stick out of a phone screen and are not inside something that scrolls or clips.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, bad = [];
  for (const el of document.querySelectorAll('.md-banner *, .md-header *, .md-main *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1) continue;
    let parent = el.parentElement, contained = false;
    while (parent && parent !== document.body) {
      const style = getComputedStyle(parent);
      if (/(auto|scroll|hidden|clip)/.test(style.overflowX) && parent.getBoundingClientRect().right <= width + 1) {
        contained = true; break;
      }
      parent = parent.parentElement;
    }
    if (!contained && getComputedStyle(el).visibility !== 'hidden') bad.push(el.tagName + '.' + el.className + ' → ' + Math.round(box.right));
  }
  return bad.slice(0, 5);
}"""

# Text whose line height is below 1.3 times its font size.
TIGHT_LINES = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || !el.childNodes.length) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text) continue;
    const style = getComputedStyle(el), size = parseFloat(style.fontSize);
    const line = style.lineHeight === 'normal' ? 1.2 * size : parseFloat(style.lineHeight);
    if (line < 1.3 * size - 0.5) bad.push(el.tagName + '.' + el.className + ' ' + line.toFixed(1) + '/' + size);
  }
  return bad.slice(0, 5);
}"""

# Controls a finger must hit (WCAG's exception for links inside sentences applies to the rest).
SMALL_TARGETS = """() => {
  const bad = [];
  const selector = '.md-header__button, .md-banner button, .md-button, .md-typeset select, .md-typeset input, ' +
                   '.md-typeset button, .md-typeset summary, .md-nav__link, .md-top';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.height < 43.5 || (el.matches('.md-icon, .md-top') && box.width < 43.5))
      bad.push(el.tagName + '.' + el.className + ' ' + Math.round(box.width) + '×' + Math.round(box.height));
  }
  return bad.slice(0, 5);
}"""


@pytest.fixture
def phone(browser):
    context, page = phone_page(browser)
    yield page
    context.close()


def switch_on(page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"


def test_large_text_is_half_as_big_again_and_fits_a_phone(phone, demo_server):
    phone.goto(demo_server + "/campaigns/kunming-2018/activities/blood-donation/")
    normal = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    switch_on(phone, "大字模式")
    large = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert large >= 1.5 * normal - 0.1
    for path in PAGES:
        phone.goto(demo_server + path)  # a fresh load: the choice comes back from localStorage
        phone.wait_for_timeout(200)
        assert phone.evaluate("document.documentElement.classList.contains('portal-large')"), path
        assert phone.evaluate(OVERFLOW) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path


def test_choices_survive_instant_navigation_and_can_be_switched_off(instant_context):
    phone = instant_context(**PHONE_CONTEXT).new_page()
    phone.goto(PORTAL_HOST + "/")
    phone.wait_for_timeout(500)  # Material reads the sitemap before it takes over links
    phone.evaluate(INSTANT_MARK)
    switch_on(phone, "大字模式")
    switch_on(phone, "高对比度")
    phone.locator("article a[href$='/lei-feng-square/']").first.click()
    phone.wait_for_url("**/lei-feng-square/")
    assert phone.evaluate(SAME_PAGE)  # instant navigation, not a page load
    assert phone.evaluate("['portal-large', 'portal-contrast'].every(c => document.documentElement.classList.contains(c))")
    assert phone.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    colours = phone.evaluate("(() => { const s = getComputedStyle(document.querySelector('article p'));"
                             " return [s.color, getComputedStyle(document.body).backgroundColor]; })()")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    phone.get_by_role("button", name="大字模式").click()
    phone.reload()
    assert phone.evaluate("['portal-large', 'portal-contrast'].map(c => document.documentElement.classList.contains(c))"
                          ) == [False, True]


def test_line_spacing_and_tap_targets_on_every_page_kind(phone, demo_server):
    for path in PAGES:
        phone.goto(demo_server + path)
        phone.wait_for_timeout(200)
        assert phone.evaluate(TIGHT_LINES) == [], path
        assert phone.evaluate(SMALL_TARGETS) == [], path
    phone.locator("label.md-header__button[for=__drawer]").click()  # the menu's links
    phone.wait_for_timeout(300)
    assert phone.evaluate(SMALL_TARGETS) == []


def test_question_mark_opens_keyboard_help_and_escape_closes_it(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_server + "/stations/")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="键盘操作")
    dialog.wait_for()
    assert "打开搜索" in dialog.inner_text()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")  # focus is in the dialog
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.keyboard.press("?")  # opens again: nothing left in a broken state
    dialog.wait_for()
    page.get_by_role("button", name="关闭（Esc）").click()
    dialog.wait_for(state="hidden")
    page.close()


def tab_to(page, test: str, limit: int = 250) -> None:
    """Press Tab until the focused element passes `test` (JS, given the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            visible = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                    " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()")
            assert visible, "the keyboard focus must be visible"
            return
    raise AssertionError(f"never reached by Tab: {test}")


def test_keyboard_journey_saturday_activity_to_calendar_and_station_to_navigation(instant_context, demo_site):
    context = instant_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    amap: list[str] = []
    context.route(re.compile(r"^https://uri\.amap\.com/"),
                  lambda route: (amap.append(route.request.url), route.fulfill(status=200, body="amap")))
    page.goto(PORTAL_HOST + "/")
    page.wait_for_timeout(500)  # Material reads the sitemap before it takes over links
    page.evaluate(INSTANT_MARK)
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    skip = page.evaluate("(() => { const el = document.activeElement, box = el.getBoundingClientRect();"
                         " return [el.textContent.trim(), box.width > 0 && box.top >= 0]; })()")
    assert skip == ["跳转至", True]
    tab_to(page, "el.tagName === 'A' && el.textContent.trim().endsWith(' 学雷锋广场志愿服务活动')")  # 近期活动: 3月3日, a Saturday
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/lei-feng-square/")
    assert page.evaluate(SAME_PAGE)  # instant navigation, not a page load
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")  # focus moved to the new page
    # (a function: Playwright evaluates a bare expression with eval, which the page's CSP refuses)
    tab_to(page, "el.tagName === 'A' && el.textContent.includes('加入日历')")
    with page.expect_download() as download:  # the browser hands the file to the calendar app
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "lei-feng-square.ics"
    assert (demo_site / urlparse(download.value.url).path.lstrip("/")).read_text(encoding="utf-8").startswith(
        "BEGIN:VCALENDAR")

    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === '志愿服务站'")  # the header tabs
    page.keyboard.press("Enter")
    page.wait_for_url("**/stations/")
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === '晋宁区郑和文化广场'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stations/zhenghe-square/")
    tab_to(page, "el.tagName === 'A' && el.textContent.includes('高德')")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert amap and "position=" in amap[0]


def test_reading_aid_bar_is_there_from_the_first_paint_and_absent_without_javascript(browser, demo_server):
    context, page = phone_page(browser)
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => { window.__bannerAtStart ="
                         " document.querySelector('.md-banner').getBoundingClientRect().height; });")
    page.goto(demo_server + "/")
    page.wait_for_load_state("load")
    at_start, settled = page.evaluate("[window.__bannerAtStart, document.querySelector('.md-banner')"
                                      ".getBoundingClientRect().height]")
    assert at_start == settled >= 44  # nothing below it jumps when the scripts arrive
    context.close()
    context, page = phone_page(browser, java_script_enabled=False)
    page.goto(demo_server + "/")
    assert not page.get_by_role("button", name="大字模式").is_visible()  # no buttons that cannot work
    assert not page.locator(".md-banner").is_visible()
    context.close()
