"""A citizen on a phone: open home, a campaign, a month and an activity in real Chromium."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import phone_page


@pytest.fixture
def phone(browser, demo_server):
    context, page = phone_page(browser)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests, demo_server
    context.close()
    foreign = [url for url in requests if urlparse(url).hostname not in ("127.0.0.1",)
               and not url.startswith(("data:", "blob:"))]
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"


def heading(page) -> str:
    return page.locator("h1").inner_text().rstrip("¶").strip()  # minus the hover-only permalink


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_shows_running_campaign_theme_and_next_activities(phone):
    page, _, base = phone
    page.goto(base + "/")
    assert heading(page) == "学雷锋志愿服务活动门户"
    assert page.get_by_text("今天是 2018年3月1日。").is_visible()
    running = page.locator("h2:has-text('正在进行的活动方案') + div")
    assert "昆明市2018年学雷锋志愿服务系列活动" in running.inner_text()
    theme = page.locator("h2:has-text('本月主题') + ul")
    assert "奉献" in theme.inner_text()
    upcoming = page.locator("h2:has-text('近期活动') + ul li").all_inner_texts()
    assert upcoming[0].startswith("2018年3月3日")  # the first Saturday 志愿服务日
    assert any(text.startswith("2018年3月5日") and "学雷锋志愿服务大型活动" in text for text in upcoming)
    assert no_sideways_scroll(page)


def test_campaign_month_and_activity_pages_by_tapping(phone):
    page, _, base = phone
    page.goto(base + "/campaigns/")
    page.get_by_role("link", name="昆明市2018年学雷锋志愿服务系列活动").first.click()
    page.wait_for_url("**/campaigns/kunming-2018/")
    assert "“我的城市我的家 文明城市靠大家”" not in heading(page)
    assert page.get_by_text("我的城市我的家 文明城市靠大家").first.is_visible()
    assert page.locator("table").first.get_by_text("牵头单位").is_visible()
    assert no_sideways_scroll(page)

    page.get_by_role("link", name="3月", exact=True).click()
    page.wait_for_url("**/campaigns/kunming-2018/2018-03/")
    assert heading(page) == "2018年3月 · 奉献"
    calendar = page.locator("table.portal-calendar")
    march_5 = calendar.locator("td", has_text="3月5日 周一")
    assert march_5.is_visible() and "学雷锋纪念日" in march_5.inner_text()
    saturdays = calendar.locator("td", has_text="学雷锋广场志愿服务活动").all_inner_texts()
    assert [text.split()[0] for text in saturdays] == ["3月3日", "3月10日", "3月17日", "3月24日", "3月31日"]
    assert no_sideways_scroll(page)

    page.get_by_role("link", name="开展市级层面学雷锋志愿服务大型活动").click()
    page.wait_for_url("**/activities/march-5-event/")
    facts = page.locator("table").first.inner_text()
    assert "2018年3月5日" in facts and "500余人" in facts and "南滇池沙滩公园" in facts
    page.get_by_role("link", name="晋宁区郑和文化广场").first.click()
    page.wait_for_url("**/stations/zhenghe-square/")
    assert "建设标准" in page.locator("body").inner_text()
    assert no_sideways_scroll(page)


def test_site_calendar_month_on_a_phone(phone):
    page, _, base = phone
    page.goto(base + "/calendar/")
    page.get_by_role("link", name="本月：2018年3月").click()
    page.wait_for_url("**/calendar/2018-03/")
    today = page.locator("td[aria-current=date]")
    assert today.is_visible() and today.inner_text().startswith("3月1日 周四")
    assert "今天" in today.inner_text()
    assert no_sideways_scroll(page)
    # days with nothing on are folded away on a phone; busy days show their full date
    assert not page.locator("td.portal-cal-day", has_text="3月6日 周二").is_visible()
    assert page.locator("td", has_text="3月2日 周五").inner_text().endswith("元宵节")
    # month-long items are listed above the grid, not as daily events
    above = page.locator("h3:has-text('本月全月开展') + p + ul").inner_text()
    assert "开展学雷锋志愿服务月活动" in above
    assert page.locator("table.portal-calendar", has_text="开展学雷锋志愿服务月活动").count() == 0
    page.locator("td", has_text="3月5日 周一").get_by_role("link").click()
    page.wait_for_url("**/campaigns/kunming-2018/activities/march-5-event/")
    page.go_back()
    page.get_by_role("link", name="2018年4月 →").click()
    page.wait_for_url("**/calendar/2018-04/")
    assert page.locator("td", has_text="4月5日 周四").inner_text().endswith("清明节")


def test_add_to_calendar_downloads_the_event(phone):
    page, _, base = phone
    page.goto(base + "/campaigns/kunming-2018/activities/lei-feng-square/")
    link = page.get_by_role("link", name="加入日历")
    assert link.is_visible()
    with page.expect_download() as download:
        link.click()
    body = download.value.path().read_text(encoding="utf-8")
    assert "RRULE:FREQ=WEEKLY;UNTIL=20181231;BYDAY=SA" in body
