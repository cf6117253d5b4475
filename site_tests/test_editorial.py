"""Editorial states of stories: draft, scheduled (publish:), archived (expires:), and the
"last updated" date that comes from git history."""

from __future__ import annotations

import subprocess
from datetime import date

from conftest import line_of
from generator.build import build_site, render
from generator.publish.revisions import last_changed

POST = """---
title: {title}
date: 2019-03-01
{extra}
---
正文。
"""


def add_post(project, name: str, title: str, extra: str = "") -> None:
    folder = project / "content" / "news"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(POST.format(title=title, extra=extra), encoding="utf-8")


def docs(project, today: date, drafts: bool = False) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in render(project, today, drafts, project / ".cache").items()
            if path.endswith((".md", ".json", ".xml"))}


def test_scheduled_post_appears_on_its_publish_date(mini):
    add_post(mini, "soon", "三月五日活动预告", "publish: 2019-03-05")
    before = docs(mini, date(2019, 3, 4))
    assert "news/soon.md" not in before
    assert "三月五日活动预告" not in before["news/index.md"] + before["feed-news.json"]
    after = docs(mini, date(2019, 3, 5))  # the daily CI build on that morning
    assert "news/soon.md" in after
    assert "三月五日活动预告" in after["news/index.md"] and "三月五日活动预告" in after["feed-news.json"]


def test_expired_post_moves_to_the_archive_and_keeps_its_url(mini):
    add_post(mini, "old", "寒假志愿服务回顾", "expires: 2019-03-10")
    live = docs(mini, date(2019, 3, 9))
    assert "寒假志愿服务回顾" in live["news/index.md"] and "寒假志愿服务回顾" not in live["news/archive.md"]
    gone = docs(mini, date(2019, 3, 10))
    assert "news/old.md" in gone  # the permalink still works
    assert "已归档" in gone["news/old.md"]
    assert "寒假志愿服务回顾" not in gone["news/index.md"] and "寒假志愿服务回顾" in gone["news/archive.md"]
    assert "往期动态（归档）" in gone["news/index.md"]
    assert "寒假志愿服务回顾" not in gone["feed-news.json"]


def test_draft_and_scheduled_posts_show_only_in_the_preview(mini):
    add_post(mini, "wip", "尚未定稿的通知", "draft: true")
    add_post(mini, "later", "下月活动预告", "publish: 2019-04-01")
    public = docs(mini, date(2019, 3, 4))
    assert "news/wip.md" not in public and "news/later.md" not in public
    preview = docs(mini, date(2019, 3, 4), drafts=True)
    assert "草稿（draft: true）" in preview["news/wip.md"]
    assert "本文将于 2019年4月1日 起发布" in preview["news/later.md"]
    assert "定时发布：2019年4月1日" in preview["news/index.md"]


def test_exemplars_follow_the_same_states(mini):
    story = mini / "content" / "exemplars" / "li-xiaolei.md"
    story.write_text(story.read_text(encoding="utf-8").replace("sample: true\n", "sample: true\nexpires: 2019-03-06\n"),
                     encoding="utf-8")
    archived = docs(mini, date(2019, 3, 6))
    assert "exemplars/li-xiaolei.md" in archived
    assert "广场上的“雷锋大姐”" in archived["exemplars/archive.md"]
    assert "广场上的“雷锋大姐”" not in archived["exemplars/index.md"]
    story.write_text(story.read_text(encoding="utf-8").replace("expires: 2019-03-06\n", "publish: 2019-03-08\n"),
                     encoding="utf-8")
    assert "exemplars/li-xiaolei.md" not in docs(mini, date(2019, 3, 6))


def test_scheduled_post_claims_its_url_today(check, mini):
    add_post(mini, "a", "同一个标题", "slug: same-url")
    add_post(mini, "b", "另一篇", "slug: same-url\npublish: 2019-06-01")
    errors = check()
    assert errors == [f"content/news/b.md:{line_of(mini, 'content/news/b.md', 'slug:')}: slug: "
                      "网址 news/same-url/ 已被 content/news/a.md 的网址占用：请用 slug 指定另一个网址。"]


def test_expires_before_publication(check, mini):
    add_post(mini, "bad", "过期早于发布", "publish: 2019-05-01\nexpires: 2019-04-01")
    assert check() == [f"content/news/bad.md:{line_of(mini, 'content/news/bad.md', 'expires:')}: expires: "
                       "expires（2019-04-01）应晚于 publish（2019-05-01）：expires 是文章移入归档的日期，删除它或改为更晚的日期。"]


def _git(project, *args, date_iso="2019-02-20T10:00:00+08:00"):
    env = {"GIT_AUTHOR_DATE": date_iso, "GIT_COMMITTER_DATE": date_iso, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "editor@example.cn", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "editor@example.cn", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def test_last_updated_comes_from_git_history(mini):
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "first", date_iso="2019-02-20T23:30:00+00:00")  # 21 Feb in Beijing
    station = mini / "content" / "stations" / "square.yaml"
    station.write_text(station.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(mini, "commit", "-qam", "station", date_iso="2019-03-02T09:00:00+08:00")
    changed = last_changed(mini)
    assert changed["content/campaigns/demo-2019.yaml"] == date(2019, 2, 21)
    assert changed["content/stations/square.yaml"] == date(2019, 3, 2)
    site = build_site(mini, date(2019, 3, 4))
    html = (site / "stations" / "square" / "index.html").read_text(encoding="utf-8")
    assert '最后更新：门户编辑，<time datetime="2019-03-02">2019年3月2日</time>' in html  # an author no owners list names
    html = (site / "campaigns" / "demo-2019" / "activities" / "saturday" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2019-02-21">' in html  # an activity changes with its campaign file


def test_outside_git_and_uncommitted_edits_use_the_file_time(mini):
    import os
    station = mini / "content" / "stations" / "square.yaml"
    os.utime(station, (1_552_000_000, 1_552_000_000))  # 2019-03-08 in Beijing
    assert last_changed(mini)["content/stations/square.yaml"] == date(2019, 3, 8)
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "first")
    station.write_text(station.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # an editor's unsaved work
    os.utime(station, (1_552_600_000, 1_552_600_000))  # 2019-03-15
    assert last_changed(mini)["content/stations/square.yaml"] == date(2019, 3, 15)
