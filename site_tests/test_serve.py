"""`portal serve`: a preview on 127.0.0.1 that regenerates when content/ changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import phone_page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never contained {text!r}")


class Preview:
    """`portal serve` in a subprocess; its terminal output goes to a file (a pipe nobody reads fills up)."""

    def __init__(self, project, log):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TODAY", "SOURCE_DATE_EPOCH")}
        with log.open("w", encoding="utf-8") as out:
            # `--today` after the command, as editors type it (issue 15)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "--project", str(project), "serve", "--today", "2019-03-04",
                 "--addr", f"127.0.0.1:{self.port}"], stdout=out, stderr=subprocess.STDOUT, env=env)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path):
    started = []

    def start(project) -> Preview:
        started.append(Preview(project, tmp_path / f"serve-{len(started)}.log"))
        return started[-1]
    yield start
    for running in started:
        running.stop()


@pytest.fixture
def server(mini, preview):
    running = preview(mini)
    return running.base, running


def test_edit_is_regenerated_and_a_mistake_keeps_the_last_good_page(server, mini):
    base, process = server
    page = f"{base}/stations/square/"
    _wait_for(page, "中心学雷锋广场")
    station = mini / "content/stations/square.yaml"
    text = station.read_text(encoding="utf-8")
    station.write_text(text.replace("name: 中心学雷锋广场", "name: 中心学雷锋广场（新）"), encoding="utf-8")
    _wait_for(page, "中心学雷锋广场（新）")

    station.write_text(text.replace("kind: 广场", "kind: 公园"), encoding="utf-8")
    time.sleep(3)
    _wait_for(page, "中心学雷锋广场（新）", seconds=5)  # still served

    output = process.stop()
    assert "content/stations/square.yaml:2: kind: 取值无效" in output
    assert "Traceback" not in output


STATION = "content/stations/square.yaml"


def _close(context, page) -> None:
    # Leave the preview first: its live-reload request stays open, and closing a context with a page
    # that the preview is reloading has hung Playwright on a loaded machine.  The preview may itself
    # reload the page at that moment ("navigation interrupted by another navigation"): then again.
    from playwright.sync_api import Error

    for attempt in range(5):
        try:
            page.goto("about:blank", wait_until="commit", timeout=15_000)
            break
        except Error:
            page.wait_for_timeout(500)
    context.close()


def _error_list(page, text: str):
    page.wait_for_selector(f".portal-preview-errors:has-text('{text}')", timeout=30_000)
    return page.inner_text(".portal-preview-errors")


def test_a_save_with_errors_is_listed_in_the_browser_until_it_is_fixed(server, mini, browser):
    """The page in the browser says what is wrong, on which line of which file, while the save is
    wrong — not the last good page without a word — and shows the fixed page once it is fixed."""
    base, _ = server
    _wait_for(f"{base}/stations/square/", "中心学雷锋广场")
    context, page = phone_page(browser)
    try:
        page.goto(f"{base}/stations/square/")
        page.wait_for_selector("h1:has-text('中心学雷锋广场')")
        assert page.locator(".portal-preview-errors").count() == 0
        station = mini / STATION
        text = station.read_text(encoding="utf-8")
        station.write_text(text.replace("district: 示例区", "district：示例区").replace("kind: 广场", "kind: 公园"),
                           encoding="utf-8")
        shown = _error_list(page, "第 4 行")
        assert "内容有 2 个错误，预览没有更新" in shown
        assert f"{STATION} 第 2 行 · kind" in shown and "取值无效" in shown
        assert f"{STATION} 第 4 行" in shown and "“district：”里的冒号是全角“：”" in shown

        station.write_text(text.replace("kind: 广场", "kind: 公园"), encoding="utf-8")  # one fixed, one left
        shown = _error_list(page, "内容有 1 个错误")
        assert "第 4 行" not in shown and f"{STATION} 第 2 行 · kind" in shown

        station.write_text(text.replace("name: 中心学雷锋广场", "name: 中心学雷锋广场（已改好）"), encoding="utf-8")
        page.wait_for_selector("h1:has-text('中心学雷锋广场（已改好）')", timeout=30_000)
        page.wait_for_load_state("load")
        assert page.locator(".portal-preview-errors").count() == 0
    finally:
        _close(context, page)


def test_a_preview_started_with_errors_lists_them_and_then_shows_the_site(mini, preview, browser):
    region = mini / "content/regions/democity.yaml"
    region_text = region.read_text(encoding="utf-8")
    region.write_text(region_text.replace("  - id: tuanshiwei", "  － id: tuanshiwei"), encoding="utf-8")
    running = preview(mini)
    _wait_for(f"{running.base}/", "预览还没有生成")
    context, page = phone_page(browser)
    try:
        page.goto(f"{running.base}/")
        shown = _error_list(page, "content/regions/democity.yaml 第 8 行")
        assert "列表项开头的“－”是全角符号" in shown
        region.write_text(region_text, encoding="utf-8")
        # The generated home page replaces the placeholder (waited for itself: between the placeholder's
        # unload and the new page's load, a load-state wait can answer for the old document).
        page.wait_for_selector("a[href*='campaigns/demo-2019/']", timeout=60_000)
        assert page.locator("h1:has-text('预览还没有生成')").count() == 0
        assert page.locator(".portal-preview-errors").count() == 0
    finally:
        _close(context, page)
    assert "Traceback" not in running.stop()
