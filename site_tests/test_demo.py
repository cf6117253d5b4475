"""The demo portal: all five seed plans complete, built in strict mode (reproducibility: test_publish.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import DEMO_TODAY, REPO
from generator.project import load_site


@pytest.fixture(scope="module")
def site():
    return load_site(REPO, DEMO_TODAY)


def by_id(site, campaign_id):
    return site.campaign(campaign_id)


def test_five_campaigns_in_order(site):
    assert [c.id for c in site.campaigns] == ["meilie-2017", "kunming-2018", "puer-2019", "taiyuan-2020", "jincheng-2021"]


def test_kunming_has_twelve_themes_and_every_activity(site):
    kunming = by_id(site, "kunming-2018")
    assert [t.month for t in kunming.themes.values()] == list(range(1, 13))
    assert [kunming.themes[m].keyword for m in (1, 2, 3, 9)] == ["喜庆", "团圆", "奉献", "团结"]
    standing = [a for a in kunming.activities if a.section.category.id == "standing"]
    assert len(standing) == 5
    per_month = {m: len([a for a in kunming.activities if a.model.month == m]) for m in range(1, 13)}
    assert per_month == {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4, 7: 2, 8: 3, 9: 3, 10: 3, 11: 2, 12: 2}
    saturday = next(a for a in standing if a.timing.kind == "recurring")
    assert saturday.timing.label().startswith("每周六")
    big_day = next(a for a in kunming.activities if a.timing.kind == "day" and a.timing.first == date(2018, 3, 5))
    assert big_day.model.scale.people == 500
    assert [s.id for s in big_day.stations] == ["zhenghe-square"]


def test_puer_has_41_tasks_and_its_targets(site):
    puer = by_id(site, "puer-2019")
    assert [a.model.number for a in puer.activities] == [str(n) for n in range(1, 42)]
    assert puer.model.doc_number == "普文明委发〔2019〕9号"
    values = {(t.value, t.unit) for t in puer.targets}
    for expected in [(20, "%"), (15, "%"), (13, "%"), (5000, "个"), (95, "%"), (90, "%"), (75, "%"), (50, "小时")]:
        assert expected in values


def test_meilie_taiyuan_jincheng_complete(site):
    meilie = by_id(site, "meilie-2017")
    assert [len(s.activities) for s in meilie.sections] == [4, 8, 4]
    assert [s.category.id for s in meilie.sections] == ["care-others", "care-society", "care-nature"]
    assert len(by_id(site, "taiyuan-2020").activities) == 8
    assert len(by_id(site, "jincheng-2021").activities) == 6
    kinds = sorted(s.model.kind for s in site.stations if s.region.id == "meilie")
    assert kinds == ["公共文化设施", "公共文化设施", "驿站", "驿站"]
    assert all(s.model.location.approximate for s in site.stations)


def test_reporting_deadlines(site):
    kunming = by_id(site, "kunming-2018")
    monthly = next(d for d in kunming.deadlines if d.timing.kind == "recurring")
    assert monthly.model.time == "16:00"
    assert monthly.timing.dates(date(2018, 5, 1), date(2018, 6, 30)) == [date(2018, 5, 23), date(2018, 6, 23)]
    [jincheng] = by_id(site, "jincheng-2021").deadlines
    assert jincheng.timing.dates() == [date(2021, 3, 19), date(2021, 7, 19), date(2021, 11, 19)]
    [taiyuan] = by_id(site, "taiyuan-2020").deadlines
    assert taiyuan.timing.first == date(2020, 12, 31)


def test_exemplars_are_marked_samples(site):
    assert {e.model.kind for e in site.exemplars} == {"最美志愿者", "最佳志愿服务组织", "最佳志愿服务项目", "最美志愿服务社区"}
    assert all(e.model.sample and "示例" in e.model.name for e in site.exemplars)


def test_every_detail_page_is_built(site, demo_site):
    paths = ([a.path for a in site.activities] + [u.path for u in site.units] + [s.path for s in site.stations]
             + [e.path for e in site.exemplars] + [c.path for c in site.campaigns]
             + [c.month_path(y, m) for c in site.campaigns for y, m in c.months()])
    for path in paths:
        html = demo_site / path.removesuffix(".md").removesuffix("/index") / "index.html"
        assert html.is_file(), path
    assert (demo_site / "campaigns/kunming-2018/kunming-2018.txt").is_file()


def test_unit_page_lists_what_it_leads_and_is_responsible_for(demo_site):
    html = (demo_site / "units/kunming/wenmingban/index.html").read_text(encoding="utf-8")
    assert "牵头的活动" in html and "负责的活动" in html
    assert "开展“我们的节日·元旦”活动" in html


def test_only_index_pages_are_in_the_navigation(demo_site):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert tabs == ["首页", "我要当志愿者", "活动方案", "日历", "志愿服务站", "先进典型", "动态", "宣传", "新闻中心", "责任单位"]
    activity = (demo_site / "campaigns/kunming-2018/activities/march-5-event/index.html").read_text(encoding="utf-8")
    assert activity.count('class="md-nav__link') < 20  # not one entry per detail page


THIRD_PARTY = re.compile(r"""(?:src|href)=["']?(?:https?:)?//(?!xueleifeng\.example\.cn)[^"' >]+""")


def test_no_resource_is_loaded_from_a_third_party_host(demo_site):
    for path in demo_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        loaded = [m for m in THIRD_PARTY.findall(html)
                  if not re.search(r"<a\b[^>]*" + re.escape(m), html)]  # plain links are fine
        assert loaded == [], path
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for path in demo_site.rglob("*.css"):
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8"), path


def test_home_makes_sense_when_no_campaign_is_running():
    """Long after every plan: what goes on anyway (standing services, stations), the latest plans and
    what is coming are near the top, and no block is empty."""
    from generator.build import render

    home = dict(render(REPO, date(2026, 12, 2)).items())["index.md"].decode("utf-8")
    sections = dict(re.findall(r"^## (\S+).*\n((?:(?!^## ).*\n)*)", home, re.M))
    assert list(sections)[:4] == ["我要当志愿者", "常态化志愿服务", "最新方案", "接下来"]
    assert "## 正在进行的活动方案" not in home and "暂无" not in home
    standing = sections["常态化志愿服务"]
    assert "全站 5 个[志愿服务站](stations/index.md)（昆明市 1 个、梅列区 4 个）" in standing
    assert "[1 学雷锋广场志愿服务活动](campaigns/kunming-2018/activities/lei-feng-square.md) <small>每周六</small>" in standing
    assert "普洱市" not in standing  # its 41 items are internal work tasks, nothing citizens attend
    latest = sections["最新方案"]
    assert latest.index("晋城市") < latest.index("太原市") < latest.index("普洱市")
    assert "**2026年12月5日** 国际志愿者日" in sections["接下来"]
    assert all(text.strip() for text in sections.values())
    archive = home[home.index("## 按年份浏览"):home.index("## 如何参与")]
    assert [int(y) for y in re.findall(r"\*\*(\d{4}) 年\*\*", archive)] == [2021, 2020, 2019, 2018, 2017]


def test_robots_txt_points_to_the_sitemap(demo_site):
    assert (demo_site / "robots.txt").read_text(encoding="utf-8").splitlines() == [
        "User-agent: *", "Allow: /", "", "Sitemap: https://xueleifeng.example.cn/sitemap-pages.xml"]
    assert (demo_site / "sitemap.xml").read_bytes() == (demo_site / "sitemap-pages.xml").read_bytes()  # small: whole
