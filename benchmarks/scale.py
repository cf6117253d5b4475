"""Benchmark: build times, memory and site size of a province-sized portal, against mkdocs-material.

    .venv/bin/python benchmarks/scale.py [--sizes 2500 5000 10000] [--keep DIR]

For each size, a fresh project from fixture.py (about that many pages), then, each build a
subprocess of the portal's CLI with today fixed (through portal_steps.py, which times the build
steps without changing the generator):

    cold build            fresh project: no .portal/, no site/
    no change             the same build again
    edit activity body    one sentence added to one activity's body
    add station           one new station file
    add story             one new exemplar story with a new photo
    Material              the same generated Markdown (.portal/docs, copied) built by plain
                          mkdocs-material with its own search plugin: no hooks, no custom_dir
    serve: start          `portal serve` started → a station page served
    serve: save → page    a station's name edited → the page served with the new name

Columns: wall seconds of the subprocess; peak memory (max RSS of the process or of any child it
waited for, e.g. Pagefind, from wait4); and the build steps: check (read, validate, plan and
render every output in memory, share images drawn), docs (write .portal/docs), mkdocs (HTML,
every page through the gate; search excluded), search (Pagefind and the query lexicon, run
by the mkdocs hook), other (the interpreter's start, imports, the swap into site/, removing the
previous site, the URL manifest).  A line under the table splits the cold build's check.
Then the site's size: whole, without pagefind/, HTML only, share images (assets/cards/), per
page, and sitemap.xml as nginx sends it (gzip level 5; Material's instant navigation fetches
it on a first visit).  The summary compares sizes: cold / Material, and cold time at twice the
pages.  Prints numbers only; no budget is enforced here (tests assert, benchmarks print).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import fixture  # noqa: E402

PYTHON = sys.executable
TODAY = fixture.TODAY.isoformat()
TARGET_PAGE_BYTES = 30 * 1024
NGINX_GZIP_LEVEL = 5  # deploy/nginx.conf gzip_comp_level
SERVE_TIMEOUT = 3600


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    steps: dict = field(default_factory=dict)
    error: str = ""


def run(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a subprocess; its wall time and peak RSS (wait4: the child, or the largest child it reaped)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        error = ""
        if process.returncode != 0:
            out.seek(0)
            err.seek(0)
            error = (out.read() + err.read()).decode("utf-8", "replace")[-2000:]
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, error=error)


def portal(project: Path, *arguments: str) -> list[str]:
    return [PYTHON, str(BENCH / "portal_steps.py"), "--project", str(project), "--today", TODAY, *arguments]


def portal_build(project: Path) -> Run:
    with tempfile.NamedTemporaryFile(suffix=".json") as times:
        result = run(portal(project, "build"), REPO, {"PORTAL_STEP_TIMES": times.name})
        text = Path(times.name).read_text(encoding="utf-8")
    # A step that did not run (a build with nothing changed skips mkdocs and Pagefind) prints "–".
    result.steps = json.loads(text) if text else {}
    return result


# --- edits as an editor makes them ------------------------------------------------------------------


def edit_activity_body(project: Path) -> None:
    path = sorted((project / "content" / "campaigns").glob("*.yaml"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "body: |") + 1
    lines[at] = lines[at].rstrip("\n") + "活动时间如有调整，以各社区通知为准。\n"
    path.write_text("".join(lines), encoding="utf-8")


def first_station(project: Path) -> Path:
    return sorted((project / "content" / "stations").glob("*.yaml"))[0]


def add_station(project: Path) -> None:
    data = yaml.safe_load(first_station(project).read_text(encoding="utf-8"))
    data["name"] = "基准测试新建学雷锋志愿服务站"
    data["location"]["lat"] = round(data["location"]["lat"] + 0.001, 5)
    (project / "content" / "stations" / "zz-bench-new-station.yaml").write_text(fixture.dump(data), encoding="utf-8")


def add_story(project: Path) -> None:
    source = sorted((project / "content" / "exemplars").glob("*.md"))[0].read_text(encoding="utf-8")
    _, front, body = source.split("---\n", 2)
    data = yaml.safe_load(front)
    data["title"] = f"{data['name']}：一年的周六志愿服务"
    (project / "content" / "images" / "zz-bench-new-story.jpg").write_bytes(fixture.photo_jpeg(999_999))
    data["photos"] = [{**data["photos"][0], "src": "zz-bench-new-story.jpg"}]
    (project / "content" / "exemplars" / "zz-bench-new-story.md").write_text(
        "---\n" + fixture.dump(data) + "---\n" + body, encoding="utf-8")


# --- the preview --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, wanted: str, process: subprocess.Popen, started: float) -> float | None:
    while time.perf_counter() - started < SERVE_TIMEOUT:
        if process.poll() is not None:
            return None
        page = fetch(url)
        if page is not None and wanted in page:
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def serve_latency(project: Path) -> tuple[float | None, float | None]:
    """Seconds from starting `portal serve` to a station page, and from a saved edit to the page showing it."""
    station = first_station(project)
    text = station.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M).group(1)
    port = free_port()
    url = f"http://127.0.0.1:{port}/stations/{station.stem}/"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, "-m", "generator.cli", "--project", str(project), "--today", TODAY,
                                    "serve", "--addr", f"127.0.0.1:{port}"], cwd=REPO, stdout=log, stderr=log)
        try:
            first = wait_for(url, name, process, started)
            update = None
            if first is not None:
                renamed = name + "（更名）"
                station.write_text(text.replace(f"name: {name}\n", f"name: {renamed}\n", 1), encoding="utf-8")
                update = wait_for(url, renamed, process, time.perf_counter())
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if first is None or update is None:
            log.seek(0)
            print(f"  serve failed: {log.read().decode('utf-8', 'replace')[-1500:]}")
    return first, update


# --- plain mkdocs-material on the same Markdown -------------------------------------------------------


def top_level_blocks(text: str) -> dict[str, str]:
    """mkdocs.yml's top-level keys with their text as written (tags like !!python/name kept)."""
    blocks, key = {}, None
    for line in text.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_]+):", line)
        if match:
            key = match.group(1)
            blocks[key] = ""
        if key:
            blocks[key] += line
    return blocks


def material_build(project: Path, work: Path) -> tuple[Run, Path]:
    root = work / "material"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    shutil.copytree(project / ".portal" / "docs", root / "docs")
    blocks = top_level_blocks((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = ("site_name: 学雷锋志愿服务活动门户\nsite_url: https://xueleifeng.example.cn/\ndocs_dir: docs\n"
              "site_dir: site\nuse_directory_urls: true\n"
              "theme:\n  name: material\n  language: zh\nplugins:\n  - search\n"
              + blocks["markdown_extensions"] + blocks["nav"] + blocks["not_in_nav"])
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run([PYTHON, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml")], root,
                 {"SOURCE_DATE_EPOCH": "1740787200"})
    return result, root / "site"


# --- sizes ------------------------------------------------------------------------------------------------


def size(root: Path, keep=lambda path: True) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and keep(p))


@dataclass
class Sizes:
    whole: int
    no_pagefind: int
    html: int
    cards: int
    sitemap: int
    sitemap_gzip: int


def site_sizes(site: Path) -> Sizes:
    pagefind = site / "pagefind"
    sitemap = (site / "sitemap.xml").read_bytes() if (site / "sitemap.xml").exists() else b""
    return Sizes(size(site), size(site, lambda p: pagefind not in p.parents), size(site, lambda p: p.suffix == ".html"),
                 size(site / "assets" / "cards") if (site / "assets" / "cards").is_dir() else 0,
                 len(sitemap), len(gzip.compress(sitemap, NGINX_GZIP_LEVEL, mtime=0)))


# --- report -------------------------------------------------------------------------------------------------


def mb(value: int) -> str:
    return f"{value / 1e6:.1f} MB"


def kb(value: float) -> str:
    return f"{value / 1024:.1f} KB"


CHECK_STEPS = (("load_sources", "read"), ("build_model", "model"), ("render_fragments", "Markdown"),
               ("plan_site", "plan"), ("render_plan", "render"), ("draw_cards", "share images"))


def step_columns(steps: dict) -> list[str]:
    """check, docs, mkdocs (search excluded), search, other — from what portal_steps timed."""
    search = steps.get("index_site")
    mkdocs = steps.get("mkdocs_build")
    values = [steps.get("check"), steps.get("write_docs"),
              None if mkdocs is None else mkdocs - (search or 0), search]
    known = [v for v in values if v is not None]
    rest = steps["total"] - sum(known) if "total" in steps else None
    return [f"{v:8.1f}" if v is not None else f"{'–':>8}" for v in values + [rest]]


def row(label: str, result: Run | None) -> str:
    if result is None:
        return f"  {label:<26}{'–':>9}"
    if result.code != 0:
        return f"  {label:<26}  failed (exit {result.code}): {result.error.strip().splitlines()[-1:]}"
    result.steps["total"] = result.seconds
    return f"  {label:<26}{result.seconds:9.1f}{result.peak_mb:9.0f}" + "".join(step_columns(result.steps))


@dataclass
class Figures:
    pages: int
    cold: Run
    material: Run
    sizes: Sizes
    material_sizes: Sizes


def bench(pages: int, work: Path) -> Figures:
    project = work / "project"
    composition = fixture.write_fixture(project, pages)
    print(f"\n== {pages:,} pages: {composition}")
    results: list[tuple[str, Run]] = []
    cold = portal_build(project)
    if cold.code != 0:  # nothing else can be measured: say why
        raise SystemExit(f"cold build failed (exit {cold.code}):\n{cold.error}")
    results.append(("cold build", cold))
    planned = sum(1 for _ in (project / ".portal" / "docs").rglob("*.md"))
    sizes = site_sizes(project / "site") if cold.code == 0 else None
    material, material_site = material_build(project, work)
    material_sizes = site_sizes(material_site) if material.code == 0 else None
    results.append(("no change", portal_build(project)))
    edit_activity_body(project)
    results.append(("edit one activity body", portal_build(project)))
    add_station(project)
    results.append(("add one station", portal_build(project)))
    add_story(project)
    results.append(("add one story", portal_build(project)))
    started, updated = serve_latency(project)

    print(f"  pages in the plan: {planned:,} (.md files in .portal/docs)")
    print(f"  {'':<26}{'seconds':>9}{'peak MB':>9}{'check':>8}{'docs':>8}{'mkdocs':>8}{'search':>8}{'other':>8}")
    for label, result in results:
        print(row(label, result))
    print(f"  {'':<26}check of the cold build: " + ", ".join(
        f"{label} {cold.steps[name]:.1f}" for name, label in CHECK_STEPS if name in cold.steps))
    print(row("mkdocs-material + search", material))
    print(f"  {'serve: start → page':<26}{started:9.1f}" if started is not None else "  serve: start → page  failed")
    print(f"  {'serve: save → page':<26}{updated:9.1f}" if updated is not None else "  serve: save → page   failed")
    if sizes:
        print(f"  site: {mb(sizes.whole)} whole, {mb(sizes.no_pagefind)} without pagefind/, {mb(sizes.html)} HTML, "
              f"{mb(sizes.cards)} share images")
        print(f"  per page: {kb(sizes.whole / planned)} whole, {kb(sizes.no_pagefind / planned)} without pagefind/, "
              f"{kb(sizes.html / planned)} HTML (target ≤ {kb(TARGET_PAGE_BYTES)} whole)")
        print(f"  sitemap.xml: {kb(sizes.sitemap)}, {kb(sizes.sitemap_gzip)} gzip")
    if material_sizes:
        index = material_site / "search" / "search_index.json"
        print(f"  Material site: {mb(material_sizes.whole)} whole, {mb(material_sizes.html)} HTML, search_index.json "
              f"{mb(index.stat().st_size) if index.exists() else '–'} "
              f"({kb(len(gzip.compress(index.read_bytes(), NGINX_GZIP_LEVEL)) if index.exists() else 0)} gzip)")
    return Figures(planned, cold, material, sizes, material_sizes)


def summary(figures: dict[int, Figures]) -> None:
    sizes = sorted(figures)
    print("\n== summary")
    print(f"  {'':<30}" + "".join(f"{size:>10,}" for size in sizes))

    def line(label: str, value) -> None:
        cells = []
        for size in sizes:
            try:
                cell = value(figures[size])
            except (TypeError, ZeroDivisionError, AttributeError):
                cell = None
            cells.append(f"{cell if cell is not None else '–':>10}")
        print(f"  {label:<30}" + "".join(cells))

    ok = lambda r: r.code == 0  # noqa: E731
    line("pages", lambda f: f"{f.pages:,}")
    line("cold build s", lambda f: f"{f.cold.seconds:.1f}" if ok(f.cold) else None)
    line("Material build s", lambda f: f"{f.material.seconds:.1f}" if ok(f.material) else None)
    line("cold / Material", lambda f: f"{f.cold.seconds / f.material.seconds:.2f}" if ok(f.material) else None)
    line("peak MB / Material peak MB", lambda f: f"{f.cold.peak_mb:.0f}/{f.material.peak_mb:.0f}")
    line("KB per page (target ≤ 30)", lambda f: f"{f.sizes.whole / f.pages / 1024:.1f}")
    line("sitemap gzip KB", lambda f: f"{f.sizes.sitemap_gzip / 1024:.1f}")
    for small in sizes:
        if 2 * small in figures:
            a, b = figures[small], figures[2 * small]
            print(f"  cold build at twice the pages, {small:,} → {2 * small:,}: × {b.cold.seconds / a.cold.seconds:.2f}"
                  f" (pages × {b.pages / a.pages:.2f}); Material × {b.material.seconds / a.material.seconds:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--keep", type=Path, help="keep the projects under this directory (default: a temporary one)")
    args = parser.parse_args()
    print(f"today = {TODAY}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    figures = {}
    for pages in args.sizes:
        if args.keep:
            work = args.keep / str(pages)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            figures[pages] = bench(pages, work)
        else:
            with tempfile.TemporaryDirectory(prefix=f"portal-scale-{pages}-") as temporary:
                figures[pages] = bench(pages, Path(temporary))
    summary(figures)


if __name__ == "__main__":
    main()
