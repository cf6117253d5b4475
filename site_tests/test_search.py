"""Chinese search in a real browser: typed into Material's header box, answered by Pagefind."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
import rjieba
from selectolax.lexbor import LexborHTMLParser

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
    page.goto(demo_server + "/search/?keyword=" + "志愿服务站")
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
    page.locator("input[name=keyword]").fill("无车日")
    page.locator("input[name=keyword]").press("Enter")
    first = page.locator(".portal-search-results li > a").first
    first.wait_for()
    assert first.inner_text().startswith("围绕9月22日")
    first.click()
    page.wait_for_url("**/car-free-day/")
    page.go_back()  # back to ?keyword=无车日 through instant navigation: the query runs again
    page.wait_for_url("**/search/?keyword=*")
    page.locator(".portal-search-results li > a").first.wait_for()
    assert page.locator("input[name=keyword]").input_value() == "无车日"
    assert page.evaluate(SAME_PAGE)  # every step above was instant navigation, not a page load


# ---- Recall, the true count, ranking: every page that holds a word is found -----------------

NAMED = ("雷锋", "扶贫", "植树", "社区", "献血", "昆明")  # the words issue 14 measured
SAMPLE = 300  # words from each segmenter: about 15 s of queries


def indexed_texts(site: Path) -> dict[str, str]:
    """URL → the text of every page Pagefind indexes: its data-pagefind-body region, without the
    pieces the index leaves out (heading permalinks, the fact tables' screen-reader header)."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in source:
            continue
        body = LexborHTMLParser(source).css_first("[data-pagefind-body]")
        for selector in (".headerlink", ".portal-facts thead"):
            for node in body.css(selector):
                node.decompose()
        texts["/" + path.parent.relative_to(site).as_posix().strip(".") + "/"] = body.text(separator="\n")
    return {url.replace("//", "/"): text for url, text in texts.items()}


def drawn(words, count: int) -> list[str]:
    """`count` of `words` in a fixed pseudo-random order, none of the named ones."""
    return sorted((w for w in set(words) if w not in NAMED), key=lambda w: hashlib.sha1(w.encode()).hexdigest())[:count]


def jieba_words(texts: dict[str, str]) -> list[str]:
    """Words of 2–4 characters as a search engine's segmenter cuts the pages (jieba's search mode)."""
    return [word for text in texts.values() for run in re.findall(r"[\u3400-\u9fff]{2,}", text)
            for word in rjieba.cut_for_search(run, True) if 2 <= len(word) <= 4]


BROWSER_WORDS = """texts => {
  const segmenter = new Intl.Segmenter("zh", {granularity: "word"});
  const words = new Set();
  for (const text of texts) {
    for (const piece of segmenter.segment(text)) {
      if (/^[\\u3400-\\u9fff]{2,4}$/.test(piece.segment)) words.add(piece.segment);
    }
  }
  return [...words];
}"""

ASK = """([query, filters, limit]) => new Promise((resolve) => {
  if (!window.portalTestWorker) {
    window.portalTestWorker = new Worker("/assets/javascripts/portal-search-worker.js");
    window.portalTestWorker.postMessage({type: 0, data: {config: {lang: ["zh"]}, docs: []}});
  }
  window.portalTestWorker.onmessage = (event) => { if (event.data.type === 3) resolve(event.data.data); };
  window.portalTestWorker.postMessage({type: 2, data: query, filters: filters || {}, limit: limit || 500});
})"""


@pytest.fixture(scope="module")
def worker_page(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/search/")
    yield page
    context.close()


@pytest.fixture(scope="module")
def worker(worker_page):
    """Ask the search worker the header box and the search page use, as they ask it: it cuts the
    query into the index's words and asks Pagefind's own API for every result."""
    def ask(query: str, filters: dict | None = None, limit: int = 500) -> dict:
        return worker_page.evaluate(ASK, [query, filters, limit])
    return ask


def test_every_page_holding_a_word_is_found_and_counted(demo_site, worker, worker_page):
    """Recall over words drawn from the indexed text by two segmenters: jieba's (the index's own
    dictionary) and the browser's Intl.Segmenter (ICU's dictionary, which knows nothing of the index)."""
    texts = indexed_texts(demo_site)
    words = list(NAMED) + drawn(jieba_words(texts), SAMPLE)
    words += drawn(set(worker_page.evaluate(BROWSER_WORDS, list(texts.values()))) - set(words), SAMPLE)
    assert len(words) == len(NAMED) + 2 * SAMPLE
    found = relevant = 0
    missed = {}
    for word in words:
        holding = {url for url, text in texts.items() if word in text}
        answer = worker(word)
        shown = {"/" + group[0]["location"] for group in answer["items"]}
        assert answer["total"] == len(answer["items"]) == len(shown), word  # the count is the list
        found += len(holding & shown)
        relevant += len(holding)
        if holding - shown:
            missed[word] = f"{len(holding & shown)}/{len(holding)}"
    assert relevant > 3000 and found / relevant >= 0.98, (found / relevant, missed)
    for word in NAMED:  # the words issue 14 found in 5 of 182, 0 of 9, 2 of 12 and 68 of 84 pages
        assert word not in missed, missed


def test_a_word_inside_a_longer_one_is_found_and_marked(worker, demo_site):
    """学雷锋 is one word to the index's segmenter: 雷锋 inside it is found and highlighted."""
    holding = [url for url, text in indexed_texts(demo_site).items() if "雷锋" in text]
    answer = worker("雷锋")
    assert answer["total"] == len(holding) > 150
    assert all("<mark>雷锋</mark>" in group[0]["text"] for group in answer["items"][:20])


def meta_field(page: str, name: str) -> set[str]:
    value = LexborHTMLParser(page).css_first(f'[data-pagefind-meta^="{name}:"]').attributes["data-pagefind-meta"]
    return set(value[len(name) + 1:].split())


def test_a_word_found_on_one_page_is_indexed_on_every_page_that_holds_it(tmp_path):
    """The vocabulary rule of publish/search_words.py, without a browser: 雷锋 stands alone on one
    page and inside 学雷锋 (one dictionary word) on the other; 微信 is a word jieba only finds by HMM
    in 关注微信 and not in 公众微信号, where its dictionary makes 信号 of the characters."""
    from generator.publish.search_words import stage_site

    site, stage = tmp_path / "site", tmp_path / "stage"
    pages = {"a": "<h1>雷锋精神</h1><p>请关注微信</p>", "b": "<h1>学雷锋志愿服务</h1><p>普洱市志愿者公众微信号</p>",
             "c": "<p>不在索引里的页面：雷锋</p>"}
    for name, body in pages.items():
        region = f'<div data-pagefind-body="">{body}</div>' if name != "c" else body
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f'<html lang="zh"><body>{region}</body></html>', encoding="utf-8")
    assert stage_site(site, stage) == 2 and not (stage / "c").exists()
    staged = (stage / "b" / "index.html").read_text(encoding="utf-8")
    assert {"雷锋", "学雷锋", "微信", "信号"} <= meta_field(staged, "terms")
    assert {"雷锋", "学雷锋"} <= meta_field(staged, "heading") and "微信" not in meta_field(staged, "heading")
    assert "学雷锋志愿服务" in LexborHTMLParser(staged).css_first("[data-pagefind-body]").text()


def kinds(answer: dict) -> list[str]:
    return [re.sub(r"<[^>]+>", "", group[0]["text"]).split(" · ")[0] for group in answer["items"]]


@pytest.mark.parametrize("query", ["献血", "昆明"])
def test_plans_and_activities_come_before_unit_pages(worker, query):
    order = kinds(worker(query))
    assert "单位" in order
    first_unit = order.index("单位")
    assert any(kind in ("方案", "活动") for kind in order[:first_unit]), order
    # Past the pages whose title holds the query, no unit comes before another kind.
    titled = worker(query)["items"]
    body_only = [kind for kind, group in zip(order, titled) if query not in group[0]["title"].split(" · ")[0]]
    assert body_only == sorted(body_only, key=lambda kind: kind == "单位"), body_only


def test_a_unit_named_by_the_query_comes_first(worker):
    answer = worker("团市委")
    assert kinds(answer)[0] == "单位" and answer["items"][0][0]["title"].startswith("团市委")


def test_only_the_shown_page_of_results_is_loaded(worker):
    answer = worker("社区", limit=10)
    assert answer["total"] > 80 and len(answer["items"]) == 10


def test_header_box_shows_the_true_count_and_filters_by_city(search_page, demo_site):
    page, _ = search_page
    holding = [url for url, text in indexed_texts(demo_site).items() if "社区" in text]
    search(page, "社区")
    meta = page.locator(".md-search-result__meta")
    assert meta.inner_text() == f"共 {len(holding)} 个结果，显示前 10 个"
    assert page.locator(".md-search-result__item").count() == 10
    everything = page.locator(".portal-search-box__all")
    assert everything.inner_text() == f"在搜索页查看全部 {len(holding)} 个结果"
    assert parse_qs(urlparse(everything.get_attribute("href")).query) == {"keyword": ["社区"]}

    city = page.locator(".portal-search-box select")
    assert city.locator("option").all_inner_texts()[:1] == ["全部城市"]
    city.select_option("昆明市")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent !== "
                           f"'共 {len(holding)} 个结果，显示前 10 个'")
    in_kunming = re.fullmatch(r"共 (\d+) 个结果，显示前 10 个", meta.inner_text())
    assert in_kunming and 10 < int(in_kunming.group(1)) < len(holding)
    facts = page.locator(".md-search-result__item .portal-search-facts").all_inner_texts()
    assert len(facts) == 10 and all("昆明市" in fact for fact in facts)
    assert parse_qs(urlparse(everything.get_attribute("href")).query) == {"keyword": ["社区"], "city": ["昆明市"]}

    search(page, "献血")  # the city stays chosen for the next query, as on the search page
    assert city.input_value() == "昆明市"
    assert all("昆明市" in fact for fact in page.locator(".md-search-result__item .portal-search-facts").all_inner_texts())
    city.select_option("")
    page.wait_for_function("() => [...document.querySelectorAll('.md-search-result__item .portal-search-facts')]"
                           ".some(p => !p.textContent.includes('昆明市'))")


def test_search_page_pages_through_every_result(browser, demo_server, demo_site):
    holding = [url for url, text in indexed_texts(demo_site).items() if "社区" in text]
    context, page = phone_page(browser)
    page.goto(demo_server + "/search/?keyword=" + quote("社区"))
    status = page.locator(".portal-search-status")
    page.wait_for_function("() => document.querySelector('.portal-search-status').textContent.startsWith('找到')")
    assert status.inner_text() == f"找到 {len(holding)} 个结果，已显示 10 个"
    more = page.locator(".portal-search-more")
    while more.is_visible():
        shown = page.locator(".portal-search-results > li").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.portal-search-results > li').length > {shown}")
    links = page.locator(".portal-search-results li > a").evaluate_all("ls => ls.map(a => new URL(a.href).pathname)")
    assert sorted(links) == sorted(holding)
    assert status.inner_text() == f"找到 {len(holding)} 个结果"
    context.close()


def test_search_page_opened_with_q_takes_the_query_from_materials_box(browser, demo_server):
    context, page = phone_page(browser)
    page.goto(demo_server + "/search/?q=" + quote("献血"))  # ?q= is Material's own deep link
    page.locator(".portal-search-results li").first.wait_for()
    assert not page.evaluate("document.getElementById('__search').checked")  # its overlay is closed
    assert page.locator("input[name=keyword]").input_value() == "献血"
    assert "keyword=" in page.url
    context.close()
