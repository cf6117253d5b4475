"""The audit trail readers see: 最后更新 names the unit and the day of a record's last commit, and
the 更新记录 page lists the recent commits' records — never a person's name or e-mail address."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.build import build_site
from generator.publish import revisions

from conftest import edit, make_project

TODAY = date(2019, 3, 4)
DISTRICT = """name: 东城区
province: 云南省
city: 示例市
district: 东城区
owners: [dong-wmb]
units:
  - id: dong-wenmingban
    name: 东城区文明办
    owners: [dong-unit]
"""
STATION = """name: 东城驿站
kind: 驿站
region: east
district: 东城区
address: 云南省示例市东城区幸福路 1 号
location: {lat: 25.05, lon: 102.72, approximate: true}
standard: si-ge-you
services: [便民服务]
"""
# Authors as git records them: none of this may reach the built site.
DISTRICT_EDITOR = ("王东城", "dong-wmb@dongcheng.example.cn")
UNIT_EDITOR = ("dong-unit", "zhao.liu@unit.example.cn")
PORTAL_EDITOR = ("李编辑", "portal-editor@wmb.example.cn")
STRANGER = ("陌生人", "someone@else.example.cn")
PRIVATE = ["王东城", "dongcheng.example.cn", "zhao.liu", "李编辑", "wmb.example.cn", "陌生人", "someone@",
           "else.example.cn", "portal-editor@"]


def _git(project: Path, *args: str, author=PORTAL_EDITOR, when="2019-02-20T10:00:00+08:00") -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": author[0],
           "GIT_AUTHOR_EMAIL": author[1], "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@example.org",
           "PATH": "/usr/bin:/bin", "HOME": str(project)}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path) -> Path:
    """The mini project in git: the portal's editors set it up, a district and a unit of it edit."""
    project = make_project(tmp_path / "repo")
    edit(project, "campaigns.yaml", "  operator: 测试文明办\n", "  operator: 测试文明办\n  editors: [portal-editor]\n")
    (project / "content" / "regions" / "east.yaml").write_text(DISTRICT, encoding="utf-8")
    (project / "content" / "stations" / "east-post.yaml").write_text(STATION, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "import the plan", when="2019-02-20T10:00:00+08:00")
    edit(project, "content/stations/east-post.yaml", "services: [便民服务]", "services: [便民服务, 测量血压]")
    _git(project, "commit", "-qam", "王东城 13800000000 改了服务", author=DISTRICT_EDITOR,
         when="2019-03-01T23:30:00+00:00")  # 2 March in Beijing
    edit(project, "content/stations/square.yaml", "services: [便民服务]", "services: [便民服务, 理发]")
    _git(project, "commit", "-qam", "square", author=STRANGER, when="2019-03-02T09:00:00+08:00")
    return project


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _all_text(site: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(site.rglob("*"))
                     if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".ics", ".csv", ".rss",
                                                           ".geojson", ".js"))


def test_pages_name_the_unit_and_day_of_the_last_commit(repo):
    site = build_site(repo, TODAY)
    assert "最后更新：东城区，<time datetime=\"2019-03-02\">2019年3月2日</time>" in _page(site, "stations/east-post")
    # an author listed nowhere: the portal's editors in general
    assert "最后更新：门户编辑，<time datetime=\"2019-03-02\">" in _page(site, "stations/square")
    # site editors → the operator; an activity page belongs to its campaign file
    assert "最后更新：测试文明办，<time datetime=\"2019-02-20\">" in _page(site, "campaigns/demo-2019/activities/saturday")
    text = _all_text(site)
    for private in PRIVATE + ["13800000000", "改了服务"]:  # nor what a commit says about itself
        assert private not in text, private


def _publish_then_delete_a_station(repo: Path) -> Path:
    """A district adds a station, the site is published (its URL enters published-urls.txt), then a
    unit deletes it with the redirects a published page needs; the site built after that."""
    old = repo / "content" / "stations" / "old-post.yaml"
    old.write_text(STATION.replace("东城驿站", "旧驿站"), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "add", author=DISTRICT_EDITOR, when="2019-03-03T08:00:00+08:00")
    build_site(repo, TODAY)  # published: its URL is in published-urls.txt
    old.unlink()
    with (repo / "campaigns.yaml").open("a", encoding="utf-8") as file:
        file.write("redirects:\n  - {old: stations/old-post/, new: stations/east-post/}\n"
                   "  - {old: posters/stations/old-post/, new: posters/stations/east-post/}\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "remove", author=UNIT_EDITOR, when="2019-03-03T09:00:00+08:00")
    return build_site(repo, TODAY)


def test_changes_page_lists_the_commits_records_with_working_links(repo):
    site = _publish_then_delete_a_station(repo)
    html = _page(site, "changes")
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html, "html.parser").select_one("article")
    # each day a heading; under it a commit: the unit, then each record it changed
    days = {h2.get_text(strip=True).rstrip("¶"): [
        (li.strong.get_text(), [item.get_text().strip() for item in li.find_all("li")], li)
        for li in h2.find_next_sibling("ul").find_all("li", recursive=False)] for h2 in article.find_all("h2")}
    assert list(days) == ["2019年3月3日", "2019年3月2日", "2019年2月20日"]  # newest first
    removed, added = days["2019年3月3日"]
    assert removed[:2] == ("东城区文明办", ["修改网站设置", "删除站点 old-post"]) and removed[2].find("a") is None
    assert added[:2] == ("东城区", ["新增站点 old-post（已删除）"])  # no page now: named by its file, not linked
    assert [entry[:2] for entry in days["2019年3月2日"]] == [("门户编辑", ["修改站点 中心学雷锋广场"]),
                                                            ("东城区", ["修改站点 东城驿站"])]
    unit, items, _ = days["2019年2月20日"][0]
    assert unit == "测试文明办" and items[0] == "新增网站设置" and "新增站点 东城驿站" in items
    links = {a.get_text(): a["href"] for a in article.select("li a")}
    assert {"东城驿站", "中心学雷锋广场", "示例市", "东城区"} <= set(links)
    for text, href in links.items():
        target = (site / "changes" / href).resolve()
        assert (target / "index.html").is_file(), (text, href)
    assert (site / "changes" / links["东城驿站"]).resolve() == (site / "stations" / "east-post").resolve()
    # the station page links the record of changes
    assert 'href="../../changes/">更新记录</a>' in _page(site, "stations/east-post")
    for private in PRIVATE + ["13800000000", "改了服务", "remove"]:
        assert private not in html, private


def test_a_deleted_record_that_was_never_published_is_not_named(repo):
    """A station added and deleted between two builds, and a story scheduled for later: their file
    names (which may name people) appear nowhere, on the page or in the feed."""
    station = repo / "content" / "stations" / "wang-xiaoming-home.yaml"
    station.write_text(STATION.replace("东城驿站", "王小明家"), encoding="utf-8")
    story = repo / "content" / "exemplars" / "zhang-sanfeng.md"
    story.write_text("---\nkind: 最美志愿者\nname: 张三丰\ntitle: 以后的故事\nyear: 2019\nregion: democity\n"
                     "campaign: demo-2019\ndate: 2019-04-01\n---\n正文。\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "add", author=DISTRICT_EDITOR, when="2019-03-03T08:00:00+08:00")
    station.unlink()
    _git(repo, "commit", "-qam", "x", author=DISTRICT_EDITOR, when="2019-03-03T08:30:00+08:00")
    story.unlink()
    _git(repo, "commit", "-qam", "remove", author=UNIT_EDITOR, when="2019-03-03T09:00:00+08:00")
    site = build_site(repo, TODAY)
    shown = _page(site, "changes") + (site / "feed-changes.xml").read_text(encoding="utf-8")
    for name in ("wang-xiaoming-home", "zhang-sanfeng", "王小明", "张三丰"):
        assert name not in shown, name
    assert "修改站点 东城驿站" in shown  # the rest of the record is there


def test_a_renamed_file_keeps_its_history(repo):
    (repo / "content" / "stations" / "east").mkdir()
    _git(repo, "mv", "content/stations/east-post.yaml", "content/stations/east/east-post.yaml")
    _git(repo, "commit", "-qm", "move", when="2019-03-03T09:00:00+08:00")
    history = revisions.read_history(repo)
    last = history.last["content/stations/east/east-post.yaml"]
    assert (last.day, last.author.name) == (date(2019, 3, 2), DISTRICT_EDITOR[0])  # the move is no change
    # and the district's older commit counts for the file under its new name
    assert history.recent[2].changes[0].now == "content/stations/east/east-post.yaml"


def test_without_git_the_site_builds_and_says_so(repo):
    shutil.rmtree(repo / ".git")
    site = build_site(repo, TODAY)
    assert "东城区，" not in _page(site, "stations/east-post")  # a date maybe (the file's), never a unit
    assert "没有可用的修改历史" in _page(site, "changes")
    import feedparser

    feed = feedparser.parse((site / "feed-changes.xml").read_bytes())
    assert not feed.bozo and feed.entries == []


def test_git_missing_is_no_history(repo, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    site = build_site(repo, TODAY)
    assert "没有可用的修改历史" in _page(site, "changes")


def test_uncommitted_edit_names_no_unit(repo):
    edit(repo, "content/stations/east-post.yaml", "kind: 驿站", "kind: 驿站\nhours: 每周六 9:00-11:30")
    site = build_site(repo, TODAY)
    page = _page(site, "stations/east-post")
    assert "最后更新：<time" in page and "东城区，<time" not in page


def test_a_new_commit_updates_the_pages_incrementally(repo):
    site = build_site(repo, TODAY)
    assert "最后更新：东城区，" in _page(site, "stations/east-post")
    edit(repo, "content/stations/east-post.yaml", "kind: 驿站", "kind: 驿站\nhours: 每周六 9:00-11:30")
    _git(repo, "commit", "-qam", "hours", author=UNIT_EDITOR, when="2019-03-03T09:00:00+08:00")
    build_site(repo, TODAY)
    assert "最后更新：东城区文明办，<time datetime=\"2019-03-03\">" in _page(site, "stations/east-post")
    assert "东城区文明办" in _page(site, "changes")
    # the owners move: the same commits, another unit — the page follows
    edit(repo, "content/regions/east.yaml", "    owners: [dong-unit]\n", "")
    _git(repo, "commit", "-qam", "owners", when="2019-03-04T09:00:00+08:00")
    build_site(repo, TODAY)
    assert "最后更新：东城区文明办" not in _page(site, "stations/east-post")
    assert "最后更新：门户编辑，<time datetime=\"2019-03-03\">" in _page(site, "stations/east-post")
    # owners named in a file the page is not made from: the unit is part of the page's key too
    far = DISTRICT.replace("东城区", "远城区").replace("示例市", "远方市").replace("dong-", "far-")
    (repo / "content" / "regions" / "far.yaml").write_text(far.replace("[far-wmb]", "[someone]"), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "far", when="2019-03-04T10:00:00+08:00")
    build_site(repo, TODAY)
    assert "最后更新：远城区，<time datetime=\"2019-03-02\">" in _page(site, "stations/square")
    incremental = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
    clean = build_site(repo, TODAY, site_dir=repo / "clean", incremental=False)
    assert {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*.html")} == incremental


def test_the_log_is_read_once_per_commit(repo, monkeypatch):
    revisions.read_history(repo)
    calls = []
    real = subprocess.run

    def spy(command, *args, **kwargs):
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    revisions.read_history(repo)
    assert not any("log" in command for command in calls) and len(calls) == 2


def test_a_unit_name_is_text_on_every_page(repo):
    """Unit and region names are editors' text: shown as typed, never markup."""
    hostile = '东城<img src=x onerror=alert(1)>区&amp;"'
    edit(repo, "content/regions/east.yaml", "name: 东城区文明办", f"name: '{hostile}'")
    _git(repo, "commit", "-qam", "rename the unit", author=UNIT_EDITOR, when="2019-03-03T09:00:00+08:00")
    edit(repo, "content/stations/east-post.yaml", "kind: 驿站", "kind: 驿站\nhours: 每周六 9:00-11:30")
    _git(repo, "commit", "-qam", "hours", author=UNIT_EDITOR, when="2019-03-03T10:00:00+08:00")
    site = build_site(repo, TODAY)
    from bs4 import BeautifulSoup

    for url in ("stations/east-post", "changes"):
        html = _page(site, url)
        assert "<img src=x" not in html
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("img[onerror]")
        if url == "changes":
            assert hostile in [strong.get_text() for strong in soup.select("article li strong")]
        else:
            assert f"最后更新：{hostile}，" in soup.get_text()


def test_changes_feed_says_what_the_page_says(repo):
    import feedparser

    site = build_site(repo, TODAY)
    feed = feedparser.parse((site / "feed-changes.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "测试门户：更新记录"
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["门户编辑：修改站点 中心学雷锋广场", "东城区：修改站点 东城驿站"]  # newest first
    assert titles[2].startswith("测试文明办：新增网站设置 等 ")
    site = _publish_then_delete_a_station(repo)
    added = [e for e in feedparser.parse((site / "feed-changes.xml").read_bytes()).entries
             if e.title.startswith("东城区：新增")][0]
    assert added.title == "东城区：新增站点 old-post（已删除）"  # the label the page prints
    assert "<li>新增站点 old-post（已删除）</li>" in added.content[0].value
    district = feed.entries[1]
    assert district.updated.startswith("2019-03-02") and district.id.startswith("https://example.org/changes/#")
    assert 'href="https://example.org/stations/east-post/"' in district.content[0].value
    text = (site / "feed-changes.xml").read_text(encoding="utf-8")
    for private in PRIVATE + ["13800000000", "改了服务"]:
        assert private not in text, private
    assert '<a href="../feed-changes.xml">' in _page(site, "changes")
