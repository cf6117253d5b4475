"""Chinese search in a real browser: typed into Material's header box, answered by Pagefind."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import INSTANT_MARK, PHONE_CONTEXT, PORTAL_HOST, SAME_PAGE, phone_page

# query → a page that must be among the first three results (written from the seeds' content)
RELEVANCE = [
    ("空巢老人", "/campaigns/meilie-2017/activities/empty-nest-elderly/"),
    ("关爱空巢老人", "/campaigns/meilie-2017/activities/empty-nest-elderly/"),
    ("留守儿童", "/campaigns/meilie-2017/activities/left-behind-children/"),
    ("困难职工", "/campaigns/meilie-2017/activities/"),
    ("献血", "/campaigns/kunming-2018/activities/blood-donation/"),
    ("滇池", "/campaigns/kunming-2018/activities/march-5-event/"),
    ("红嘴鸥", "/campaigns/kunming-2018/activities/eco-protection/"),
    ("疫情防控", "/campaigns/jincheng-2021/activities/epidemic-prevention/"),
    ("郑和文化广场", "/stations/zhenghe-square/"),
    ("起飞公园", "/stations/meilie-qifei-park/"),
    ("区图书馆", "/stations/meilie-library/"),
    ("文明交通", "/campaigns/kunming-2018/activities/civilised-traffic/"),
    ("重阳节", "/campaigns/kunming-2018/activities/double-ninth/"),
    ("中秋", "/campaigns/kunming-2018/activities/"),
    ("文明祭祀", "/campaigns/kunming-2018/activities/"),
    ("五进社区", "/campaigns/kunming-2018/activities/"),
    ("春运", "/campaigns/kunming-2018/activities/"),
    ("助残", "/campaigns/kunming-2018/activities/"),
    ("巾帼", "/campaigns/kunming-2018/activities/"),
    ("消防", "/campaigns/kunming-2018/activities/"),
    ("地铁二号线", "/campaigns/taiyuan-2020/activities/metro-line-2/"),
    ("除冰扫雪", "/campaigns/taiyuan-2020/activities/snow-and-cleaning/"),
    ("国际志愿者日", "/campaigns/taiyuan-2020/"),
    ("网络文明传播", "/campaigns/meilie-2017/activities/"),
    ("金砖", "/campaigns/meilie-2017/activities/"),
    ("植树造林", "/campaigns/meilie-2017/activities/"),
    ("文明旅游", "/campaigns/meilie-2017/activities/"),
    ("志愿校园", "/campaigns/puer-2019/activities/task-07/"),
    ("孵化", "/campaigns/puer-2019/activities/task-13/"),
    ("星级评定", "/campaigns/puer-2019/activities/task-12/"),
    ("志愿服务条例", "/campaigns/puer-2019/activities/task-01/"),
    ("十有", "/campaigns/puer-2019/activities/task-05/"),
    ("李晓雷", "/exemplars/li-xiaolei-example/"),
    ("红马甲", "/exemplars/metro-line-2-youth-example/"),
    ("晨光社区", "/exemplars/chenguang-community-example/"),
    ("团市委", "/units/kunming/tuanshiwei/"),
    ("普洱 注册志愿者", "/campaigns/puer-2019/"),
    # Words the browser's segmenter cuts differently from the index (see search_lexicon.py)
    ("无车日", "/campaigns/kunming-2018/activities/car-free-day/"),
    ("扶贫攻坚", "/campaigns/kunming-2018/activities/poverty-alleviation/"),
    ("学雷锋广场", "/campaigns/kunming-2018/activities/lei-feng-square/"),
    ("绿色出行", "/campaigns/kunming-2018/activities/car-free-day/"),
]
# A query that is in one page's title and in other pages' text: the title page comes first.
TITLE_QUERIES = ["学雷锋广场", "无车日", "扶贫攻坚", "献血", "关爱空巢老人"]


@pytest.fixture(scope="module")
def search_page(browser, demo_server):
    context, page = phone_page(browser)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_response("**/search/search_index.json"):
        page.goto(demo_server + "/")
    page.wait_for_timeout(500)  # the worker answers Material's setup; typing before that is ignored
    yield page, requests
    context.close()


def search(page, query: str) -> list[str]:
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    signature = "() => [...document.querySelectorAll('.md-search-result__link')].map(a => a.href).join(' ')"
    before = page.evaluate(signature)
    box.fill(query)
    box.press("End")  # Material reads the box on key events; fill() alone only fires "input"
    try:  # wait for this query's answer to replace the previous list
        page.wait_for_function(f"before => ({signature})() !== before && ({signature})() !== ''", arg=before,
                               timeout=5_000)
    except Exception:
        pass  # the same pages answered both queries
    page.wait_for_timeout(200)
    links = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")
    return links


@pytest.mark.parametrize("query, expected", RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_relevance(search_page, query, expected):
    page, _ = search_page
    top = search(page, query)[:3]
    assert any(path.startswith(expected) for path in top), (query, top)


def titles(page) -> list[str]:
    return page.locator(".md-search-result__item > a.md-search-result__link h1").all_inner_texts()


@pytest.mark.parametrize("query", TITLE_QUERIES)
def test_titles_outrank_body_text(search_page, query):
    page, _ = search_page
    search(page, query)
    found = titles(page)
    assert query in found[0], found
    assert any(query not in title for title in found[1:]), found  # body-only matches exist and rank lower


def test_results_show_kind_campaign_city_and_date_and_stay_local(search_page):
    page, requests = search_page
    search(page, "献血")
    first = page.locator(".md-search-result__item").first
    facts = first.locator(".portal-search-facts").inner_text()
    assert facts == "活动 · 昆明市2018年学雷锋志愿服务系列活动 · 昆明市 · 2018年8月（全月）"
    assert first.locator("mark").count() >= 1  # the match is highlighted
    assert all(urlparse(url).hostname == "127.0.0.1" for url in requests)


def test_slash_opens_search_on_desktop(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_server + "/campaigns/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.close()


def test_lunr_index_is_not_shipped(demo_site):
    assert (demo_site / "search/search_index.json").stat().st_size < 200
    assert (demo_site / "pagefind/pagefind.js").is_file()


def test_search_page_filters_by_kind_and_city(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/search/?q=" + "志愿服务站")
    status = page.locator(".portal-search-status")
    page.wait_for_function("() => document.querySelector('.portal-search-status').textContent.startsWith('找到')")
    page.locator("select[name=kind]").select_option("站点")
    page.wait_for_function("() => [...document.querySelectorAll('.portal-search-results .portal-search-facts')]"
                           ".every(p => p.textContent.startsWith('站点'))")
    page.locator("select[name=city]").select_option("梅列区")
    page.wait_for_function("() => [...document.querySelectorAll('.portal-search-results .portal-search-facts')]"
                           ".every(p => p.textContent === '站点 · 梅列区')")
    links = page.locator(".portal-search-results li > a").evaluate_all("ls => ls.map(a => new URL(a.href).pathname)")
    assert links and all(link.startswith("/stations/meilie-") for link in links)
    assert "kind=%E7%AB%99%E7%82%B9" in page.url and status.inner_text().startswith("找到")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_search_page_without_javascript_offers_the_indexes(browser, demo_server):
    context, page = phone_page(browser, java_script_enabled=False)
    page.goto(demo_server + "/search/")
    assert page.get_by_text("搜索需要浏览器启用 JavaScript").is_visible()
    for name in ("活动方案", "日历", "志愿服务站", "先进典型", "动态", "责任单位"):
        assert page.locator("h2:has-text('按目录查找') + ul").get_by_role("link", name=name).is_visible()
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('form[data-portal-search-page] *')].map(e => e.getBoundingClientRect().right))")
    assert widest <= 360  # the long campaign names in the select do not push the page sideways
    context.close()


def test_phone_keyboard_only_search_opens_a_result(browser, demo_server):
    context, page = phone_page(browser)
    with page.expect_response("**/search/search_index.json"):
        page.goto(demo_server + "/campaigns/")
    page.wait_for_timeout(500)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.insert_text("扶贫攻坚")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("new URL(document.activeElement.href).pathname")
    assert focused == "/campaigns/kunming-2018/activities/poverty-alleviation/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/poverty-alleviation/**")
    assert page.locator("h1").first.inner_text().startswith("开展扶贫攻坚志愿服务活动")
    context.close()


def test_search_page_survives_instant_navigation(instant_context):
    page = instant_context(**PHONE_CONTEXT).new_page()
    page.set_default_timeout(10_000)
    page.goto(PORTAL_HOST + "/")
    page.wait_for_timeout(500)  # Material reads the sitemap before it takes over links
    page.evaluate(INSTANT_MARK)
    page.locator("article").get_by_role("link", name="搜索页").click()  # Material loads it without a reload
    page.wait_for_url("**/search/")
    page.locator("input[name=q]").fill("无车日")
    page.locator("input[name=q]").press("Enter")
    first = page.locator(".portal-search-results li > a").first
    first.wait_for()
    assert first.inner_text().startswith("围绕9月22日")
    first.click()
    page.wait_for_url("**/car-free-day/")
    page.go_back()  # back to ?q=无车日 through instant navigation: the query runs again
    page.wait_for_url("**/search/?q=*")
    page.locator(".portal-search-results li > a").first.wait_for()
    assert page.locator("input[name=q]").input_value() == "无车日"
    assert page.evaluate(SAME_PAGE)  # every step above was instant navigation, not a page load
