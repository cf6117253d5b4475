"""A citizen on a phone: open home, a campaign, a month and an activity in real Chromium."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, demo_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
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
    dated = page.locator("h2:has-text('有具体日期的活动') + ul").inner_text()
    assert "3月5日" in dated
    assert "本月：3日、10日、17日、24日、31日" in page.locator("body").inner_text()
    assert no_sideways_scroll(page)

    page.get_by_role("link", name="开展市级层面学雷锋志愿服务大型活动").click()
    page.wait_for_url("**/activities/march-5-event/")
    facts = page.locator("table").first.inner_text()
    assert "2018年3月5日" in facts and "500余人" in facts and "南滇池沙滩公园" in facts
    page.get_by_role("link", name="晋宁区郑和文化广场").first.click()
    page.wait_for_url("**/stations/zhenghe-square/")
    assert "建设标准" in page.locator("body").inner_text()
    assert no_sideways_scroll(page)
