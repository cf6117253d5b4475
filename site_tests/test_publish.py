"""Publishing safely: the site is only ever replaced whole, and builds of one commit are identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import DEMO_TODAY, REPO
from generator.build import build_site
from generator.publish.swap import exchange

TODAY = "2019-03-04"


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def start_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(project), "--today", TODAY,
                             "build"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def staging_dirs(project: Path) -> list[Path]:
    return [p for p in project.glob(".site.*") if p.is_dir()]


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_this_system_swaps_directories_atomically(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "mark").write_text("a")
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b")  # Linux renameat2: what CI and servers run
    assert (tmp_path / "b" / "mark").read_text() == "a" and not (tmp_path / "a" / "mark").exists()


# The moments a build can die: mkdocs has started writing; it is half-way; Pagefind is indexing.
KILL_POINTS = {
    "mkdocs-started": lambda staging: any(staging.rglob("*.html")),
    "mkdocs-half-way": lambda staging: sum(1 for _ in staging.rglob("index.html")) >= 15,
    "pagefind-indexing": lambda staging: (staging / "pagefind").exists(),
}


@pytest.mark.parametrize("moment", KILL_POINTS)
def test_kill_9_during_a_build_leaves_the_old_site_complete(mini, moment):
    assert start_build(mini).wait(120) == 0
    before = digest(mini / "site")
    campaign = mini / "content" / "campaigns" / "demo-2019.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("学雷锋广场志愿服务日", "学雷锋广场志愿服务周"),
                        encoding="utf-8")
    build = start_build(mini)
    try:
        reached = wait_for(lambda: any(KILL_POINTS[moment](s) for s in staging_dirs(mini)))
        assert reached, f"the build never reached {moment}"
        build.send_signal(signal.SIGKILL)
        build.wait(30)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == -signal.SIGKILL
    assert digest(mini / "site") == before  # the published site is untouched, not half-new
    # The next build cleans up the killed one's staging directory and publishes the edit.
    assert start_build(mini).wait(120) == 0
    assert staging_dirs(mini) == []
    assert "学雷锋广场志愿服务周" in (mini / "site" / "campaigns" / "demo-2019" / "index.html").read_text(encoding="utf-8")


def test_readers_never_see_a_missing_or_half_site_during_the_swap(mini):
    site = build_site(mini, date(2019, 3, 4))
    problems: list[str] = []
    stop = threading.Event()

    def read() -> None:  # what nginx does while a build finishes
        while not stop.is_set():
            try:
                if "</html>" not in (site / "index.html").read_text(encoding="utf-8"):
                    problems.append("truncated")
                if not (site / "pagefind" / "pagefind.js").is_file():
                    problems.append("site without its search index")
            except OSError as error:
                problems.append(str(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(2):
            build_site(mini, date(2019, 3, 4))
    finally:
        stop.set()
        reader.join()
    assert problems == []
    assert oct(site.stat().st_mode & 0o777) == "0o755"  # readable by the web server's user


def test_two_clean_checkouts_of_one_commit_build_byte_identical_sites(tmp_path):
    """Reproducible builds: different clones, clocks and file times; the same bytes."""
    sites = []
    for name, mtime in (("a", 1_500_000_000), ("b", 1_700_000_000)):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], check=True)
        (clone / "node_modules").symlink_to(REPO / "node_modules")  # npm ci's output, not ours
        for path in clone.rglob("*"):
            if ".git" not in path.parts and path.is_file() and not path.is_symlink():
                os.utime(path, (mtime, mtime))
        sites.append(build_site(clone, DEMO_TODAY))
    first, second = (digest(site) for site in sites)
    assert first == second
    assert len(first) > 300
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_build_leaves_the_callers_environment_as_it_was(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    build_site(mini, date(2019, 3, 4))
    assert os.environ["SOURCE_DATE_EPOCH"] == "1" and "PORTAL_TODAY" not in os.environ
