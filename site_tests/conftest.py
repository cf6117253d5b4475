"""Shared fixtures: fixture projects in tmp dirs, the demo built once, a local server, Chromium."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.tools.local_site import CHROMIUM, CHROMIUM_FLAGS, PHONE_CONTEXT, serve

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_TODAY = date(2018, 3, 1)  # Kunming's campaign is running; 3·5 is four days away


def phone_page(browser, **options):
    """A fresh context on a 360 px phone and its page; the caller closes the context."""
    context = browser.new_context(**PHONE_CONTEXT, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


PORTAL_HOST = "http://portal.test"


def route_site(context, root: Path) -> str:
    """Serve a built site to a browser context at http://portal.test, on the default port.

    Material's instant navigation matches links against the sitemap's URLs after swapping in
    the page's protocol and host name but not its port, so on 127.0.0.1:<port> every click is
    a full page load.  Tests of instant navigation use this host, as a real site would be."""
    from urllib.parse import unquote, urlparse

    def handle(route):
        path = unquote(urlparse(route.request.url).path)
        target = root / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.resolve().is_relative_to(root.resolve()):
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, path=str(root / "404.html"))

    context.route(f"{PORTAL_HOST}/**", handle)
    return PORTAL_HOST


def make_project(target: Path, fixture: str = "mini") -> Path:
    """A buildable project: a fixture's content plus the repo's mkdocs.yml, theme and generator."""
    shutil.copytree(FIXTURES / fixture, target, ignore=shutil.ignore_patterns(".portal", "site"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    (target / "generator").symlink_to(REPO / "generator")
    return target


def edit(project: Path, relative: str, old: str, new: str) -> str:
    """Replace one unique piece of a fixture file, as an editor would."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text not unique: {old!r}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def check(mini, capsys):
    """Run `portal check` on the mini project; return its error lines (exit 1, no traceback)."""
    from generator.cli import main

    def run() -> list[str]:
        code = main(["--project", str(mini), "--today", "2019-03-04", "check"])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        if code == 0:
            return []
        assert code == 1
        lines = captured.err.strip().splitlines()
        assert lines[-1] == f"共 {len(lines) - 1} 个错误，未生成任何文件。请按提示修改后重新运行 check。"
        return lines[:-1]
    return run


@pytest.fixture
def mini(tmp_path) -> Path:
    return make_project(tmp_path / "mini")


@pytest.fixture(autouse=True)
def _clean_build_env(monkeypatch):
    # They decide "today": one set by the shell or CI must not change what a test expects.
    monkeypatch.delenv("PORTAL_TODAY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The repo's own demo portal, built once per session in strict mode."""
    from generator.build import build_site

    return build_site(REPO, DEMO_TODAY, site_dir=tmp_path_factory.mktemp("demo") / "site", strict=True)


@pytest.fixture(scope="session")
def demo_server(demo_site):
    with serve(demo_site) as base:
        yield base


@pytest.fixture
def instant_context(browser, demo_site):
    """Make browser contexts that see the demo at PORTAL_HOST, where instant navigation works."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        route_site(context, demo_site)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


INSTANT_MARK = "window.__portalSamePage = true"  # survives instant navigation, not a page load
SAME_PAGE = "window.__portalSamePage === true"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
