"""Citizens can act: a joining path (我要当志愿者) on the home, activity and station pages, tap-to-call
phone numbers, honest "not published" texts, a home page that is never empty, and calendar buttons
that explain themselves inside WeChat."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from conftest import REPO, phone_page
from generator.build import build_site, render
from generator.model.nodes import tel_link
from generator.project import load_site
from generator.tools.local_site import serve

PLATFORM = "https://chinavolunteer.mca.gov.cn/"
LEI_FENG_SQUARE = "/campaigns/kunming-2018/activities/lei-feng-square/"  # no phone: its units are named
JINCHENG_TASK = "/campaigns/jincheng-2021/activities/civilisation-practice/"  # the plan's contact has a phone
ZHENGHE = "/stations/zhenghe-square/"  # a (sample) phone, no hours
LIBRARY = "/stations/meilie-library/"  # neither: its operator is named
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2172A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
             "Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230405 MicroMessenger/8.0.35.2360")


@pytest.fixture
def phone(browser):
    context, page = phone_page(browser)
    yield page
    context.close()


def in_first_screen(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    }""", selector)


def test_joining_entry_is_on_the_first_screen_of_the_home_page(phone, demo_server):
    phone.goto(demo_server + "/")
    assert phone.viewport_size == {"width": 360, "height": 740}
    assert in_first_screen(phone, ".portal-join")
    entry = phone.locator(".portal-join")
    assert entry.get_by_role("heading", name="我要当志愿者").is_visible()
    assert entry.locator(f'a[href="{PLATFORM}"]').is_visible()
    assert entry.get_by_role("link", name="怎样参加").get_attribute("href").endswith("/join/")


@pytest.mark.parametrize("path", [LEI_FENG_SQUARE, JINCHENG_TASK, ZHENGHE, LIBRARY])
def test_activity_and_station_pages_show_the_joining_entry(phone, demo_server, path):
    phone.goto(demo_server + path)
    entry = phone.locator(".portal-join")
    entry.scroll_into_view_if_needed()
    assert entry.get_by_role("heading", name="我要当志愿者").is_visible()
    assert entry.locator(f'a[href="{PLATFORM}"]').is_visible()
    assert entry.get_by_role("link", name="怎样参加").is_visible()


def test_phone_numbers_are_tap_to_call_links(phone, demo_server):
    phone.goto(demo_server + ZHENGHE)
    for call in (phone.locator(".portal-facts a[href^='tel:']"), phone.locator(".portal-join a[href^='tel:']")):
        assert call.get_attribute("href") == "tel:087100000000" and call.inner_text().strip() == "0871-00000000"
    phone.goto(demo_server + JINCHENG_TASK)
    call = phone.locator(".portal-join a[href^='tel:']")
    assert call.get_attribute("href") == "tel:03562566216"
    assert "联系人 秦毅" in phone.locator(".portal-join li").inner_text()
    phone.goto(demo_server + "/campaigns/jincheng-2021/")
    assert phone.locator("a[href='tel:03562566216']").count() == 1


def test_absent_hours_and_phone_say_so_and_whom_to_ask(phone, demo_server):
    phone.goto(demo_server + LIBRARY)
    facts = phone.locator(".portal-facts").inner_text()
    assert "开放时间未公布，前往前请先联系确认" in facts and "电话未公布，可以询问的单位或联系人见下方" in facts
    entry = phone.locator(".portal-join")
    assert "未公布报名电话：可以向区图书馆询问，或直接到站点询问" in entry.inner_text()
    assert entry.get_by_role("link", name="区图书馆").get_attribute("href").endswith("/units/meilie/tushuguan/")
    phone.goto(demo_server + LEI_FENG_SQUARE)  # an activity: its lead and responsible units
    entry = phone.locator(".portal-join").inner_text()
    assert "未公布报名电话：可以向各县（市）区、开发（度假）园区、各市级责任单位询问，或就近前往志愿服务站" in entry


@pytest.mark.parametrize("path", [LEI_FENG_SQUARE, "/campaigns/kunming-2018/", "/calendar/subscribe/"])
def test_calendar_buttons_explain_themselves_inside_wechat(browser, demo_server, path):
    note = "[data-portal-wechat]"
    for user_agent, javascript, shown in ((WECHAT_UA, True, True), (None, True, False), (WECHAT_UA, False, False)):
        options = {"java_script_enabled": javascript, **({"user_agent": user_agent} if user_agent else {})}
        context, page = phone_page(browser, **options)
        page.goto(demo_server + path)
        if javascript:
            page.wait_for_function("document.querySelector('[data-portal-wechat]') !== null")
            page.wait_for_timeout(200)  # the deferred script has run
        assert page.locator(note).count() == 1
        assert page.locator(note).is_visible() == shown, (path, user_agent, javascript)
        if shown:
            assert "在浏览器打开" in page.locator(note).inner_text()
        context.close()


@pytest.mark.parametrize("path, button", [(LEI_FENG_SQUARE, "加入日历"), ("/calendar/subscribe/", "订阅")])
def test_inside_wechat_a_calendar_button_leads_to_the_note(browser, demo_server, path, button):
    context, page = phone_page(browser, user_agent=WECHAT_UA)
    page.goto(demo_server + path)
    note = page.locator("[data-portal-wechat]")
    note.wait_for(state="visible")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("link", name=button, exact=True).first.click()
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-portal-wechat')")
    assert page.url == demo_server + path and not downloads
    assert in_first_screen(page, "[data-portal-wechat]")
    context.close()


def test_the_join_page_shows_each_platform_and_its_code(demo_site):
    html = (demo_site / "join/index.html").read_text(encoding="utf-8")
    assert f'href="{PLATFORM}"' in html
    assert re.search(r'<img alt="中国志愿服务网的小程序码或二维码"[^>]*src="\.\./images/chinavolunteer-qr\.png"', html)
    assert (demo_site / "images/chinavolunteer-qr.png").is_file()


def test_tel_links_keep_digits_and_plus_only():
    assert tel_link("0871-00000000") == "tel:087100000000"
    assert tel_link("(0871) 6000 0000") == "tel:087160000000"
    assert tel_link("+86 871-0000 0000") == "tel:+8687100000000"


def test_a_records_own_signup_and_contact_come_first(mini):
    site = load_site(mini, date(2019, 3, 4))
    campaign = site.campaign("demo-2019")
    own = next(a for a in campaign.activities if a.id == "lei-feng-day")
    assert own.join.signup == "https://volunteer.example.org/#/project/35"
    assert [(r.label, r.phone_link) for r in own.join.reach] == [("报名咨询", "tel:00001234567")]
    other = next(a for a in campaign.activities if a.id == "saturday")
    assert other.join.signup is None  # the campaign gives none
    assert [r.phone_link for r in other.join.reach] == ["tel:00000000000"]  # the campaign's contact
    [station] = site.stations
    assert station.join.signup == "https://signup.example.org/stations/square?from=portal"
    assert station.hours_label == "开放时间未公布" and station.phone_link == ""


def test_a_campaign_signup_is_its_activities_default_and_on_its_posters(mini):
    campaign = mini / "content/campaigns/demo-2019.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "signup: https://signup.example.org/campaigns/demo-2019\n",
                        encoding="utf-8")
    outputs = dict(render(mini, date(2019, 3, 4)).items())
    saturday = outputs["campaigns/demo-2019/activities/saturday.md"].decode("utf-8")
    assert "[:material-account-plus: 在线报名](https://signup.example.org/campaigns/demo-2019)" in saturday
    poster = outputs["posters/campaigns/demo-2019/2019-03.md"].decode("utf-8")
    assert 'aria-label="报名二维码：https://signup.example.org/campaigns/demo-2019"' in poster


@pytest.fixture(scope="module")
def late_demo(tmp_path_factory):
    """The demo built long after every campaign ended (2026-12-02)."""
    project = tmp_path_factory.mktemp("late") / "demo"
    project.mkdir()
    for name in ("campaigns.yaml", "mkdocs.yml", "published-urls.txt"):
        shutil.copy(REPO / name, project / name)
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, project / name)
    (project / "generator").symlink_to(REPO / "generator")
    site = build_site(project, date(2026, 12, 2), strict=True)
    with serve(site) as base:
        yield base


def test_home_long_after_every_campaign_is_never_empty(phone, late_demo):
    phone.goto(late_demo + "/")
    assert in_first_screen(phone, ".portal-join")
    sections = phone.evaluate("""() => [...document.querySelectorAll('article h2')].map(h => {
        let text = '', node = h.nextElementSibling;
        while (node && node.tagName !== 'H2') { text += node.innerText; node = node.nextElementSibling; }
        return [h.textContent.replace('¶', '').trim(), text.trim()];
    })""")
    assert [title for title, _ in sections][:4] == ["我要当志愿者", "常态化志愿服务", "最新方案", "接下来"]
    assert all(text for _, text in sections), sections
    body = dict(sections)
    assert "全站 5 个志愿服务站" in body["常态化志愿服务"] and "学雷锋广场志愿服务活动" in body["常态化志愿服务"]
    assert body["最新方案"].startswith("晋城市2021年")
    assert "2026年12月5日 国际志愿者日" in body["接下来"]
