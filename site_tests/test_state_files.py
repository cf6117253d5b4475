"""The build's own files (site/, the lock, .portal/, published-urls.txt) are never reached through a link,
and the manifest of published URLs notices its own missing lines."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import manifest as manifest_module
from generator.publish import swap
from generator.publish.manifest import HEADER, MANIFEST, manifest_issues
from generator.render.cards import Card, card_png
from generator.publish.safe_fs import UnsafeEntry, open_lock

TODAY = "2019-03-04"
STORY = "content/exemplars/li-xiaolei.md"
GIT = ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *GIT, *args], check=True, capture_output=True)


def commit_manifest(project: Path, urls: list[str], message: str = "Publish") -> None:
    (project / MANIFEST).write_text(HEADER + "".join(f"{url}\n" for url in urls), encoding="utf-8")
    if not (project / ".git").exists():
        git(project, "init", "-q")
    git(project, "add", MANIFEST)
    git(project, "commit", "-q", "-m", message)


def drop_line(project: Path, url: str) -> None:
    path = project / MANIFEST
    path.write_text(path.read_text(encoding="utf-8").replace(f"{url}\n", ""), encoding="utf-8")


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["--project", str(project), "--today", TODAY, *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


# --- the lock -------------------------------------------------------------------------------------------


def test_the_lock_never_truncates_what_it_finds(tmp_path):
    source = tmp_path / "README.md"
    source.write_text("说明", encoding="utf-8")
    (tmp_path / ".site.lock").symlink_to(source)
    with pytest.raises(UnsafeEntry):
        open_lock(tmp_path / ".site.lock")
    (tmp_path / ".site.lock").unlink()
    (tmp_path / ".site.lock").hardlink_to(source)  # a link open() cannot see: locking writes nothing
    with swap.build_lock(tmp_path / "site"):
        pass
    assert source.read_text(encoding="utf-8") == "说明"


def test_the_fallback_swap_removes_a_planted_link_not_its_target(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)  # systems without renameat2
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("保留", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.html").write_text("新", encoding="utf-8")
    (tmp_path / ".site.old").symlink_to(outside, target_is_directory=True)
    swap.swap_into_place(tmp_path / "new", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "新"
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "保留"


# --- the share-image cache --------------------------------------------------------------------------------


def test_the_card_cache_neither_reads_nor_writes_through_a_link(tmp_path):
    card = Card("标题", "先进典型", "", "示例门户", "example.org")
    cache = tmp_path / "cards"
    drawn = card_png(card, cache)
    [entry] = cache.iterdir()
    outside = tmp_path / "outside.png"
    outside.write_bytes(drawn[:-1] + b"!")  # a PNG, but not this card
    entry.unlink()
    entry.symlink_to(outside)
    assert card_png(card, cache) == drawn
    assert not entry.is_symlink() and outside.read_bytes() == drawn[:-1] + b"!"


def test_a_card_cache_that_is_a_link_is_refused(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "cards").symlink_to(tmp_path / "outside", target_is_directory=True)
    with pytest.raises(UnsafeEntry):
        card_png(Card("标题", "先进典型", "", "示例门户", "example.org"), tmp_path / "cards")
    assert list((tmp_path / "outside").iterdir()) == []


# --- the site dir ---------------------------------------------------------------------------------------------


def test_check_and_build_report_a_symlinked_site_dir_given_on_the_command_line(mini, tmp_path, capsys):
    (tmp_path / "public").symlink_to(mini / "content", target_is_directory=True)
    before = sorted(p.relative_to(mini).as_posix() for p in (mini / "content").rglob("*"))
    for command in ("check", "build"):
        code, err = run(mini, capsys, command, "--site-dir", str(tmp_path / "public"))
        assert code == 1 and f"{tmp_path / 'public'}:1: 这里应是生成的网站（目录），现在是符号链接" in err
    assert sorted(p.relative_to(mini).as_posix() for p in (mini / "content").rglob("*")) == before


@pytest.mark.parametrize("site_dir", [".", "..", "content", "content/news"])
def test_the_site_dir_cannot_be_the_project_or_hold_its_sources(mini, site_dir, capsys, monkeypatch):
    monkeypatch.chdir(mini)
    code, err = run(mini, capsys, "build", "--site-dir", site_dir)
    assert code == 1 and "网站输出目录不能是项目目录、它的上级目录" in err
    assert (mini / STORY).is_file() and not (mini / ".portal").exists()


# --- the manifest ----------------------------------------------------------------------------------------


def test_a_manifest_linked_to_a_host_file_is_never_printed(mini, capsys):
    (mini / MANIFEST).symlink_to("/etc/passwd")
    host_file = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    for command in ("check", "build"):
        code, err = run(mini, capsys, command)
        assert code == 1 and f"{MANIFEST}:1: 这里应是已发布网址清单（普通文件），现在是符号链接" in err
        assert not [line for line in host_file.splitlines() if line and line in err]


def test_a_line_deleted_together_with_its_page_is_caught(mini, capsys):
    """Issue 12.8: deleting a story and its manifest line used to let the page vanish silently."""
    assert run(mini, capsys, "build")[0] == 0
    git(mini, "init", "-q")
    git(mini, "add", MANIFEST)
    git(mini, "commit", "-q", "-m", "Publish")
    (mini / STORY).unlink()
    drop_line(mini, "/exemplars/li-xiaolei/")
    for command in ("check", "build"):
        code, err = run(mini, capsys, command)
        assert code == 1
        assert "/exemplars/li-xiaolei/: 已发布的网址从清单中删掉了" in err and "redirects" in err


def test_a_removed_line_is_named_where_it_was_and_restoring_it_passes(tmp_path):
    commit_manifest(tmp_path, ["/", "/a/", "/b/", "/c/"])
    assert manifest_issues(tmp_path) == []
    drop_line(tmp_path, "/b/")
    [issue] = manifest_issues(tmp_path)
    assert (issue.line, issue.field) == (5, "/b/")  # where /c/ is now: 2 header lines, /, /a/, then /c/
    drop_line(tmp_path, "/c/")
    assert [issue.line for issue in manifest_issues(tmp_path)] == [5, 5]  # after the last line
    git(tmp_path, "checkout", "HEAD", "--", MANIFEST)  # what the message advises
    assert manifest_issues(tmp_path) == []


def test_a_url_removed_in_a_commit_still_counts(tmp_path):
    commit_manifest(tmp_path, ["/", "/a/"])
    commit_manifest(tmp_path, ["/"], message="Drop /a/")
    assert [issue.field for issue in manifest_issues(tmp_path)] == ["/a/"]


def test_without_git_or_a_repository_only_the_file_counts(tmp_path, monkeypatch):
    commit_manifest(tmp_path, ["/", "/a/"])
    drop_line(tmp_path, "/a/")
    monkeypatch.setenv("PATH", "")  # git is not installed
    assert manifest_issues(tmp_path) == []
    monkeypatch.undo()
    shutil.rmtree(tmp_path / ".git")
    assert manifest_issues(tmp_path) == []


def test_a_shallow_clone_checks_the_history_it_has(tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    commit_manifest(origin, ["/", "/a/"])
    commit_manifest(origin, ["/", "/a/", "/b/"])
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", origin.as_uri(), str(clone)], check=True)
    drop_line(clone, "/a/")
    assert [issue.field for issue in manifest_issues(clone)] == ["/a/"]


def test_the_history_is_read_with_one_git_call(tmp_path, monkeypatch):
    for number in range(5):
        commit_manifest(tmp_path, ["/", *(f"/{n}/" for n in range(number))], message=f"Publish {number}")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(manifest_module.subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    drop_line(tmp_path, "/2/")
    assert [issue.field for issue in manifest_issues(tmp_path)] == ["/2/"]
    assert len(calls) == 1
