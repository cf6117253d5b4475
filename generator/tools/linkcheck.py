"""Check every internal reference of a built site: pages, assets, anchors.

``check_links(site_dir)`` parses each HTML file once (stdlib html.parser), collects the
ids it defines and the URLs it references, then resolves every reference against the
files on disk:

* ``a/area/link href``, ``script/img/source/iframe/embed/audio/video/track src``,
  ``img/source srcset``, ``form action``, ``object data``, SVG ``use/image href``,
  ``meta http-equiv=refresh``, and the portal's own ``data-geojson`` / ``data-pages``;
* absolute URLs on the site's own host (``https://``, ``webcal://``, ``//``) in any of
  those, in ``meta content`` (og:image, og:url …) and in JSON-LD: checked as site paths;
* ``url(...)`` / ``@import`` in style attributes, ``<style>`` blocks and every .css file
  (relative to the CSS file);
* ``#fragment``: the target page must have an element with that id or an ``<a name>``.
  ``#`` alone and ``#top`` mean the top of the page (HTML spec) and always resolve;
  Material's toggles (``#__search``, ``#__drawer``) are ids of its inputs, so they resolve.

The site is checked as if served from the root of ``site_dir`` (subpath-agnostic): a
relative URL that climbs above the root, or a root-absolute one outside the site_url's
path, is broken; ``<base href>`` is not honoured (mkdocs never writes one). Links to other
hosts and schemes such as mailto:, tel: or data: are not checked; ``javascript:`` and
``file:`` are always reported.

Usage: ``python -m generator.tools.linkcheck SITE_DIR [--site-url URL]``
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Reasons, in the language of the portal's editors.
MISSING_FILE = "目标文件不存在"
MISSING_ANCHOR = "锚点不存在"
ABOVE_ROOT = "相对路径超出了站点根目录"
JAVASCRIPT = "不允许使用 javascript: 链接"
LOCAL_FILE = "链接指向本机文件（file:），网站访客无法打开"
UNPARSABLE = "网址格式错误，无法解析"

URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href", "xlink:href"), "area": ("href",), "link": ("href",),
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",),
    "input": ("src", "formaction"), "button": ("formaction",), "form": ("action",),
    "use": ("href", "xlink:href"), "image": ("href", "xlink:href"),
}
# Attributes our own scripts fetch or build URLs from (theme/assets/javascripts/portal-map.js).
DATA_URL_ATTRS = ("data-geojson", "data-pages")
WEB_SCHEMES = {"http", "https", "webcal", "webcals"}

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)"""
                      r"""|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_REFRESH = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)["']?\s*$""", re.I)
_ABSOLUTE_WEB = re.compile(r"^(?:https?:|webcals?:)?//", re.I)


@dataclass(frozen=True)
class Broken:
    """One reference that does not resolve. ``page`` is relative to the site root."""

    page: str
    attribute: str
    url: str
    reason: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.page}: {self.url} — {self.reason}"


@dataclass
class Report:
    broken: list[Broken]
    pages: int
    stylesheets: int
    links: int


@dataclass(frozen=True)
class _Ref:
    attribute: str
    url: str
    line: int
    css: bool = False  # url() in CSS: a bare #fragment names nothing in a document


class _Page(HTMLParser):
    """One pass over an HTML file: the ids it defines and the references it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[_Ref] = []
        self._raw: str | None = None  # "style" or "ld+json" while inside such an element
        self._raw_line = 0
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in URL_ATTRS.get(tag, ()):
            if name in values:
                if name == "srcset":
                    self.refs.extend(_Ref(f"{tag} srcset", u, line) for u in srcset_urls(values[name]))
                else:
                    self.refs.append(_Ref(f"{tag} {name}", values[name], line))
        for name in DATA_URL_ATTRS:
            if name in values:
                self.refs.append(_Ref(f"{tag} {name}", values[name], line))
        if "style" in values:
            self.refs.extend(_Ref(f"{tag} style", u, line, css=True) for u in css_urls(values["style"]))
        if tag == "meta" and "content" in values:
            content = values["content"]
            if values.get("http-equiv", "").lower() == "refresh":
                match = _REFRESH.match(content)
                if match and match.group(1).strip():
                    self.refs.append(_Ref("meta refresh", match.group(1).strip(), line))
            elif _ABSOLUTE_WEB.match(content.strip()):
                kind = values.get("property") or values.get("name") or values.get("itemprop") or "content"
                self.refs.append(_Ref(f"meta {kind}", content, line))
        elif tag == "style":
            self._start_raw("style", line)
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._start_raw("ld+json", line)

    def _start_raw(self, kind: str, line: int) -> None:
        self._raw, self._raw_line, self._chunks = kind, line, []

    def handle_data(self, data: str) -> None:
        if self._raw:
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._raw or tag not in ("style", "script"):
            return
        text = "".join(self._chunks)
        if self._raw == "style":
            self.refs.extend(_Ref("style", u, self._raw_line, css=True) for u in css_urls(text))
        else:
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            self.refs.extend(_Ref("ld+json", u, self._raw_line) for u in _json_urls(data))
        self._raw = None


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: candidates are ``url [descriptor]`` separated by commas."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip descriptors up to the next comma outside parentheses
            depth = 0
            while i < n and (value[i] != "," or depth):
                depth += (value[i] == "(") - (value[i] == ")")
                i += 1
        if url:
            urls.append(url)
    return urls


def css_urls(text: str) -> list[str]:
    """URLs in ``url(...)`` and ``@import "..."`` of a stylesheet or style attribute."""
    text = _CSS_COMMENT.sub("", text)
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]


def _json_urls(data: object) -> list[str]:
    """Every string in JSON-LD that looks like an absolute web URL (own host is decided later)."""
    if isinstance(data, str):
        return [data] if _ABSOLUTE_WEB.match(data) else []
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [u for item in data for u in _json_urls(item)]
    return []


def detect_site_url(site_dir: Path) -> str | None:
    """The site_url the site was built with: the canonical link of its home page."""
    index = Path(site_dir) / "index.html"
    if not index.is_file():
        return None
    match = re.search(r"""<link\b[^>]*\brel=["']?canonical\b[^>]*>""", index.read_text(encoding="utf-8"), re.I)
    href = match and re.search(r"""\bhref=["']?([^"'\s>]+)""", match.group(0))
    return href.group(1) if href else None


class _Resolver:
    """URL as written on a page → site-relative file path, or a reason it is broken."""

    def __init__(self, files: set[str], site_url: str | None) -> None:
        self.files = files
        parts = urlsplit(site_url or "")
        self.host = (parts.hostname or "").lower() or None
        self.prefix = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"

    def resolve(self, url: str, base_dir: str) -> tuple[str | None, str, str | None]:
        """(target file or None if not checked, fragment, reason if broken).

        ``base_dir`` is the directory of the referencing document ("" for the root,
        else ending in "/"); a target of "" means "this same document".
        """
        url = re.sub(r"[\t\n\r]", "", url).strip()
        scheme = _SCHEME.match(url)
        if scheme:
            name = scheme.group(1).lower()
            if name == "javascript":
                return None, "", JAVASCRIPT
            if name == "file":
                return None, "", LOCAL_FILE
            if name not in WEB_SCHEMES:
                return None, "", None  # mailto:, tel:, data:, geo: … are not ours to check
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return None, "", UNPARSABLE
        path, fragment = parts.path, parts.fragment
        if parts.netloc:
            if not self.host or (host or "").lower() != self.host:
                return None, "", None  # another host
            if not (path + "/").startswith(self.prefix):
                return None, "", None  # own host, but outside the portal
            segments, relative = [], path[len(self.prefix):]
        elif scheme:
            return None, "", UNPARSABLE  # e.g. "https:foo"
        elif not path:
            return "", fragment, None  # "", "#x", "?q": this document
        elif path.startswith("/"):
            if not (path + "/").startswith(self.prefix):
                return None, "", f"站内绝对路径不在站点路径 {self.prefix} 之下"
            segments, relative = [], path[len(self.prefix):]
        else:
            segments, relative = [s for s in base_dir.split("/") if s], path
        is_dir = False
        pieces = relative.split("/")
        for i, part in enumerate(pieces):
            last = i == len(pieces) - 1
            if part == "..":
                if not segments:
                    return None, "", ABOVE_ROOT
                segments.pop()
                is_dir = last
            elif part in (".", ""):
                is_dir = last
            else:
                segments.append(part)
                is_dir = False
        target = unquote("/".join(segments))
        if is_dir or not target:
            target = f"{target}/index.html" if target else "index.html"
            return (target, fragment, None) if target in self.files else (None, "", MISSING_FILE)
        if target in self.files:
            return target, fragment, None
        if f"{target}/index.html" in self.files:  # servers redirect a directory to its slash form
            return f"{target}/index.html", fragment, None
        return None, "", MISSING_FILE


def _site_files(site_dir: Path) -> set[str]:
    files = set()
    for root, _dirs, names in os.walk(site_dir):
        rel = os.path.relpath(root, site_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in names)
    return files


def _directory(path: str) -> str:
    """campaigns/x/index.html → campaigns/x/, index.html → ""."""
    return path.rpartition("/")[0] + "/" if "/" in path else ""


def _has_anchor(ids: set[str], fragment: str) -> bool:
    if not fragment or fragment.lower() == "top" or fragment.startswith(":~:"):
        return True  # top of the page; text fragments are not anchors
    return fragment in ids or unquote(fragment) in ids


def run(site_dir: Path, site_url: str | None = None) -> Report:
    """Check the whole site; ``site_url`` defaults to the home page's canonical URL."""
    site_dir = Path(site_dir)
    files = _site_files(site_dir)
    resolver = _Resolver(files, site_url if site_url is not None else detect_site_url(site_dir))
    parsed: dict[str, _Page] = {}
    for path in sorted(p for p in files if p.endswith(".html")):
        page = _Page()
        page.feed((site_dir / path).read_text(encoding="utf-8", errors="replace"))
        page.close()
        parsed[path] = page
    stylesheets: dict[str, list[_Ref]] = {}
    for path in sorted(p for p in files if p.endswith(".css")):
        text = (site_dir / path).read_text(encoding="utf-8", errors="replace")
        # blank out comments but keep every offset, so lines stay countable
        text = _CSS_COMMENT.sub(lambda c: re.sub(r"[^\n]", " ", c.group(0)), text)
        newlines = [m.start() for m in re.finditer("\n", text)]
        refs = [_Ref("css url()", next(g for g in m.groups() if g is not None),
                     bisect.bisect(newlines, m.start()) + 1, css=True) for m in _CSS_URL.finditer(text)]
        stylesheets[path] = refs

    broken: list[Broken] = []
    links = 0
    cache: dict[tuple[str, str], tuple[str | None, str, str | None]] = {}

    def check(doc: str, base_dir: str, ref: _Ref, own_ids: set[str] | None) -> None:
        nonlocal links
        if ref.css and ref.url.strip().startswith("#"):
            return  # CSS url(#id): an SVG filter/behaviour reference, not a link
        key = (base_dir, ref.url)
        if key not in cache:
            cache[key] = resolver.resolve(ref.url, base_dir)
        target, fragment, reason = cache[key]
        if reason is None and target is None:
            return  # external: not counted
        links += 1
        if reason is None and fragment and not ref.css:
            if target == "":
                ids = own_ids
            else:
                ids = parsed[target].ids if target in parsed else None
            if ids is not None and not _has_anchor(ids, fragment):
                reason = MISSING_ANCHOR
        if reason:
            broken.append(Broken(doc, ref.attribute, ref.url, reason, ref.line))

    for path, page in parsed.items():
        base_dir = _directory(path)
        for ref in page.refs:
            check(path, base_dir, ref, page.ids)
    for path, refs in stylesheets.items():
        base_dir = _directory(path)
        for ref in refs:
            check(path, base_dir, ref, None)
    broken.sort(key=lambda b: (b.page, b.line, b.attribute, b.url))
    return Report(broken, len(parsed), len(stylesheets), links)


def check_links(site_dir: Path, site_url: str | None = None) -> list[Broken]:
    """Every broken internal reference of a built site (empty when all resolve)."""
    return run(site_dir, site_url).broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tools.linkcheck",
                                     description="检查已生成网站中的站内链接、资源和锚点。")
    parser.add_argument("site_dir", type=Path, help="已生成的网站目录，例如 site")
    parser.add_argument("--site-url", help="网站地址（默认取首页的 canonical 链接）")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir} 不是已生成的网站目录（缺少 index.html）。", file=sys.stderr)
        return 2
    report = run(args.site_dir, args.site_url)
    for item in report.broken:
        print(item)
    if report.broken:
        print(f"共 {len(report.broken)} 个失效链接（检查了 {report.pages} 个页面、"
              f"{report.stylesheets} 个样式表中的 {report.links} 个站内链接）。", file=sys.stderr)
        return 1
    print(f"已检查 {report.pages} 个页面、{report.stylesheets} 个样式表中的 {report.links} 个站内链接，没有失效链接。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
