"""The Content-Security-Policy of every page: defense in depth behind the HTML allow-list.

If a sanitiser bug ever let a script into a page, the browser would still refuse to run it:
scripts only from the site's own files, plus the few inline scripts the theme writes (Material's
and ours), each allowed by its SHA-256 hash; pictures only from the site and the configured map
tile hosts; frames only from site.video_hosts; no plugins, no <base>, forms only to the site.

The policy is delivered twice with the same text: in a <meta http-equiv> the theme writes at the
top of <head> (many hosts send no headers), and as a header in deploy/nginx.conf, which also
covers what a <meta> cannot (workers, files opened directly, frame-ancestors).

Why hashes are taken from the built page rather than from the templates: the browser hashes
the exact text it receives, and Material's script text depends on its templates, its version and
its features; hashing what was rendered stays right across upgrades without listing Material's
partials.  Only what lies outside the page's content is hashed — the content is editors' text,
and a script there must never be allowed, whatever the sanitiser did.  Material's one
page-dependent script (it embeds the site's root) is made the same on every page by setting
extra.scope (mkdocs_hooks.py), so every page has the same policy: the header can carry it too,
and instant navigation, which keeps the first page's policy, runs the next page's scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path
from typing import Iterable, Optional

from markupsafe import escape

from generator.render.map_tiles import tile_sources
from generator.source.schema import SiteSettings

# Script types a browser executes; JSON data blocks (Material's __config, JSON-LD) are not scripts.
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def policy(settings: Optional[SiteSettings], script_hashes: Iterable[str] = ()) -> str:
    """The policy text.  ``settings`` None (campaigns.yaml not valid yet): no tiles, no frames."""
    tiles = tile_sources(settings.map) if settings else []
    frames = [f"https://{host}" for host in settings.video_hosts] if settings else []
    directives = [
        ("default-src", ["'self'"]),
        # Pagefind's search (in a worker) compiles WebAssembly.
        ("script-src", ["'self'", "'wasm-unsafe-eval'", *script_hashes]),
        ("worker-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("img-src", ["'self'", "data:", *tiles]),  # data: Material's icons in its CSS
        ("frame-src", frames or ["'none'"]),
        ("style-src", ["'self'", "'unsafe-inline'"]),  # Material and Leaflet set style attributes
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]  # frame-ancestors is ignored (with a console warning) in a <meta>: header_for_site adds it
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def meta_tag(text: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(text)}">'


# An inline <script> element as the theme writes it (the content outside the page's body, which
# is the theme's own markup: regular, quoted attributes).  A regex over the page: Python's
# HTMLParser took a third of the mkdocs phase at 2,500 pages for the same answer.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def _attributes(text: str) -> dict[str, str]:
    return {match.group(1).lower(): unescape(next((g for g in match.groups()[1:] if g is not None), ""))
            for match in _ATTRIBUTE.finditer(text)}


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources of the inline scripts in ``html``, in order, without repeats."""
    hashes = []
    for match in _SCRIPT.finditer(html):
        attributes = _attributes(match.group(1))
        if "src" in attributes or attributes.get("type", "").strip().lower() not in _EXECUTABLE:
            continue
        text = match.group(2).replace("\r\n", "\n").replace("\r", "\n")  # as the browser's parser reads it
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(hashes))


def theme_script_hashes(output: str, content: str) -> list[str]:
    """Hashes of the scripts the theme wrote into a page: everything but the page's content."""
    return inline_script_hashes(output.replace(content, "", 1) if content else output)


def with_policy(output: str, text: str) -> Optional[str]:
    """The page with the theme's <meta> policy replaced by ``text``; None if the <meta> is missing
    or does not come before the first script (a policy only governs what follows it)."""
    match = META.search(output)
    first_script = output.find("<script")
    if match is None or (first_script != -1 and first_script < match.start()):
        return None
    return output[:match.start()] + meta_tag(text) + output[match.end():]


def header_for_site(site_dir: Path) -> str:
    """The header a server should send for a built site: its pages' policy plus frame-ancestors."""
    match = META.search((Path(site_dir) / "index.html").read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"{site_dir}/index.html 中没有 Content-Security-Policy")
    text = unescape(re.search(r'content="([^"]*)"', match.group(0)).group(1))
    return f"{text}; frame-ancestors 'self'"


if __name__ == "__main__":
    # python -m generator.gate.csp site/ → the line for deploy/nginx.conf
    import sys

    print(f'add_header Content-Security-Policy "{header_for_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))}" always;')
