"""deploy/: the CI templates' structure, the nginx cache rules, and rsync-nginx.sh run against local dirs."""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, edit, make_project

DEPLOY = REPO / "deploy"
SCRIPT = DEPLOY / "rsync-nginx.sh"
PORTAL = Path(sys.executable).parent / "portal"
MINI_TODAY = "2019-03-04"
DEMO_ONLY = ("demo_site", "demo_server", "browser", "REPO", "DEMO_TODAY")


def _load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def _portal_args(command: str) -> list[str]:
    """The arguments of a `.venv/bin/portal …` line, parsed by the real CLI parser (so options exist)."""
    from generator.cli import _parser

    words = shlex.split(command)
    assert words[0] == ".venv/bin/portal", command
    args = [w if not w.startswith("$") else "2019-03-04" for w in words[1:]]  # "$TODAY" → a date
    parsed = _parser().parse_args(args)
    return [parsed.command, *(str(v) for k, v in sorted(vars(parsed).items()) if k == "site_dir" and v)]


def _step_index(commands: list[str], pattern: str) -> int:
    hits = [i for i, command in enumerate(commands) if re.search(pattern, command)]
    assert len(hits) == 1, f"{pattern!r} should be run exactly once in {commands}"
    return hits[0]


# —— GitHub Pages ——

def test_github_workflow_triggers_and_guards():
    flow = _load("github-pages.yml")
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"], "one build every day"
    assert 0 <= (int(hour) + 8) % 24 < 6, "early morning in China (cron is UTC)"
    assert "UTC" in (DEPLOY / "github-pages.yml").read_text(encoding="utf-8")

    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False
    assert flow["env"]["TZ"] == "Asia/Shanghai"


def test_github_workflow_checks_tests_and_builds_before_deploying():
    jobs = _load("github-pages.yml")["jobs"]
    steps = jobs["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    checkout = steps[uses.index("actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0, "last-updated dates need the whole git history"
    assert "actions/setup-python" in uses
    for step in steps:  # a failing step must stop the job, or deploy would publish anyway
        assert "continue-on-error" not in step, step
        # Only the step that records published URLs is conditional (main only), and it comes after build.
        assert "if" not in step or "published-urls.txt" in step["run"], step
    record = next(step for step in steps if "published-urls.txt" in step.get("run", ""))
    assert "git push" in record["run"] and "[skip ci]" in record["run"]
    assert _load("github-pages.yml")["permissions"]["contents"] == "write"

    commands = [step.get("run", "") for step in steps]
    order = [_step_index(commands, r"^scripts/setup\b"), _step_index(commands, r"portal .*\bcheck\b"),
             _step_index(commands, r"-m pytest .*\$PORTAL_TESTS"), _step_index(commands, r"portal .*\bbuild\b")]
    assert order == sorted(order), commands
    assert _portal_args(commands[order[1]]) == ["check"]
    assert _portal_args(commands[order[3]]) == ["build"]  # into site/, the default
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert uses.index("actions/upload-pages-artifact") > order[-1]
    assert upload["with"]["path"].rstrip("/") == "site"
    assert uses.index("actions/configure-pages") > order[-1]

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    assert "always()" not in str(deploy.get("if", ""))


def _base_portal_args(command: str, project: str) -> list[str]:
    """The words of a `portal` run installed from the base checkout on the merge request's files."""
    words = shlex.split(command)
    assert words[:3] == ["/tmp/base/.venv/bin/portal", "--project", project], command
    return words[3:]


# —— GitLab Pages ——

def test_gitlab_pipeline_stages_and_pages_job():
    ci = _load("gitlab-ci.yml")
    assert ci["stages"] == ["check", "test", "build", "pages"]
    assert str(ci["variables"]["GIT_DEPTH"]) == "0"
    assert ci["variables"]["TZ"] == "Asia/Shanghai"
    assert ci["workflow"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
                                       {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "scripts/setup" in ci["default"]["before_script"]

    def script(job: str) -> list[str]:
        assert ci[job]["stage"] == job
        return ci[job]["script"]

    assert [_portal_args(c) for c in script("check")] == [["check"]]
    # Merge requests: who may change what (issue 18), checked as the user who pushed; never built or published.
    owners = ci["owners"]
    assert owners["stage"] == "check" and owners["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    # The checker comes from the target branch: nothing of the merge request runs before or in this job.
    assert owners["before_script"][1:] == ['git worktree add --detach /tmp/base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"',
                                           "/tmp/base/scripts/setup"]
    assert owners["cache"] == [] and not any("scripts/setup" == c.split()[0] for c in owners["before_script"])
    assert [_base_portal_args(c, "$CI_PROJECT_DIR") for c in owners["script"]] == [
        ["check", "--since", "$CI_MERGE_REQUEST_DIFF_BASE_SHA", "--as", "$GITLAB_USER_LOGIN"], ["owners", "--check"]]
    protected = [{"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_REF_PROTECTED == "true"'}]
    assert ci["build"]["rules"] == protected
    assert any("-m pytest" in c and "$PORTAL_TESTS" in c for c in script("test"))
    assert [_portal_args(c) for c in script("build")] == [["build", "public"]]
    assert ci["build"]["artifacts"]["paths"] == ["public"]

    pages = ci["pages"]  # GitLab publishes the artifacts of the job named `pages`
    assert pages["needs"] == ["build"] and pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == protected
    assert pages["resource_group"]
    text = (DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8")
    assert "Schedules" in text and "Beijing" in text, "how to create the daily schedule in the UI"


def test_gitea_workflow_reviews_pull_requests_and_publishes_only_main():
    flow = _load("gitea-actions.yml")
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["pull_request"]["branches"] == ["main"] and triggers["push"]["branches"] == ["main"]
    review, publish = flow["jobs"]["review"], flow["jobs"]["publish"]
    assert review["if"] == "gitea.event_name == 'pull_request'"
    assert publish["if"] == "gitea.event_name != 'pull_request' && gitea.ref == 'refs/heads/main'"
    runs = [step.get("run", "") for step in review["steps"]]
    # The checker is set up from the base revision and runs before any of the pull request's code.
    base = '\n'.join(['git worktree add --detach /tmp/base "${{ gitea.event.pull_request.base.sha }}"',
                      "/tmp/base/scripts/setup", ""])
    checks = [r for r in runs if "portal " in r]
    assert [_base_portal_args(r, "${{ gitea.workspace }}") for r in checks] == [
        ["check", "--since", "${{ gitea.event.pull_request.base.sha }}", "--as", "${{ gitea.actor }}"],
        ["owners", "--check", "--host", "gitea"]]
    own_code = [i for i, r in enumerate(runs) if re.search(r"(^|\n)(scripts/setup|\.venv/bin/)", r)]
    assert runs.index(base) < runs.index(checks[0]) < runs.index(checks[1]) < min(own_code)
    assert all(step["with"]["fetch-depth"] == 0 for job in (review, publish) for step in job["steps"]
               if step.get("uses", "").startswith("actions/checkout"))
    assert "deploy/rsync-nginx.sh" in publish["steps"][-1]["run"]
    assert not any("rsync" in r or "build" in r for r in runs)


def test_all_templates_run_the_same_tests_and_none_needs_the_demo_or_a_browser():
    script_default = re.search(r"^PORTAL_TESTS=\$\{PORTAL_TESTS:-(.*)\}$", SCRIPT.read_text(encoding="utf-8"), re.M)
    lists = [_load("github-pages.yml")["env"]["PORTAL_TESTS"], _load("gitlab-ci.yml")["variables"]["PORTAL_TESTS"],
             _load("gitea-actions.yml")["env"]["PORTAL_TESTS"], script_default.group(1)]
    assert len({" ".join(item.split()) for item in lists}) == 1, lists
    args = lists[0].split()
    deselected = {args[i + 1] for i, arg in enumerate(args) if arg == "--deselect"}
    files = [arg for i, arg in enumerate(args) if arg.endswith(".py") and args[i - 1] != "--deselect"]
    assert "site_tests/test_golden.py" in files and "site_tests/test_validation.py" in files
    for name in files:
        source = (REPO / name).read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and f"{name}::{node.name}" not in deselected:
                body = ast.get_source_segment(source, node)
                used = [word for word in DEMO_ONLY if re.search(rf"\b{word}\b", body)]
                assert not used, f"{name}::{node.name} uses {used}: fails on a city's content or without Chromium"
    for node_id in deselected:
        path, test = node_id.split("::")
        assert f"def {test}(" in (REPO / path).read_text(encoding="utf-8"), f"stale --deselect {node_id}"


# —— nginx ——

def _cache_rules() -> list[tuple[str, str]]:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$uri \$portal_cache_control \{(.*?)\n\}", text, re.S).group(1)
    return re.findall(r'^\s*"?(~[^"\s]+|default)"?\s+"([^"]+)";', block, re.M)


def _cache_for(uri: str, rules) -> str:
    for pattern, value in rules:  # nginx: regexes in order, first match wins, else default
        if pattern != "default" and re.search(pattern[1:], uri):
            return value
    return dict(rules)["default"]


def test_nginx_serves_the_current_release_and_pagefind_as_is():
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*root /srv/portal/current;", text, re.M)
    for directive in ("try_files $uri $uri/ =404;", "error_page 404 /404.html;", "charset utf-8;", "gzip on;"):
        assert directive in text
    gzip_types = re.search(r"gzip_types([^;]*);", text).group(1).split()
    for mime in ("text/css", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                 "text/plain"):
        assert mime in gzip_types
    pagefind = re.search(r"location ~ \^/pagefind/[^{]*\{([^}]*\{ \}[^}]*)\}", text).group(1)
    assert "default_type application/octet-stream;" in pagefind and "gzip off;" in pagefind
    ics = re.search(r"location ~\* \\\.ics\$ \{([^}]*\{ \}[^}]*)\}", text).group(1)
    assert "default_type text/calendar;" in ics


# —— rsync-nginx.sh ——

def test_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)
    head = SCRIPT.read_text(encoding="utf-8")
    assert "set -euo pipefail" in head and os.access(SCRIPT, os.X_OK)


def _site(path: Path, marker: str) -> Path:
    (path / "assets").mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(f"<h1>{marker}</h1>", encoding="utf-8")
    (path / "assets" / "portal.css").write_text("body{}", encoding="utf-8")
    path.chmod(0o700)  # as portal build's staging dir can leave it
    return path


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TODAY", "SOURCE_DATE_EPOCH")}
    base.setdefault("PROJECT_DIR", str(tmp_path / "project"))
    (tmp_path / "project").mkdir(exist_ok=True)
    return subprocess.run(["bash", str(SCRIPT), *args], env={**base, **env}, capture_output=True, text=True,
                          timeout=120)


def _current(target: Path) -> Path:
    link = target / "current"
    assert link.is_symlink()
    assert not os.readlink(link).startswith("/"), "relative, so the tree can be moved or mounted elsewhere"
    return link.resolve()


def _releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def test_deploys_switch_current_and_prune_old_releases(tmp_path):
    target = tmp_path / "srv portal"  # a space: every path in the script is quoted
    site = _site(tmp_path / "site", "v1")
    env = {"DEPLOY_TARGET": str(target), "SITE_DIR": str(site), "SKIP_BUILD": "1", "KEEP_RELEASES": "2"}

    first = _run(tmp_path, **env)
    assert first.returncode == 0, first.stderr
    assert "发布完成" in first.stdout
    release1 = _current(target)
    assert (release1 / "index.html").read_text(encoding="utf-8") == "<h1>v1</h1>"
    assert (release1 / "assets" / "portal.css").is_file()
    assert oct(release1.stat().st_mode & 0o777) == "0o755", "nginx must be able to read it"
    assert oct((release1 / "index.html").stat().st_mode & 0o777) == "0o644"

    (site / "index.html").write_text("<h1>v2</h1>", encoding="utf-8")  # same size, same second
    assert _run(tmp_path, **env).returncode == 0
    release2 = _current(target)
    assert release2 != release1
    assert (release2 / "index.html").read_text(encoding="utf-8") == "<h1>v2</h1>"
    assert (release1 / "index.html").read_text(encoding="utf-8") == "<h1>v1</h1>", "old release untouched"
    # unchanged files are hard links to the previous release: a daily rebuild costs only what changed
    assert (release2 / "assets" / "portal.css").stat().st_ino == (release1 / "assets" / "portal.css").stat().st_ino
    assert (release2 / "index.html").stat().st_ino != (release1 / "index.html").stat().st_ino

    for marker in ("v3", "v4"):
        (site / "index.html").write_text(f"<h1>{marker}</h1>", encoding="utf-8")
        assert _run(tmp_path, **env).returncode == 0
    names = _releases(target)
    assert len(names) == 2 and _current(target).name == names[-1]
    assert (_current(target) / "index.html").read_text(encoding="utf-8") == "<h1>v4</h1>"
    assert release1.name not in names and release2.name not in names
    assert sorted(p.name for p in target.iterdir()) == ["current", "releases"], "no temp links left"


def test_rollback_and_list(tmp_path):
    target = tmp_path / "srv"
    site = _site(tmp_path / "site", "v1")
    env = {"DEPLOY_TARGET": str(target), "SITE_DIR": str(site), "SKIP_BUILD": "1"}
    assert _run(tmp_path, **env).returncode == 0
    (site / "index.html").write_text("<h1>v2</h1>", encoding="utf-8")
    assert _run(tmp_path, **env).returncode == 0
    first, second = _releases(target)

    listing = _run(tmp_path, "--list", DEPLOY_TARGET=str(target))
    assert listing.stdout.splitlines() == [first, f"{second}  ← 当前线上版本"]
    back = _run(tmp_path, "--rollback", DEPLOY_TARGET=str(target))
    assert back.returncode == 0, back.stderr
    assert _current(target).name == first
    assert (target / "current" / "index.html").read_text(encoding="utf-8") == "<h1>v1</h1>"
    nothing_older = _run(tmp_path, "--rollback", DEPLOY_TARGET=str(target))
    assert nothing_older.returncode != 0 and "无法回退" in nothing_older.stderr
    assert _current(target).name == first
    assert _run(tmp_path, "--rollback", second, DEPLOY_TARGET=str(target)).returncode == 0
    assert _current(target).name == second


def test_remote_target_goes_through_ssh(tmp_path):
    calls = tmp_path / "ssh-calls"
    fake_ssh = tmp_path / "fake-ssh"
    fake_ssh.write_text(f"""#!/bin/sh
# stands in for ssh: skip options, drop the host, run the command here as the remote shell would
while :; do case "$1" in -[pilo]) shift 2 ;; -*) shift ;; *) break ;; esac; done
echo "$1" >> {shlex.quote(str(calls))}
shift
exec sh -c "$*"
""", encoding="utf-8")
    fake_ssh.chmod(0o755)
    target = tmp_path / "remote"
    site = _site(tmp_path / "site", "remote")
    result = _run(tmp_path, DEPLOY_TARGET=f"deploy-host:{target}", DEPLOY_SSH=f"{fake_ssh} -p 2222",
                  SITE_DIR=str(site), SKIP_BUILD="1")
    assert result.returncode == 0, result.stderr
    assert (_current(target) / "index.html").read_text(encoding="utf-8") == "<h1>remote</h1>"
    hosts = calls.read_text(encoding="utf-8").split()
    assert set(hosts) == {"deploy-host"} and len(hosts) == 3  # prepare, rsync, switch


def test_refuses_an_incomplete_site_and_a_missing_target(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run(tmp_path, DEPLOY_TARGET=str(tmp_path / "srv"), SITE_DIR=str(empty), SKIP_BUILD="1")
    assert result.returncode != 0 and "index.html" in result.stderr
    assert not (tmp_path / "srv").exists()
    result = _run(tmp_path, SITE_DIR=str(empty), SKIP_BUILD="1", DEPLOY_TARGET="")
    assert result.returncode != 0 and "DEPLOY_TARGET" in result.stderr


@pytest.fixture
def published(tmp_path) -> Path:
    """A server dir with one release already online."""
    target = tmp_path / "srv"
    assert _run(tmp_path, DEPLOY_TARGET=str(target), SITE_DIR=str(_site(tmp_path / "old", "old")),
                SKIP_BUILD="1").returncode == 0
    return target


def _logging_tools(tmp_path: Path, tests_exit: int = 0) -> dict[str, str]:
    """PORTAL: the real portal, logging each call; PYTHON: stands in for the test run."""
    log = tmp_path / "calls.log"
    portal = tmp_path / "portal"
    portal.write_text(f'#!/bin/sh\necho "portal $*" >> {shlex.quote(str(log))}\n'
                      f'exec {shlex.quote(str(PORTAL))} "$@"\n', encoding="utf-8")
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\necho "python $*" >> {shlex.quote(str(log))}\nexit {tests_exit}\n', encoding="utf-8")
    for tool in (portal, python):
        tool.chmod(0o755)
    return {"PORTAL": str(portal), "PYTHON": str(python), "SKIP_SETUP": "1", "PORTAL_TODAY": MINI_TODAY}


def _calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_failing_check_publishes_nothing(tmp_path, published):
    project = make_project(tmp_path / "mini")
    edit(project, "campaigns.yaml", "  title: 测试门户\n", "  titel: 测试门户\n")
    online = _current(published)
    result = _run(tmp_path, DEPLOY_TARGET=str(published), PROJECT_DIR=str(project), **_logging_tools(tmp_path))
    assert result.returncode != 0
    assert "titel" in result.stderr and "内容检查未通过" in result.stderr
    assert [call.split()[-1] for call in _calls(tmp_path)] == ["check"], "no tests, no build after a failed check"
    assert _current(published) == online and len(_releases(published)) == 1
    assert not (project / "site").exists()


def test_failing_tests_publish_nothing(tmp_path, published):
    project = make_project(tmp_path / "mini")
    online = _current(published)
    result = _run(tmp_path, DEPLOY_TARGET=str(published), PROJECT_DIR=str(project),
                  **_logging_tools(tmp_path, tests_exit=1))
    assert result.returncode != 0 and "测试未通过" in result.stderr
    calls = _calls(tmp_path)
    assert calls[0].endswith(f"--today {MINI_TODAY} check") and calls[1].startswith("python -m pytest")
    assert len(calls) == 2, "no build after failed tests"
    assert _current(published) == online and len(_releases(published)) == 1


def test_check_test_build_then_upload(tmp_path, published):
    """The whole recipe with the real portal on the mini project (only the test run is stood in for)."""
    project = make_project(tmp_path / "mini")
    result = _run(tmp_path, DEPLOY_TARGET=str(published), PROJECT_DIR=str(project), **_logging_tools(tmp_path))
    assert result.returncode == 0, result.stderr
    calls = _calls(tmp_path)
    assert [c.split()[0] for c in calls] == ["portal", "python", "portal"]
    assert calls[0].endswith(f"--today {MINI_TODAY} check")
    assert "site_tests/test_golden.py" in calls[1]
    assert calls[2].endswith(f"--today {MINI_TODAY} build --site-dir {project / 'site'}")

    online = _current(published)
    assert len(_releases(published)) == 2 and online.name == _releases(published)[-1]
    assert "测试门户" in (online / "index.html").read_text(encoding="utf-8")
    assert (online / "404.html").is_file()

    # the nginx cache rules fit what the generator writes: only fingerprinted names are kept for a year
    rules = _cache_rules()
    immutable, short = [], []
    for path in sorted(online.rglob("*")):
        uri = "/" + path.relative_to(online).as_posix()
        if path.is_file() and uri.startswith(("/assets/", "/pagefind/")):
            (immutable if "immutable" in _cache_for(uri, rules) else short).append(uri)
    assert any(re.fullmatch(r"/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css", u) for u in immutable)
    assert any(u.endswith(".pf_fragment") for u in immutable)
    for uri in immutable:
        assert re.search(r"[._][0-9a-f]{7,}\.", uri), f"{uri} has no fingerprint but would be cached for a year"
    for uri in ("/pagefind/pagefind.js", "/pagefind/pagefind-entry.json", "/assets/stylesheets/portal.css"):
        assert uri in short
    assert _cache_for("/pagefind/pagefind-entry.json", rules) == _cache_for("/index.html", rules)
    assert "max-age=300" in _cache_for("/campaigns/", rules)
