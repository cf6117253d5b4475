"""decap-server (npm): the local backend Decap CMS saves through while `portal serve` runs.

It writes the files a save produces into the project (MODE=fs: no commit; the editor commits,
or CI does in production).  It listens on a free port of 127.0.0.1 only and is reached through
the preview's own /admin/api/v1 (publish/preview_admin.py), never by the browser directly.  It
stops with the preview: `stop` at shutdown, and on Linux the kernel ends it if the preview dies
without shutting down (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.render.vendor import NODE_MODULES

log = logging.getLogger("mkdocs.portal")
SERVER_JS = NODE_MODULES / "decap-server" / "dist" / "index.js"


@dataclass
class DecapServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def wait_ready(self, seconds: float = 20) -> bool:
        """True once it accepts connections; False if it exited or did not start in time."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def problem() -> Optional[str]:
    """Why decap-server cannot run here, in Chinese; None when it can."""
    if shutil.which("node") is None:
        return "没有找到 Node.js（node 命令）：请运行 scripts/setup 安装。"
    if not SERVER_JS.is_file():
        return f"缺少 decap-server（{SERVER_JS}）：请运行 scripts/setup（其中会执行 npm ci）。"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start(root: Path, origin: str) -> DecapServer:
    """decap-server for the project at ``root``; ``origin``: the preview's (its only CORS origin).
    Not started in the project: dotenv there would read a .env the project may hold."""
    env = {**os.environ, "PORT": str(_free_port()), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "ORIGIN": origin, "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(SERVER_JS)], cwd=SERVER_JS.parent, env=env, stdin=subprocess.DEVNULL,
                               stdout=sys.stderr, stderr=sys.stderr,
                               preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    return DecapServer(process, int(env["PORT"]))
