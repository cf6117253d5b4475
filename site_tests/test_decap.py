"""The form editor: Decap CMS at /admin/ of `portal serve`, saving through decap-server.

Driven in Chromium as an editor would: a news post with a photo is written through the form and
lands in content/, passes `portal check` and is published by a build; a save that fails the check
is shown in the editor; every demo station and story saved through the form loads back as the
same model.  Offline: Decap, decap-server and the preview run on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
from html import unescape
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from PIL import Image

from conftest import REPO, make_project
from generator.publish import decap_server, preview_admin
from generator.source.load import load_sources
from generator.source.schema import ExemplarFile, NewsFile, StationFile
from generator.tools.decap_config import COLLECTIONS, decap_config

TODAY = date(2019, 3, 4)
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}  # the form is used on a computer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _post(url: str, body: dict, **headers) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait(condition, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@contextmanager
def running_preview(project: Path, log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`portal serve` on a free port, once its first check is done and decap-server answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_TODAY", "SOURCE_DATE_EPOCH")}
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(project), "--today", TODAY.isoformat(),
             "serve", "--addr", f"127.0.0.1:{port}", *options],
            stdout=output, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get(f"{base}/")[0] == 200)
        if "--no-cms" not in options:
            _wait(lambda: _post(f"{base}/admin/api/v1", {"action": "info"}) == 200)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Threads(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def admin_only(project: Path) -> Iterator[str]:
    """Just /admin/ and decap-server for ``project``: no site is built (the round trips need none)."""
    server = make_server("127.0.0.1", 0, None, server_class=_Threads, handler_class=_Quiet)
    base = f"http://127.0.0.1:{server.server_port}"
    backend = decap_server.start(project, base)
    assert backend.wait_ready()

    def no_site(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]

    server.set_app(preview_admin.AdminApp(project, "测试", no_site, backend))
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        backend.stop()


def _editor(browser, base: str, problems: list):
    """A logged-in Decap page; page errors and policy violations are collected in ``problems``."""
    context = browser.new_context(**DESKTOP)
    context.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                            "console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="登录").click()  # the local backend: no account, one click
    page.get_by_text("动态").first.wait_for()
    return context, page


def _publish(page) -> None:
    page.get_by_text("含未保存的修改").wait_for()
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("修改已保存").wait_for()


# --- the configuration ----------------------------------------------------------------------


def _names(fields: list[dict]) -> set[str]:
    return {field["name"] for field in fields}


def test_the_form_offers_every_field_of_the_schema_and_the_project_ids(mini):
    config = decap_config(mini, {"name": "proxy", "proxy_url": "http://127.0.0.1/admin/api/v1", "branch": "main"})
    assert config["locale"] == "zh_Hans" and config["media_folder"] == "content/images"
    collections = {collection["name"]: collection for collection in config["collections"]}
    assert set(collections) == {"news", "exemplars", "stations"}  # campaign plans stay YAML
    for model, name in ((NewsFile, "news"), (ExemplarFile, "exemplars"), (StationFile, "stations")):
        fields = {field["name"]: field for field in collections[name]["fields"]}
        assert set(fields) - {"body"} == set(model.model_fields)
        for key, info in model.model_fields.items():
            # region names the folder the entry is saved in (content/news/<region>/): always asked for
            assert fields[key].get("required", True) == (info.is_required() or key == "region"), key
            assert re.search("[\u4e00-\u9fff]", fields[key]["label"]), key  # every label is Chinese
    photo = {field["name"]: field for field in
             next(f for f in collections["news"]["fields"] if f["name"] == "photos")["fields"]}
    assert set(photo) == {"src", "alt", "credit", "caption"} and photo["src"]["widget"] == "image"
    station = {field["name"]: field for field in collections["stations"]["fields"]}
    assert station["location"]["widget"] == "object" and _names(station["location"]["fields"]) == {"lat", "lon", "approximate"}
    # References are chosen from the project's ids, not typed.
    assert [option["value"] for option in station["region"]["options"]] == ["democity"]
    assert [option["value"] for option in station["standard"]["options"]] == ["si-ge-you"]
    assert {option["value"] for option in station["campaigns"]["options"]} == {"demo-2019"}
    assert [option["value"] for option in station["kind"]["options"]] == list(StationFile.model_fields["kind"].annotation.__args__)


# --- through the form, with the preview running ------------------------------------------------


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("decap") / "mini")
    log = project.parent / "serve.log"
    with running_preview(project, log) as (base, process):
        yield project, base, log


def test_a_news_post_with_a_photo_written_in_the_form_is_checked_and_published(preview, browser, tmp_path):
    project, base, log = preview
    photo = tmp_path / "广场服务 1.JPG"  # as a camera or phone names it: the form makes the name usable
    Image.new("RGB", (800, 600), (200, 80, 60)).save(photo, "JPEG", quality=80)
    problems: list[str] = []
    context, page = _editor(browser, base, problems)
    try:
        page.goto(f"{base}/admin/#/collections/news/new")
        page.get_by_label("标题", exact=True).fill("社区志愿者走进郑和广场")
        page.locator("input[type=date]").first.fill("2019-03-05")
        page.get_by_label("地区", exact=True).click()  # the folder it is saved in: content/news/democity/
        page.get_by_text("示例市", exact=True).click()
        page.locator("[data-slate-editor]").first.click()
        page.keyboard.type("三月五日上午，二十名志愿者在广场为居民量血压、修家电。")
        page.get_by_role("button", name="新增照片").click()
        page.get_by_role("button", name="选择图片").click()
        page.locator("input[type=file]").set_input_files(str(photo))
        page.get_by_role("button", name="选用已选中项目").click()
        page.get_by_label("图片说明", exact=True).fill("志愿者在广场为老人量血压")
        page.get_by_label("摄影或来源").fill("社区宣传员")
        _publish(page)
        notice = page.locator("#portal-save-notice")
        notice.get_by_text("已保存，检查通过").wait_for(timeout=60_000)
    finally:
        context.close()
    assert problems == []

    (post,) = (project / "content/news").rglob("*.md")
    assert post.parent.name == "democity"
    assert post.name == "2019-03-05-社区志愿者走进郑和广场.md"
    (image,) = (project / "content/images").iterdir()
    assert image.name == "广场服务-1.jpg"
    record = load_sources(project).news[post.stem]
    assert record.model.title == "社区志愿者走进郑和广场" and record.model.date == date(2019, 3, 5)
    assert record.body.strip() == "三月五日上午，二十名志愿者在广场为居民量血压、修家电。"
    (shown,) = record.model.photos
    assert (shown.src, shown.alt, shown.credit) == (image.name, "志愿者在广场为老人量血压", "社区宣传员")

    check = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "--today",
                            TODAY.isoformat(), "check"], capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, check.stderr
    # Built from a copy: the preview keeps its own state in the project.
    built = tmp_path / "built"
    shutil.copytree(project, built, symlinks=True, ignore=shutil.ignore_patterns(".portal", "site"))
    from generator.build import build_site

    site = build_site(built, TODAY, site_dir=tmp_path / "site")
    pages = [path for path in (site / "news").rglob("index.html") if "社区志愿者走进郑和广场" in path.read_text("utf-8")]
    post_page = next(path for path in pages if path.parent.parent == site / "news")
    html = post_page.read_text(encoding="utf-8")
    assert 'alt="志愿者在广场为老人量血压"' in html and "社区宣传员" in html
    assert (site / "images" / image.name).read_bytes() == image.read_bytes()
    assert not (site / "admin").exists()  # the editor is never published


def test_a_save_that_fails_the_check_is_shown_in_the_editor_and_the_log(preview, browser):
    project, base, log = preview
    problems: list[str] = []
    context, page = _editor(browser, base, problems)
    try:
        page.goto(f"{base}/admin/#/collections/news/new")
        page.get_by_label("标题", exact=True).fill("招募志愿者")
        page.locator("input[type=date]").first.fill("2019-03-06")
        page.get_by_label("地区", exact=True).click()
        page.get_by_text("示例市", exact=True).click()
        page.locator("[data-slate-editor]").first.click()
        page.keyboard.type("报名请联系李老师 13912345678。")  # a personal mobile, published without consent
        _publish(page)
        notice = page.locator("#portal-save-notice[data-portal-state=failed]")
        notice.wait_for(timeout=60_000)
        text = notice.inner_text()
    finally:
        context.close()
    assert "内容检查未通过" in text
    # The message `portal check` prints, at the line of the body in the saved file.
    assert re.search(r"content/news/democity/2019-03-06-招募志愿者\.md:\d+: 正文: 疑似个人手机号码“139\*\*\*\*5678”", text), text
    assert "content/news/democity/2019-03-06-招募志愿者.md" in log.read_text(encoding="utf-8")
    (project / "content/news/democity/2019-03-06-招募志愿者.md").unlink()  # the next test starts clean


def test_only_this_computer_and_the_editor_page_may_write(preview):
    project, base, log = preview
    api = f"{base}/admin/api/v1"
    write = {"action": "persistMedia", "params": {"branch": "main", "asset": {
        "path": "content/images/x.png", "content": "aGVsbG8=", "encoding": "base64"}}}
    port = base.rsplit(":", 1)[1]
    assert _post(api, write, Origin="http://evil.example") == 403  # another site's page
    assert _post(api, write, Host=f"evil.example:{port}") == 403  # a DNS-rebound name
    assert _post(api, write, **{"Sec-Fetch-Site": "cross-site"}) == 403
    request = urllib.request.Request(api, data=json.dumps(write).encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})  # a form's simple request
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert not (project / "content/images/x.png").exists()
    assert _post(api, {"action": "info"}, Origin=base) == 200  # the editor page itself


def test_the_admin_page_has_its_own_policy_and_the_preview_pages_keep_theirs(preview):
    project, base, log = preview
    status, headers, body = _get(f"{base}/admin/")
    assert status == 200 and headers["Content-Security-Policy"] == preview_admin.ADMIN_POLICY
    assert "'unsafe-eval'" in preview_admin.ADMIN_POLICY and "frame-ancestors 'none'" in preview_admin.ADMIN_POLICY
    assert "<script>" not in body.decode("utf-8")  # scripts only from files
    status, headers, body = _get(f"{base}/stations/square/")
    assert status == 200 and "Content-Security-Policy" not in headers
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', body.decode("utf-8"))
    assert meta and "'unsafe-eval'" not in unescape(meta.group(1))
    for name in ("../../package.json", "..%2F..%2Fpackage.json", ".bin"):
        assert _get(f"{base}/admin/decap/{name}")[0] == 404


def test_decap_does_not_start_without_unsafe_eval(tmp_path, browser, monkeypatch):
    """Why the admin page allows 'unsafe-eval': Decap validates its config with ajv, which compiles
    the JSON schema into functions.  If a Decap upgrade stops needing it, this fails: tighten the policy."""
    project = make_project(tmp_path / "mini")
    monkeypatch.setattr(preview_admin, "ADMIN_POLICY", preview_admin.ADMIN_POLICY.replace(" 'unsafe-eval'", ""))
    with admin_only(project) as base:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/admin/")
        page.wait_for_timeout(3000)
        context.close()
    assert any("unsafe-eval" in error for error in errors), errors


def test_decap_server_stops_with_the_preview_and_no_cms_serves_no_editor(tmp_path):
    project = make_project(tmp_path / "mini")
    with running_preview(project, tmp_path / "serve.log") as (base, process):
        children = _decap_servers(process.pid)
        assert len(children) == 1
    assert _wait(lambda: not _alive(children[0]), seconds=10)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
    with running_preview(project, tmp_path / "serve2.log", "--no-cms") as (base, process):
        assert _get(f"{base}/admin/")[0] == 404 and _decap_servers(process.pid) == []


def _decap_servers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"decap-server" in command:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- what Decap writes loads back -----------------------------------------------------------------


def test_every_demo_entry_saved_through_the_form_loads_back_as_the_same_model(tmp_path, browser):
    """Each demo station, exemplar and news post, opened and saved in the form (a change and its
    undo, since Decap saves only a changed entry): Decap rewrites the whole file in its own YAML
    (block lists, quoting, folded long text) and it must load as the same model and body."""
    project = tmp_path / "demo"
    project.mkdir()
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "campaigns.yaml", project)
    before = load_sources(project)
    entries = [(collection.name, record) for collection in COLLECTIONS
               for record in getattr(before, collection.name).values()]
    assert len(entries) >= 12
    problems: list[str] = []
    with admin_only(project) as base:
        context, page = _editor(browser, base, problems)
        try:
            for collection, record in entries:
                label = "站点名称" if collection == "stations" else "标题"
                slug = record.doc.path.relative_to(project / "content" / collection).with_suffix("").as_posix()
                for key in ("x", "Backspace"):
                    # Reloaded each time: Decap compares with the entry as it was opened.
                    page.goto(f"{base}/admin/#/collections/{collection}/entries/{slug}")
                    page.reload()
                    field = page.get_by_label(label, exact=True)
                    field.click()
                    field.press("End")
                    field.press(key)
                    _publish(page)
            # Text Decap writes unquoted that YAML 1.1 would read as a number (9:30 = 570).
            page.goto(f"{base}/admin/#/collections/stations/entries/kunming/zhenghe-square")
            page.reload()
            page.get_by_label("开放时间 (可选)").fill("9:30")
            _publish(page)
        finally:
            context.close()
    assert problems == []
    after = load_sources(project)
    assert after.issues == []
    for collection, record in entries:
        saved = getattr(after, collection)[record.id]
        expected = record.model
        if record.id == "zhenghe-square":
            expected = expected.model_copy(update={"hours": "9:30"})
        assert saved.model == expected, record.doc.display
        assert saved.body.strip() == record.body.strip(), record.doc.display
    text = (project / "content/stations/kunming/zhenghe-square.yaml").read_text(encoding="utf-8")
    assert "hours: 9:30" in text and "#" not in text  # Decap's own writing (comments are not kept)


# --- production: `portal admin` ------------------------------------------------------------------


EDITOR = """  editor:
    backend: gitea
    url: https://git.example.cn
    repo: wenmingban/xueleifeng-portal
    app_id: 2c6f0a5e-1b7d-4c1e-9f3a-5d8e7b6a4c21
"""


def test_the_production_editor_is_a_separate_bundle_that_logs_in_to_gitea(tmp_path, browser):
    from generator.tools.local_site import serve

    project = make_project(tmp_path / "mini")
    site_file = project / "campaigns.yaml"
    out = tmp_path / "www" / "admin"
    refused = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "admin", "--out", str(out)],
                             capture_output=True, text=True, cwd=REPO)
    assert refused.returncode == 1 and "site: 没有配置 editor" in refused.stderr and not out.exists()
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("site:\n", "site:\n" + EDITOR, 1), encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "admin", "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO)
    assert made.returncode == 0, made.stderr
    assert "location ^~ /admin/" in made.stdout and "connect-src 'self' blob: https://git.example.cn" in made.stdout
    config = (out / "config.yml").read_text(encoding="utf-8")
    assert "name: gitea" in config and "api_root: https://git.example.cn/api/v1" in config
    assert "local_backend" not in config and "proxy" not in config
    assert not list(out.rglob("*.map"))  # what the page loads, not Decap's source maps

    with serve(tmp_path / "www") as base:
        context = browser.new_context(**DESKTOP)
        requests: list[str] = []
        problems: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name=re.compile("Gitea")).wait_for(timeout=20_000)
        context.close()
    assert problems == []
    assert all(url.startswith(f"{base}/admin/") or url.startswith(("data:", "blob:")) for url in requests), requests


def test_a_wrong_editor_setting_is_a_chinese_message_at_its_line(mini, check):
    site_file = mini / "campaigns.yaml"
    text = EDITOR.replace("wenmingban/xueleifeng-portal", "https://git.example.cn/wenmingban")
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("site:\n", "site:\n" + text, 1), encoding="utf-8")
    assert check() == ["campaigns.yaml:5: site.editor.repo: “https://git.example.cn/wenmingban”不是仓库名：写“所有者/仓库”，"
                       "即仓库网址中主机名后面的部分，如 wenmingban/xueleifeng-portal。"]
