"""A built site on 127.0.0.1 for headless Chromium: shared by tests, benchmarks and screenshots.

Not part of a build; a developer's tool kept beside the generator so there is one copy.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium; Playwright's own download is not used
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]

# The phone the portal is tested on: a 360 px wide Android screen, Chinese locale.
PHONE_CONTEXT = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                 "has_touch": True, "locale": "zh-CN"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass  # one line per request would bury the output


@contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve `site` on a free port; yields the base URL without a trailing slash."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
