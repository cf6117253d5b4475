"""Take phone-sized screenshots of built pages: python scripts/screenshot.py SITE_DIR OUT_DIR PATH...

A developer's tool for looking at pages the way a citizen does (tests assert; this shows).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, serve



def main(site: str, out: str, paths: list[str], width: int = 360, height: int = 740) -> None:
    with serve(Path(site)) as base:
        Path(out).mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            for path in paths:
                page.goto(base + "/" + path.lstrip("/"))
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=f"{out}/{name}.png", full_page=True)
                print(f"{out}/{name}.png")
            browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    width = 360
    if args and args[0].startswith("--width="):
        width = int(args.pop(0).split("=")[1])
    main(args[0], args[1], args[2:], width=width)
