"""Benchmark: bytes a phone downloads for its first and second search on a large site.

    .venv/bin/python benchmarks/search_payload.py [PAGES]   (default 10,000)

Writes a synthetic site of PAGES Chinese pages (sentences of the five real plans in
content/attachments/, as fixture.py draws them), indexes it with the same
Pagefind command the build uses, then runs two queries in Chromium through the same
worker file Material's search box uses and prints the bytes transferred for each, plus
the index size on disk.  Compare with Material's lunr index, which every visitor would
download whole (about 5 MB per 1,000 Chinese pages).
"""

from __future__ import annotations

import gzip
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, serve  # noqa: E402
from generator.publish.search_index import index_site  # noqa: E402

sys.path.insert(0, str(REPO / "benchmarks"))
from fixture import sentences  # noqa: E402

PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1>{body}
<span hidden data-pagefind-meta="title:{title}"></span>
<span hidden data-pagefind-filter="kind:{kind}"></span><span hidden data-pagefind-filter="city:{city}"></span>
</main></body></html>"""
WORKER_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body><script>
window.ask = (query) => new Promise((resolve) => {{
  if (!window.worker) {{
    window.worker = new Worker("assets/javascripts/portal-search-worker.js");
    window.worker.postMessage({{type: 0, data: {{config: {{lang: ["zh"]}}, docs: []}}}});
  }}
  window.worker.onmessage = (event) => {{
    if (event.data.type === 3) resolve([event.data.data.items.length, event.data.data.total]);
  }};
  window.worker.postMessage({{type: 2, data: query}});
}});
</script></body></html>"""


def write_site(root: Path, pages: int) -> None:
    pool = sentences()
    cities = ["昆明市", "普洱市", "三明市", "太原市", "晋城市"]
    rng = random.Random(5)
    for index in range(pages):
        title = rng.choice(pool)[:24]
        body = "".join(f"<p>{rng.choice(pool)}</p>" for _ in range(8))
        page = root / "activities" / f"a{index:05d}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        kind = "单位" if index % 10 == 0 else "活动"  # the worker ranks unit pages last: a second, filtered search
        page.write_text(PAGE.format(title=title, body=body, kind=kind, city=rng.choice(cities)), encoding="utf-8")
    worker = root / "assets" / "javascripts" / "portal-search-worker.js"
    worker.parent.mkdir(parents=True)
    shutil.copy(REPO / "theme/assets/javascripts/portal-search-worker.js", worker)
    (root / "bench.html").write_text(WORKER_PAGE.format(), encoding="utf-8")


def main(pages: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        started = time.perf_counter()
        write_site(root, pages)
        written = time.perf_counter()
        index_site(root)
        indexed = time.perf_counter()
        index_bytes = sum(p.stat().st_size for p in (root / "pagefind").rglob("*") if p.is_file())
        lexicon = [p for p in (root / "search" / "lexicon").iterdir() if p.suffix == ".txt"]
        print(f"pages: {pages}, wrote in {written - started:.1f} s, indexed in {indexed - written:.1f} s, "
              f"index on disk: {index_bytes / 1e6:.1f} MB, query lexicon: {len(lexicon)} buckets, "
              f"{sum(p.stat().st_size for p in lexicon) / 1024:.0f} KB")
        with serve(root) as base:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page()
                page.goto(base + "/bench.html")
                received: list[int] = []
                gzipped: list[int] = []

                def finished(request) -> None:
                    sizes = request.sizes()  # the local server sends files as they are: no gzip on top
                    received.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])
                    body = request.response().body()
                    # What a server with gzip would send: Pagefind's .pf_* chunks are compressed already.
                    packed = len(body) if request.url.split("?")[0].endswith(("pf_index", "pf_fragment", "pf_meta")) else len(gzip.compress(body, 6))
                    gzipped.append(packed + sizes["responseHeadersSize"])

                page.on("requestfinished", finished)
                for query in ("空巢老人", "文明交通", "雷锋"):  # 雷锋: a word inside longer ones (学雷锋)
                    received.clear()
                    gzipped.clear()
                    shown, total = page.evaluate("q => window.ask(q)", query)
                    page.wait_for_timeout(300)
                    print(f"query {query}: {total} results ({shown} shown), {len(received)} requests (worker, pagefind.js, wasm, "
                          f"lexicon, index chunks, fragments): {sum(received) / 1024:.0f} KB as served here, "
                          f"{sum(gzipped) / 1024:.0f} KB with gzip")
                browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
