"""The form editor's page (Decap CMS) and its policy, for the preview and for production.

The preview serves it at /admin/ of `portal serve` (preview_admin.py).  In production it is a
separate bundle (`portal admin --out DIR`), configured by campaigns.yaml `site.editor` and
deployed beside the site at /admin/: Decap logs in to the project's Gitea or GitLab and each
save is a commit there, which CI checks and publishes.  The published site itself never
contains it and keeps its strict policy (gate/csp.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from string import Template
from typing import Iterable

from markupsafe import escape

from generator.errors import BuildError
from generator.render.vendor import NODE_MODULES
from generator.source.schema import EditorSettings, SiteSettings
from generator.tools.decap_config import config_yaml, decap_config

PAGE_DIR = Path(__file__).resolve().parent / "admin_page"
PAGE_FILES = ("portal-admin.js", "portal-admin.css")
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
DECAP_DIR = "decap"  # where the page loads decap-cms.js and its chunks from


def policy(hosts: Iterable[str] = (), header: bool = True) -> str:
    """The admin page's Content-Security-Policy; ``hosts``: the git host's origin (production).

    Decap is a React app: its config validation (ajv) compiles the JSON schema into functions
    ('unsafe-eval': without it Decap does not start), emotion writes <style> elements, photos
    chosen for upload are blob: URLs it reads back.  Only this page gets it."""
    hosts = list(hosts)
    directives = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        " ".join(["img-src 'self' data: blob:", *hosts]),  # avatars from the git host
        "font-src 'self' data:",
        " ".join(["connect-src 'self' blob:", *hosts]),  # the git host's API and OAuth token
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    if header:  # a <meta> policy ignores frame-ancestors (with a console warning)
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def page_html(site_title: str, meta_policy: str = "") -> str:
    """The page: Decap's script and ours, from files; no inline script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(meta_policy)}">\n' if meta_policy else ""
    return Template((PAGE_DIR / "index.html").read_text(encoding="utf-8")).substitute(
        title=escape(site_title), policy=meta)


def decap_file(name: str) -> Path | None:
    """A file of decap-cms's dist/ by its bare name (no directories, no hidden files), or None."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = DECAP_DIST / name
    return path if path.is_file() else None


def _bundle_files() -> list[Path]:
    """What the page loads: decap-cms.js, its chunks and WebAssembly, and its licence (no source maps)."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        raise BuildError(f"缺少 decap-cms（{DECAP_DIST}）：请先运行 scripts/setup（其中会执行 npm ci）。")
    return sorted(path for path in DECAP_DIST.iterdir()
                  if path.name == "decap-cms.js" or path.name.endswith((".decap-cms.js", ".wasm"))
                  or path.name == "decap-cms.js.LICENSE.txt")


def backend_config(editor: EditorSettings) -> dict:
    """Decap's backend block for the project's Gitea or GitLab (PKCE login: no secret in the page)."""
    base = editor.url.rstrip("/")
    backend = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch, "base_url": base,
               "app_id": editor.app_id, "api_root": f"{base}/api/v1" if editor.backend == "gitea" else f"{base}/api/v4"}
    if editor.backend == "gitlab":
        backend["auth_type"] = "pkce"
    return backend


def git_origin(editor: EditorSettings) -> str:
    from generator.gate.urls import parse

    return parse(editor.url, "about:blank").origin


def write_bundle(root: Path, settings: SiteSettings, out: Path) -> Path:
    """The production editor in ``out`` (replaced): to be served at <site.url>admin/."""
    editor = settings.editor
    files = _bundle_files()
    if out.exists():
        shutil.rmtree(out)
    (out / DECAP_DIR).mkdir(parents=True)
    config = decap_config(root, backend_config(editor), site_url=settings.url)
    (out / "config.yml").write_text(config_yaml(config), encoding="utf-8")
    html = page_html(settings.title, policy([git_origin(editor)], header=False))
    (out / "index.html").write_text(html, encoding="utf-8")
    for name in PAGE_FILES:
        shutil.copyfile(PAGE_DIR / name, out / name)
    for path in files:
        shutil.copyfile(path, out / DECAP_DIR / path.name)
    return out


def nginx_location(settings: SiteSettings, out: Path) -> str:
    """The nginx block that serves the bundle at /admin/ with its policy as a header."""
    header = policy([git_origin(settings.editor)])
    return (f"location ^~ /admin/ {{\n"
            f"    alias {out.resolve()}/;\n"
            f"    add_header Content-Security-Policy \"{header}\" always;\n"
            f"    add_header X-Content-Type-Options nosniff always;\n"
            f"    add_header Cache-Control \"no-cache\" always;\n"
            f"}}")


def write_admin(root: Path, out: Path) -> str:
    """`portal admin --out DIR`: the bundle, and what to tell the person deploying it."""
    from generator.errors import Issue, ValidationFailed
    from generator.source.load import SITE_FILE, load_sources

    sources = load_sources(root)
    if sources.site is None:
        raise ValidationFailed([issue for issue in sources.issues if issue.file == SITE_FILE] or sources.issues)
    settings = sources.site.model.site
    if settings.editor is None:
        raise ValidationFailed([Issue(SITE_FILE, sources.site.doc.line_of(("site",)), "site",
                                      "没有配置 editor：正式环境的表单编辑器需要在 site 下写明 Gitea 或 GitLab 的地址、"
                                      "仓库和 OAuth 应用（见 README“网页表单编辑器”）；本地预览（portal serve）不需要它。")])
    write_bundle(root, settings, out)
    return (f"表单编辑器已生成：{out}\n请让网站服务器在 {settings.url}admin/ 提供这个目录，"
            f"nginx 的配置（放在 server {{ }} 中）：\n{nginx_location(settings, out)}")
