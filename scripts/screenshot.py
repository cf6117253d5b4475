"""Take phone-sized screenshots of built pages: python scripts/screenshot.py SITE_DIR OUT_DIR PATH...

A developer's tool for looking at pages the way a citizen does (tests assert; this shows).
"""

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def main(site: str, out: str, paths: list[str], width: int = 360, height: int = 740) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        for path in paths:
            page.goto(base + path)
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{out}/{name}.png", full_page=True)
            print(f"{out}/{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    width = 360
    if args and args[0].startswith("--width="):
        width = int(args.pop(0).split("=")[1])
    main(args[0], args[1], args[2:], width=width)
