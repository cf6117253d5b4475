"""/admin/ of `portal serve`: Decap CMS, the form editor, over the preview's own server.

Nothing here is written into the site: the preview's WSGI app (mkdocs' live-reload server) is
wrapped, and /admin/ is answered from node_modules/decap-cms (installed by scripts/setup), from
admin_page/ and from the config generated for the project (tools/decap_config.py).  The
published site never has /admin/ and keeps its strict policy.

    /admin/                 the page, with its own Content-Security-Policy (ADMIN_POLICY)
    /admin/config.yml       Decap's configuration, generated on every load (current ids)
    /admin/decap/<file>     decap-cms's files as npm installed them
    /admin/api/v1           decap-server (publish/decap_server.py), proxied: one origin, so the
                            page connects only to 'self' and decap-server is never exposed
    /admin/status.json      the last check (publish/preview.py), and whether a save came after it
                            started (pending): the notice waits for the check that read the save

Writes go through the proxy only from this machine's own browser on a loopback host name (not
from another device on the network, not from a page on another origin or a DNS-rebound name).
"""

from __future__ import annotations

import json
import logging
import mimetypes
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterable, Optional

from generator.publish import admin, decap_server, last_check
from generator.tools.decap_config import config_yaml, decap_config

log = logging.getLogger("mkdocs.portal")
PREFIX = "/admin/"
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # a photo (gate/raster.MAX_BYTES) in base64 and its entry
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
ADMIN_POLICY = admin.policy()  # sent as a header with the page: only /admin/ gets it

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


class AdminApp:
    """The preview's WSGI app with /admin/ in front of it."""

    def __init__(self, root: Path, site_title: str, inner: WsgiApp, backend: Optional[decap_server.DecapServer]):
        self.root = root
        self.site_title = site_title
        self.inner = inner
        self.backend = backend
        self.written_at = 0.0  # when decap-server last finished writing: a check must start after it

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == PREFIX.rstrip("/"):
            start_response("302 Found", [("Location", PREFIX)])
            return []
        if not path.startswith(PREFIX):
            return self.inner(environ, start_response)
        name = path[len(PREFIX):]
        method = environ.get("REQUEST_METHOD", "GET")
        if name == "api/v1":
            return self._proxy(environ, start_response) if method == "POST" else _error(start_response, "405 Method Not Allowed")
        if method not in ("GET", "HEAD"):
            return _error(start_response, "405 Method Not Allowed")
        if name in ("", "index.html"):
            return self._page(start_response)
        if name == "config.yml":
            return _send(start_response, self._config(environ).encode("utf-8"), "text/yaml; charset=utf-8")
        if name == "status.json":
            status = last_check.status(self.written_at)
            return _send(start_response, json.dumps(status, ensure_ascii=False).encode("utf-8"),
                         "application/json; charset=utf-8")
        if name in admin.PAGE_FILES:
            return _file(start_response, admin.PAGE_DIR / name)
        if name.startswith(f"{admin.DECAP_DIR}/"):
            file = admin.decap_file(name[len(admin.DECAP_DIR) + 1:])
            if file is not None:
                return _file(start_response, file)
        return _error(start_response, "404 Not Found")

    def _page(self, start_response) -> Iterable[bytes]:
        html = admin.page_html(self.site_title)
        return _send(start_response, html.encode("utf-8"), "text/html; charset=utf-8",
                     [("Content-Security-Policy", ADMIN_POLICY)])

    def _config(self, environ: dict) -> str:
        # Decap wants an absolute URL for its local backend: this page's own origin.
        api = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}{PREFIX}api/v1"
        backend = {"name": "proxy", "proxy_url": api, "branch": "main"}
        return config_yaml(decap_config(self.root, backend, local_backend=api))

    def _proxy(self, environ: dict, start_response) -> Iterable[bytes]:
        refused = _refusal(environ)
        if refused:
            log.warning("拒绝了一次内容编辑器的保存请求：%s", refused)
            return _error(start_response, "403 Forbidden", refused)
        if self.backend is None or self.backend.process.poll() is not None:
            return _error(start_response, "503 Service Unavailable", "decap-server 没有运行：请查看 portal serve 的输出。")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            return _error(start_response, "413 Payload Too Large")
        body = environ["wsgi.input"].read(length)
        request = urllib.request.Request(self.backend.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, data = f"{response.status} {response.reason}", response.read()
            if _writes(body):
                self.written_at = time.time()
        except urllib.error.HTTPError as error:
            status, data = f"{error.code} {error.reason}", error.read()
        except OSError as error:
            return _error(start_response, "502 Bad Gateway", f"decap-server 没有响应：{error}")
        return _send(start_response, data, "application/json; charset=utf-8", status=status)


WRITES = ("persistEntry", "persistMedia", "deleteFile", "deleteFiles")


def _writes(body: bytes) -> bool:
    try:
        return json.loads(body).get("action") in WRITES
    except (ValueError, AttributeError):
        return False


def _refusal(environ: dict) -> Optional[str]:
    """Why a request may not write into the project, or None."""
    if environ.get("REMOTE_ADDR") not in LOOPBACK:
        return f"来自其他设备（{environ.get('REMOTE_ADDR')}）：只能在运行预览的这台电脑上编辑"
    host = environ.get("HTTP_HOST", "")
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if hostname not in ("127.0.0.1", "localhost", "[::1]"):
        return f"主机名“{host}”不是本机地址"
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and origin != f"http://{host}":
        return f"来自其他网站（{origin}）"
    if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
        return "不是本页面发出的请求"
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        return "不是内容编辑器的请求"
    return None


def _send(start_response, data: bytes, content_type: str, headers: list = (), status: str = "200 OK"):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data))),
                            ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"), *headers])
    return [data]


def _file(start_response, path: Path):
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith("javascript"):
        content_type += "; charset=utf-8"
    data = path.read_bytes()
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(data))),
                              ("X-Content-Type-Options", "nosniff")])
    return [data]


def _error(start_response, status: str, message: str = "") -> Iterable[bytes]:
    data = json.dumps({"error": message or status}, ensure_ascii=False).encode("utf-8")
    return _send(start_response, data, "application/json; charset=utf-8", status=status)


# --- the preview's side ------------------------------------------------------------------

_running: dict[str, decap_server.DecapServer] = {}


def install(server, root: Path, site_title: str) -> None:
    """Put /admin/ in front of mkdocs' live-reload server and start decap-server."""
    backend = None
    host, port = server.server_address[:2]  # as given: the server binds only when it starts serving
    shown = host if host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    problem = decap_server.problem()
    if problem is None and admin.decap_file("decap-cms.js") is not None:
        backend = decap_server.start(root, f"http://{shown}:{port}")
        _running["server"] = backend
        if not backend.wait_ready():
            log.warning("decap-server 没有启动，内容编辑器无法保存：请查看上面的输出。")
    else:
        log.warning("内容编辑器（/admin/）不可用：%s", problem or "缺少 decap-cms：请运行 scripts/setup。")
    server.set_app(AdminApp(root, site_title, server.get_app(), backend))
    log.info("内容编辑器：http://%s:%s%s", shown, port, PREFIX)


def shutdown() -> None:
    backend = _running.pop("server", None)
    if backend is not None:
        backend.stop()
