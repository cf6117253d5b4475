"""Permalinks media can trust: renamed stories redirect, vanished URLs stop the build."""

from __future__ import annotations

from datetime import date


from generator.build import build_site
from generator.cli import main
from conftest import edit, line_of
from generator.model.slugs import pinyin_slug, story_slug

TODAY = date(2019, 3, 4)
STORY = "content/exemplars/li-xiaolei.md"


def test_slugs():
    assert story_slug("fixed-id", "任意文件名", "标题") == "fixed-id"
    assert story_slug(None, "li-xiaolei", "广场上的“雷锋大姐”") == "li-xiaolei"
    assert story_slug(None, "广场上的雷锋大姐", "广场上的“雷锋大姐”") == "guang-chang-shang-de-lei-feng-da-jie"
    assert pinyin_slug("重阳节敬老") == "chong-yang-jie-jing-lao"  # phrase-aware: 重阳 is chong-yang


def test_first_build_records_every_published_url(mini):
    build_site(mini, TODAY)
    manifest = (mini / "published-urls.txt").read_text(encoding="utf-8")
    for url in ("/\n", "/exemplars/li-xiaolei/\n", "/campaigns/demo-2019/activities/saturday/\n",
                "/calendar/2019-03/\n", "/stations/square/\n"):
        assert url in manifest


def test_renamed_story_keeps_its_old_url(mini, browser):
    build_site(mini, TODAY)
    story = mini / STORY
    text = story.read_text(encoding="utf-8").replace("---\n每个周六", "aliases: [li-xiaolei]\n---\n每个周六")
    story.unlink()
    (mini / "content/exemplars/lei-feng-da-jie-2019.md").write_text(text, encoding="utf-8")
    site = build_site(mini, TODAY)
    redirect = (site / "exemplars/li-xiaolei/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/exemplars/lei-feng-da-jie-2019/">' in redirect
    assert (site / "exemplars/lei-feng-da-jie-2019/index.html").is_file()
    manifest = (mini / "published-urls.txt").read_text(encoding="utf-8")
    assert "/exemplars/lei-feng-da-jie-2019/\n" in manifest and "/exemplars/li-xiaolei/\n" in manifest

    page = browser.new_page()
    page.goto((site / "exemplars/li-xiaolei/index.html").as_uri() + "#photo")
    page.wait_for_url("**/exemplars/lei-feng-da-jie-2019/**")
    assert page.url.endswith("/exemplars/lei-feng-da-jie-2019/#photo")  # the anchor survives the move
    page.close()


def test_deleting_a_published_story_without_alias_fails(mini, capsys):
    build_site(mini, TODAY)
    before = {p: p.stat().st_mtime_ns for p in (mini / "site").rglob("*") if p.is_file()}
    (mini / STORY).unlink()
    code = main(["--project", str(mini), "--today", "2019-03-04", "build"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    lines = (mini / "published-urls.txt").read_text(encoding="utf-8").splitlines()
    line = lines.index("/exemplars/li-xiaolei/") + 1
    assert f"published-urls.txt:{line}: /exemplars/li-xiaolei/: 已发布的网址在本次生成中不存在，外部链接会失效：" in err
    assert "aliases: [旧网址名]" in err
    after = {p: p.stat().st_mtime_ns for p in (mini / "site").rglob("*") if p.is_file()}
    assert after == before  # the published site is untouched


def test_changing_a_chinese_titled_story_title_is_caught(mini, capsys):
    (mini / STORY).rename(mini / "content/exemplars/广场上的雷锋大姐.md")
    build_site(mini, TODAY)
    assert "/exemplars/guang-chang-shang-de-lei-feng-da-jie/" in (mini / "published-urls.txt").read_text(encoding="utf-8")
    story = mini / "content/exemplars/广场上的雷锋大姐.md"
    story.write_text(story.read_text(encoding="utf-8").replace("title: 广场上的“雷锋大姐”", "title: 雷锋大姐"),
                     encoding="utf-8")
    assert main(["--project", str(mini), "--today", "2019-03-04", "build"]) == 1
    assert "/exemplars/guang-chang-shang-de-lei-feng-da-jie/: 已发布的网址在本次生成中不存在" in capsys.readouterr().err
    story.write_text(story.read_text(encoding="utf-8").replace(
        "title: 雷锋大姐", "title: 雷锋大姐\nslug: guang-chang-shang-de-lei-feng-da-jie"), encoding="utf-8")
    assert main(["--project", str(mini), "--today", "2019-03-04", "build"]) == 0


def test_alias_that_collides_with_another_story(check, mini):
    (mini / "content/exemplars/other.md").write_text(
        (mini / STORY).read_text(encoding="utf-8").replace("title: 广场上的“雷锋大姐”", "title: 另一篇"),
        encoding="utf-8")
    edit(mini, "content/exemplars/other.md", "stations: [square]\n", "stations: [square]\naliases: [li-xiaolei]\n")
    assert check() == [
        f"content/exemplars/other.md:{line_of(mini, 'content/exemplars/other.md', 'aliases:')}: aliases[0]: "
        "旧网址 exemplars/li-xiaolei/ 与 content/exemplars/li-xiaolei.md 的网址冲突："
        "aliases 只写本文以前用过、现已不用的网址。"]


def test_site_redirect_to_a_page_that_does_not_exist(mini, capsys):
    config = mini / "campaigns.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nredirects:\n  - old: campaigns/demo-2019/activities/old/\n"
                      "    new: campaigns/demo-2019/activities/missing/\n", encoding="utf-8")
    code = main(["--project", str(mini), "--today", "2019-03-04", "build"])
    err = capsys.readouterr().err
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(lines, 1) if "new: campaigns/demo-2019/activities/missing/" in l)
    assert code == 1
    assert (f"campaigns.yaml:{line}: redirects[0].new: 新网址 campaigns/demo-2019/activities/missing/ "
            "不是本站的页面，请检查拼写（以 / 结尾）。") in err
