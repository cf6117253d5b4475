"""Benchmark: Lighthouse scores of the main page kinds on a phone (simulated throttling).

    .venv/bin/python benchmarks/lighthouse.py [SITE_DIR] [--save DIR]

Builds the demo portal (today = 2018-03-01) into a temporary directory unless SITE_DIR is
given and serves it on 127.0.0.1 the way deploy/nginx.conf does (gzip for text, the same
Cache-Control), so the compression and caching audits judge the real deployment, not
Python's http.server.  Then runs Lighthouse 12 from node_modules once per page (mobile, the
default) with Debian's Chromium and prints the performance, accessibility, best-practices
and SEO scores, plus every failing audit of each category that scores below 98.

Nothing is fetched from the internet: the pages are local, and the site links no
third-party host.  Canonical URLs point at the configured https host, not 127.0.0.1; the
output says what Lighthouse makes of that.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import REPO, build_demo, pad  # the same demo build

from generator.tools.local_site import CHROMIUM, QuietHandler, serve  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 98
SLOW_CPU = 1000  # Lighthouse's own threshold for "this machine is too slow for the default throttling"
RUN_TIMEOUT = 120  # seconds; one run usually takes 15-30 s
PAGES = [
    ("首页 home", "/"),
    ("活动 activity", "/campaigns/kunming-2018/activities/blood-donation/"),
    ("地图 map", "/stations/map/"),
    ("典型 story", "/exemplars/li-xiaolei-example/"),
]
# deploy/nginx.conf: gzip_types (text/html always) and the Cache-Control map.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/geo+json",
              "application/xml", "application/rss+xml", "application/atom+xml", "image/svg+xml")
EXTRA_TYPES = {".geojson": "application/geo+json", ".ics": "text/calendar", ".js": "text/javascript",
               ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
               ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
               ".pf_filter": "application/octet-stream"}


def cache_control(path: str) -> str:
    """The same rules as the `map $uri $portal_cache_control` block in deploy/nginx.conf."""
    if re.search(r"^/assets/.+\.[0-9a-f]{8,}\.min\.(css|js)$", path) or re.search(r"^/pagefind/.+\.pf_[a-z]+$", path):
        return "public, max-age=31536000, immutable"
    if path.startswith("/pagefind/") or path.endswith((".html", "/")):
        return "public, max-age=300"
    return "public, max-age=3600"


class NginxLike(QuietHandler):
    """Static files with the headers deploy/nginx.conf adds; nothing else of nginx."""

    extensions_map: ClassVar[dict[str, str]] = {**QuietHandler.extensions_map, **EXTRA_TYPES}

    def end_headers(self):
        self.send_header("Cache-Control", cache_control(self.path.split("?")[0]))
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and content_type.startswith(GZIP_TYPES)):
            return super().do_GET()  # directories without slash, 404s, binaries: as http.server does
        body = gzip.compress(path.read_bytes(), 5)  # gzip_comp_level 5
        self.send_response(200)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if "charset" not in content_type else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def run_lighthouse(url: str, output: Path) -> dict | None:
    """One Lighthouse run; None (with the reason printed) when it fails."""
    command = [str(LIGHTHOUSE), url, "--only-categories=" + ",".join(CATEGORIES), "--output=json",
               f"--output-path={output}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    output.unlink(missing_ok=True)  # never read a report left by an earlier --save run
    try:
        done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"  lighthouse timed out after {RUN_TIMEOUT} s: {url}")
        return None
    if done.returncode != 0 or not output.exists():
        print(f"  lighthouse failed ({done.returncode}) on {url}:\n{done.stderr.strip()[-2000:]}")
        return None
    return json.loads(output.read_text(encoding="utf-8"))


def score(report: dict, category: str) -> int | None:
    value = report["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def failing_audits(report: dict, category: str) -> list[dict]:
    """Audits of a category that lost points (or would, for weight-0 diagnostics), heaviest first."""
    rows = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") == "error":  # a broken audit hides a real result: show it
            rows.append({"id": ref["id"], "title": audit["title"], "score": 0,
                         "display": "audit error: " + audit.get("errorMessage", "?"), "weight": ref.get("weight", 0)})
            continue
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        if audit.get("score") is not None and audit["score"] < 1:
            rows.append({"id": ref["id"], "title": audit["title"], "score": audit["score"],
                         "display": audit.get("displayValue", ""), "weight": ref.get("weight", 0)})
    return sorted(rows, key=lambda row: (-row["weight"], row["score"]))


def cpu_index(report: dict) -> float:
    return report.get("environment", {}).get("benchmarkIndex") or 0


def print_scores(reports: dict[str, dict | None]) -> None:
    header = f"{pad('page kind', 16)} " + " ".join(f"{c:>14}" for c in CATEGORIES) + f" {'CPU index':>10}"
    print(header)
    print("-" * len(header))
    for name, report in reports.items():
        if report is None:
            print(f"{pad(name, 16)} (no report)")
            continue
        cells = []
        for category in CATEGORIES:
            value = score(report, category)
            cells.append(f"{'—' if value is None else value:>12}{' ✗' if value is not None and value < TARGET else '  '}")
        print(f"{pad(name, 16)} " + " ".join(cells) + f" {cpu_index(report):>10.0f}")
    indexes = [cpu_index(report) for report in reports.values() if report]
    if indexes and min(indexes) < SLOW_CPU:
        print(f"注意: CPU benchmarkIndex 低于 {SLOW_CPU}（机器忙），这几页的 performance 分偏低；"
              "在共享机器上同一页两次运行可相差 ±10 分，accessibility / best-practices / SEO 不受影响")


METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}


def print_metrics(report: dict) -> None:
    values = ", ".join(f"{label} {report['audits'][audit_id].get('displayValue', '?')}"
                       for label, audit_id in METRICS.items() if audit_id in report["audits"])
    print(f"  metrics: {values}")


def detail_items(audit: dict, count: int = 3) -> list[str]:
    """The first few offenders an audit names (URLs or elements), so the fix can be found."""
    items = (audit.get("details") or {}).get("items") or []
    lines = []
    for item in items[:count]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        url = item.get("url") if isinstance(item.get("url"), str) else ""
        text = url or node.get("selector") or node.get("snippet") or ""
        if node.get("snippet") and node.get("selector"):
            text = f"{node['selector']}  {node['snippet'][:100]}"
        if text:
            lines.append(text)
    return lines


def print_failures(reports: dict[str, dict | None]) -> list[str]:
    below = []
    for name, report in reports.items():
        if report is None:
            below.append(f"{name}: no report")
            continue
        for category in CATEGORIES:
            value = score(report, category)
            if value is None or value >= TARGET:
                continue
            below.append(f"{name} {category} {value}")
            print(f"\n{name} — {category} {value} < {TARGET}:")
            if category == "performance":
                print_metrics(report)
            for row in failing_audits(report, category):
                print(f"  {row['id']:<34} {row['score']:<5.2f} w{row['weight']:<3} {row['title']}"
                      + (f" — {row['display']}" if row["display"] else ""))
                for line in detail_items(report["audits"][row["id"]]):
                    print(f"      {line}")
    return below


def print_host_notes(reports: dict[str, dict | None], base: str) -> None:
    """Canonical URLs name the real host; say whether Lighthouse held it against us."""
    for name, report in reports.items():
        if report is None:
            continue
        audits = report["audits"]
        canonical = audits.get("canonical", {})
        robots = audits.get("robots-txt", {})
        print(f"  {pad(name, 16)} canonical: {canonical.get('scoreDisplayMode')}/{canonical.get('score')}"
              f"{' — ' + canonical['explanation'] if canonical.get('explanation') else ''}; "
              f"robots.txt: {robots.get('scoreDisplayMode')}; "
              f"is-crawlable: {audits.get('is-crawlable', {}).get('score')}")
    print(f"  测的是 {base}，而页面的 canonical/og:url 指向 campaigns.yaml 里的 https 主机。Lighthouse 12 的 canonical\n"
          "  审计只检查 canonical 是否有效、绝对、不指向首页、不与 hreflang 冲突，不比较主机，所以不扣分；\n"
          "  robots.txt 不存在（404）时该审计记为 notApplicable，并未真正检查。")


def print_warnings(reports: dict[str, dict | None]) -> None:
    warnings = sorted({w for report in reports.values() if report for w in report.get("runWarnings", [])})
    for warning in warnings:
        print(f"Lighthouse warning: {warning.split(' Learn more')[0]}")


def main(site: Path, save: Path | None) -> None:
    with serve(site, NginxLike) as base:
        print(f"serving {site} at {base} with deploy/nginx.conf's gzip and Cache-Control; "
              f"Lighthouse {lighthouse_version()}, mobile, simulated throttling, one run per page", flush=True)
        reports: dict[str, dict | None] = {}
        with tempfile.TemporaryDirectory(prefix="lighthouse-") as temporary:
            for index, (name, path) in enumerate(PAGES):
                started = time.perf_counter()
                reports[name] = run_lighthouse(base + path, (save or Path(temporary)) / f"{index}.json")
                print(f"  {name}: {time.perf_counter() - started:.0f} s", flush=True)
    print()
    print_scores(reports)
    below = print_failures(reports)
    print("\ncanonical / robots:")
    print_host_notes(reports, base)
    print()
    print_warnings(reports)
    print(f"全部 ≥ {TARGET}" if not below else f"低于 {TARGET}: " + "; ".join(below))


def lighthouse_version() -> str:
    done = subprocess.run([str(LIGHTHOUSE), "--version"], check=False, capture_output=True, text=True)
    return done.stdout.strip() or "?"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, help="a built site (default: build the demo)")
    parser.add_argument("--save", type=Path, help="keep the JSON reports in this directory")
    args = parser.parse_args()
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    if args.site_dir:
        main(args.site_dir.resolve(), args.save)
    else:
        with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as temporary:
            print("building the demo (today 2018-03-01) …", flush=True)
            main(build_demo(Path(temporary)), args.save)
