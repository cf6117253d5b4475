"""The second hostile corpus (issue 12), by class: see gate_corpus/__init__.py.

Refused cases: `check` and `build` print the same report, whose lines include the exact expected
one, exit 1 without a traceback, and leave site/ and every project file as they were.
Accepted cases: the build succeeds, the case's own assertion holds on the built files, and in
Chromium no page kind runs a hostile script or requests anything from another host.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from conftest import make_project, phone_page
from gate_corpus import ACCEPTED, CLASSES, REFUSED
from generator.cli import main
from generator.tools.local_site import serve

for _cls in CLASSES:
    importlib.import_module(f"gate_corpus.{_cls}")

TODAY = "2019-03-04"
SUMMARY = re.compile(r"^共 (\d+) 个错误，未生成任何文件。请按提示修改后重新运行 check。$")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    from generator.build import build_site

    project = make_project(tmp_path_factory.mktemp("gate") / "clean")
    return build_site(project, date.fromisoformat(TODAY))


@pytest.fixture
def project(tmp_path, built_site) -> Path:
    target = make_project(tmp_path / "mini")
    # Hard links: instant, and a build that wrote into them would damage every later case too.
    shutil.copytree(built_site, target / "site", copy_function=os.link)
    return target


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root`` without following symlinks, files by content."""
    entries: dict[str, object] = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries[relative] = ("link", os.readlink(path))
            elif path.is_file():
                entries[relative] = (os.lstat(path).st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                entries[relative] = ("dir", os.lstat(path).st_mode)
    return entries


def run(project: Path, command: str, capsys) -> tuple[int, list[str]]:
    code = main(["--project", str(project), "--today", TODAY, command])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err.strip().splitlines()


def errors(project: Path, command: str, capsys) -> list[str]:
    code, lines = run(project, command, capsys)
    assert code == 1, f"{command} exited {code}:\n" + "\n".join(lines)
    summary = SUMMARY.match(lines[-1]) if lines else None
    assert summary, "\n".join(lines)
    assert int(summary.group(1)) == len(lines) - 1
    return lines[:-1]


@pytest.mark.parametrize("case", list(REFUSED.values()), ids=list(REFUSED))
def test_refused_with_the_exact_message_by_check_and_build_alike(project, case, capsys):
    line = case.mutate(project)
    outside = snapshot(project.parent)  # the project and whatever its links point at
    expected = f"{case.file}:{line}: {case.message}"
    checked = errors(project, "check", capsys)
    assert expected in checked, "expected:\n" + expected + "\ngot:\n" + "\n".join(checked)
    built = errors(project, "build", capsys)
    assert built == checked  # check finds everything build does, and build nothing more
    assert snapshot(project.parent) == outside
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.") and f"mini/{p.name}" not in outside]


@pytest.fixture(scope="module")
def accepted_sites(tmp_path_factory) -> dict[str, Path]:
    """Each accepted case built once (module scope: the browser test reuses them)."""
    from generator.build import build_site

    sites = {}
    for case in ACCEPTED.values():
        project = make_project(tmp_path_factory.mktemp("accepted") / case.id)
        case.mutate(project)
        sites[case.id] = build_site(project, date.fromisoformat(TODAY))
    return sites


@pytest.mark.parametrize("case", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_accepted_content_is_neutralised(accepted_sites, case):
    case.verify(accepted_sites[case.id])


# One page of every kind the mini project has (its paths are fixed by the fixture).
PAGE_KINDS = ("", "campaigns/", "campaigns/demo-2019/", "campaigns/demo-2019/2019-03/",
              "campaigns/demo-2019/activities/saturday/", "campaigns/demo-2019/targets/", "calendar/",
              "calendar/2019-03/", "calendar/subscribe/", "stations/", "stations/square/", "stations/map/",
              "exemplars/", "exemplars/li-xiaolei/", "news/", "units/", "search/", "publicity/", "feeds/",
              "data/", "posters/stations/square/")


def test_no_page_of_an_accepted_build_runs_a_script_or_leaves_the_host(accepted_sites, browser):
    for case_id, site in accepted_sites.items():
        pages = [path for path in PAGE_KINDS if (site / path / "index.html").is_file()]
        pages += sorted({path.parent.relative_to(site).as_posix() + "/" for path in site.glob("news/*/index.html")})
        assert len(pages) >= 15, case_id
        with serve(site) as base:
            context, page = phone_page(browser)
            host = base.split("//", 1)[1]
            foreign: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda request: foreign.append(request.url)
                    if not request.url.startswith(("data:", "blob:", "about:")) and f"//{host}/" not in request.url
                    else None)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            try:
                for path in pages:
                    page.goto(f"{base}/{path}", wait_until="load")
                    page.wait_for_timeout(150)
                    assert page.evaluate("window.__pwned") is None, f"{case_id}: script ran on /{path}"
            finally:
                context.close()
            assert not foreign, f"{case_id}: requests left the host: {foreign[:5]}"
            assert not dialogs, f"{case_id}: dialogs opened: {dialogs[:5]}"


def test_the_corpus_covers_every_class():
    counts = Counter(case.cls for case in [*REFUSED.values(), *ACCEPTED.values()])
    assert len(REFUSED) + len(ACCEPTED) >= 60
    assert {cls: counts[cls] for cls in CLASSES if counts[cls] < 5} == {}
