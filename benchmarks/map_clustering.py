"""Benchmark: how the station map copes with many stations on a phone-sized Chromium.

    .venv/bin/python benchmarks/map_clustering.py [SITE_DIR]

Serves a built site (default: site/, run `portal build` first), replaces
assets/map/stations.geojson (the map's data) in the browser with N synthetic stations, and prints the time
until all markers are clustered and how many marker/cluster DOM nodes are drawn.
Compare the rows with each other: the machine is shared and noisy.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, serve

def synthetic(count: int) -> str:
    side = int(count ** 0.5) + 1
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"s{i}",
         "geometry": {"type": "Point", "coordinates": [98 + (i % side) * 20 / side, 22 + (i // side) * 18 / side]},
         "properties": {"id": f"s{i}", "name": f"站点{i}", "kind": "社区", "address": "地址"}}
        for i in range(count)]})


def _fulfill(route, body: str) -> None:
    route.fulfill(body=body, content_type="application/geo+json")


def main(site: Path) -> None:
    with serve(site) as base:
        url = base + "/stations/map/"
        print(f"{'stations':>9} {'geojson KB':>11} {'ready ms':>9} {'DOM markers':>12}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for count in (100, 1_000, 10_000):
                body = synthetic(count)
                context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
                page = context.new_page()
                page.route("**/assets/map/stations.geojson", functools.partial(_fulfill, body=body))
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_selector(f"[data-portal-map][data-markers='{count}']", timeout=120_000)
                page.wait_for_selector(".portal-map .marker-cluster, .portal-map path.leaflet-interactive")
                ready = (time.perf_counter() - started) * 1000
                drawn = page.locator(".portal-map .marker-cluster, .portal-map path.leaflet-interactive").count()
                print(f"{count:>9} {len(body.encode()) / 1024:>11.0f} {ready:>9.0f} {drawn:>12}")
                context.close()
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
