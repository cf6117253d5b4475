"""`portal serve`: a preview on 127.0.0.1 that regenerates when content/ changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


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


@pytest.fixture
def server(mini):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TODAY", "SOURCE_DATE_EPOCH")}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(mini), "--today", "2019-03-04",
         "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=10)


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

    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "content/stations/square.yaml:2: kind: 取值无效" in output
    assert "Traceback" not in output
