"""The generated Markdown for a small fixture project, compared file by file with golden copies.

After an intended change: UPDATE_GOLDEN=1 scripts/test site_tests/test_golden.py, then review the diff.
"""

import os
import re
import shutil
from datetime import date
from pathlib import Path

from generator.build import render

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "mini"


UPDATED = re.compile(rb"^updated(?:_iso|_by)?: .*\n", re.M)


def _ours(outputs) -> dict:
    """Text we generate.  Leaflet (npm) is not ours, share images depend on the installed font's
    version (test_social.py checks those), and 最后更新 and 更新记录 on the fixture's git history
    (test_editorial.py, test_audit.py)."""
    return {path: UPDATED.sub(b"", data) for path, data in outputs
            if not path.startswith(("assets/vendor/", "assets/cards/"))
            and path not in ("changes/index.md", "feed-changes.xml")}


def test_generated_docs_match_golden_files(tmp_path):
    outputs = _ours(render(FIXTURE, date(2019, 3, 4), cache_dir=tmp_path).items())
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, data in outputs.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(data)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(outputs) == sorted(golden)
    for relative, data in outputs.items():
        assert data == golden[relative], relative


def test_rendering_is_deterministic(tmp_path):
    first = dict(render(FIXTURE, date(2019, 3, 4), cache_dir=tmp_path / "a").items())
    second = dict(render(FIXTURE, date(2019, 3, 4), cache_dir=tmp_path / "b").items())
    assert first == second


def test_today_changes_only_what_depends_on_it(tmp_path):
    before = dict(render(FIXTURE, date(2019, 3, 4), cache_dir=tmp_path).items())
    after = dict(render(FIXTURE, date(2019, 3, 6), cache_dir=tmp_path).items())
    changed = sorted(path for path in before if before[path] != after[path])
    # the "today" mark on two month calendars and the city's, and the upcoming lists
    assert changed == ["calendar/2019-03.md", "calendar/regions/democity.md",
                       "calendar/regions/democity/shi-li-qu.md", "campaigns/demo-2019/2019-03.md",
                       "campaigns/demo-2019/index.md", "index.md"]


def test_demo_markdown_keeps_blocks_apart():
    """A heading or admonition glued to a table row or list item renders as part of it."""
    from conftest import DEMO_TODAY, REPO

    for path, data in render(REPO, DEMO_TODAY).items():
        if not path.endswith(".md"):
            continue
        lines = data.decode("utf-8").splitlines()
        for before, line in zip(lines, lines[1:]):
            inside_html = line.startswith("<div") and before.startswith("<")
            if line.startswith(("#", "!!!", "<div", "| 项目")) and not inside_html:
                assert before.strip() == "" or before == "---", f"{path}: {before!r} → {line!r}"
