"""URLs read the way a browser reads them: every URL decision of the generator asks this module.

Python's urllib splits URLs by RFC 3986; browsers follow the WHATWG URL standard, which
drops tabs and newlines anywhere, strips leading spaces and control characters, reads "\\"
as "/" in http(s) URLs, lowercases schemes and resolves "https:host" against an https page
as a path.  A check made with urllib therefore passes URLs that a browser sends elsewhere:
``/\\evil.example/x.png`` is a path to urllib and another host to Chromium, and
``https://evil.example\\@player.bilibili.com/`` names the video host to urllib and loads
evil.example.  So nothing here looks at the text of a URL: each question is answered from
the URL as ada (the WHATWG parser Node.js uses) parses it, relative to a page of the site.

Callers pass values as the browser will see them (HTML entities already decoded: nh3 hands
attribute values over decoded, the editors' check decodes the text first).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ada_url import URL

# Schemes a link may use; javascript:, vbscript:, data:, file: and the rest are refused.
LINK_SCHEMES = frozenset({"http:", "https:", "mailto:", "tel:", "webcal:"})

# A page of the site, to resolve relative URLs against.  Its host is reserved (RFC 2606) and
# is not the site's, so only a URL that names no host of its own resolves onto it; the site
# may be read over https or plain http, and "https:x" means different things on each, so a
# URL has to stay on the site under both.
_PAGES = (URL("https://portal.invalid/page/of/site/"), URL("http://portal.invalid/page/of/site/"))

# Leaflet's placeholders in a tile URL template ({s} subdomain, {z} {x} {y} {-y} tile, {r} retina):
# replaced by letters while parsing, which survive unchanged in host, path and query alike.
_PLACEHOLDER = re.compile(r"\{(-?)([a-z])\}")
_SAMPLE = re.compile(r"xportal(m?)([a-z])x")
# Settings hosts end up in attributes, scripts and the policy: DNS names (or IPv4) only.
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
# The site's path is printed into Material's inline script and into attributes: plain characters only.
_SITE_PATH = re.compile(r"/(?:[A-Za-z0-9._~%-]+/)*")


def parse(value: str, base: URL | str = _PAGES[0]) -> Optional[URL]:
    """``value`` as a browser on a page at ``base`` reads it; None if a browser could not use it."""
    try:
        return URL(value, base.href if isinstance(base, URL) else base)
    except ValueError:
        return None


def _readings(value: str) -> Optional[list[URL]]:
    """The URL as read from an https page and from an http page of the site (None: unparsable)."""
    urls = [parse(value, page) for page in _PAGES]
    return None if None in urls else urls


def parses(value: str) -> bool:
    return _readings(value) is not None


def link_allowed(value: str) -> bool:
    """A link or resource URL whose scheme is safe to follow (relative URLs are the page's own)."""
    urls = _readings(value)
    return urls is not None and all(url.protocol in LINK_SCHEMES for url in urls)


def scheme_of(value: str) -> str:
    """The scheme a browser reads, e.g. "javascript:" for "JaVa\\tscript:…" ("" if unparsable)."""
    url = parse(value)
    return url.protocol if url is not None else ""


def site_local(value: str) -> bool:
    """Same origin as the page it is on, however the page is served: pictures, media, forms."""
    urls = _readings(value)
    return urls is not None and all(url.origin == page.origin for url, page in zip(urls, _PAGES))


def video_frame_allowed(src: str, hosts: Iterable[str]) -> bool:
    """An <iframe src>: an https URL on the default port whose host is exactly one of ``hosts``."""
    urls = _readings(src)
    return urls is not None and all(
        url.protocol == "https:" and not url.username and not url.password and not url.port
        and url.hostname in hosts for url in urls)


def absolute(value: str, base: str, media: bool) -> Optional[str]:
    """``value`` resolved against ``base`` (an absolute URL of the site) as a browser on that page
    reads it, for a reader that resolves nothing itself (a feed reader): None if it may not be
    published there — a picture or form on another origin, a link of an unsafe scheme."""
    url = parse(value, base)
    if url is None or url.protocol not in LINK_SCHEMES:
        return None
    if media and url.origin != parse(base, "about:blank").origin:
        return None
    return url.href


def origin(value: str) -> str:
    """"https://host[:port]" of an absolute URL (validated before; "" if it is not one)."""
    url = parse(value, "about:blank") if value else None
    return url.origin if url is not None and url.origin != "null" else ""


def host(value: str) -> str:
    url = parse(value, "about:blank") if value else None
    return url.hostname if url is not None else ""


def path(value: str) -> str:
    url = parse(value, "about:blank") if value else None
    return url.pathname if url is not None else "/"


# --- settings: URLs an administrator writes in campaigns.yaml ------------------------------------------


def https_url(value: str, *, query: bool = False, fragment: bool = False, template: bool = False,
              directory: bool = False) -> str:
    """The URL, if it is a complete https URL written the way browsers normalise it.

    No user name or password; a query and a fragment only where ``query`` and ``fragment`` allow them.  ``template``
    allows Leaflet's {s} {z} {x} {y} {r} placeholders; ``directory`` adds a missing final "/".
    A URL that a browser would read differently from how it is written (a backslash, an
    upper-case host, ":443", "./") is refused with the browser's reading spelled out, so what
    the administrator reads is what loads.  Raises ValueError with a message for editors.
    """
    if any(ch <= " " or ch == "\x7f" for ch in value):
        raise ValueError(f"网址“{value}”中有空格、换行或控制字符：请删除。")
    probe = _sample(value) if template else value
    url = parse(probe, "about:blank")
    if url is None or url.protocol == "about:":
        raise ValueError(f"“{value}”不是完整的网址：应写成 https://主机名/… 的形式，如 https://example.org/。")
    if url.protocol != "https:":
        raise ValueError(f"网址“{value}”应以 https:// 开头（现在是 {url.protocol}）："
                         "http 内容在 https 网站上会被浏览器拦截，其他写法不是网页地址。")
    if url.username or url.password:
        raise ValueError(f"网址“{value}”中不能有用户名或密码（“@”之前的部分）：请删除。")
    # In the serialised URL "?" and "#" only ever start the query and the fragment.
    if ("#" in url.href and not fragment) or ("?" in url.href.partition("#")[0] and not query):
        raise ValueError(f"网址“{value}”不能带“?”或“#”及其后的部分：请删除。")
    # Printed into attributes, scripts and the Content-Security-Policy: a DNS name or IPv4 only
    # (WHATWG hosts may hold quotes and semicolons).
    if not _HOST.fullmatch(url.hostname):
        raise ValueError(f"网址“{value}”的主机名“{url.hostname}”不是域名：只能由英文字母、数字、连字符和点组成。")
    normal = _unsample(url.href) if template else url.href
    if normal != value and not (directory and normal == value + "/"):
        raise ValueError(f"网址“{value}”的写法不规范，浏览器会把它读成 {normal} ：请确认后照此填写。")
    if directory and not url.pathname.endswith("/"):
        url.pathname += "/"
        normal = url.href
    return normal


def _sample(template: str) -> str:
    return _PLACEHOLDER.sub(lambda m: f"xportal{'m' if m.group(1) else ''}{m.group(2)}x", template)


def _unsample(text: str) -> str:
    return _SAMPLE.sub(lambda m: "{" + ("-" if m.group(1) else "") + m.group(2) + "}", text)


def site_url(value: str) -> str:
    """campaigns.yaml site.url: the public base URL, printed by the theme into <head> attributes
    and Material's inline script; returned with its final "/".  Raises ValueError."""
    url = parse(value, "about:blank")
    if url is not None and url.protocol == "https:":
        path = url.pathname if url.pathname.endswith("/") else url.pathname + "/"
        if not _SITE_PATH.fullmatch(path):
            raise ValueError(f"网址“{value}”的路径部分只能使用英文字母、数字和 - _ . ~ %：如 https://example.org/ "
                             "或 https://example.org/portal/。")
    return https_url(value, directory=True)


def tile_url(value: str) -> str:
    """A custom map tile URL template (https, a query allowed for keys).  Raises ValueError."""
    return https_url(value, query=True, template=True)


def tile_origins(template: str, subdomains: str = "abc") -> list[str]:
    """Origins a tile URL template loads from: one per subdomain when its host has {s}."""
    url = parse(_sample(template), "about:blank")
    if url is None or url.origin == "null":
        return []
    if "xportalsx" not in url.hostname:
        return [url.origin]
    return list(dict.fromkeys(url.origin.replace("xportalsx", letter) for letter in subdomains))


def signup_problem(value: str, hosts: Iterable[str]) -> Optional[str]:
    """Why a record's sign-up link may not be printed (None if it may): its host must be exactly one
    the administrator allowed (a registration platform's or one in site.signup_hosts), so a committed
    file cannot send readers who want to volunteer to a look-alike form that collects their ID."""
    allowed = sorted(set(hosts))
    url = parse(value, "about:blank")
    if url is not None and url.protocol == "https:" and url.hostname in allowed:
        return None
    shown = "、".join(allowed) or "（未设置）"
    return (f"报名网址“{value}”的网站 {url.hostname if url else value} 不在允许的报名网站中（目前：{shown}）："
            "只能链接到 campaigns.yaml 中 site.registration 的平台或 site.signup_hosts 列出的网站。"
            "请改用这些平台上的报名页，或请管理员把该网站加入 signup_hosts。")


def poster_target_problem(target: str, site: str) -> Optional[str]:
    """Why a poster's QR code target is not a page of this site (None if it is one).

    Printed posters stay on walls for years: the code may only lead into the site, decided on
    the parsed origin and path (a string prefix test passes "https://site.example/portal/%2e%2e/x/",
    which the browser reads as /x/)."""
    site_parsed = parse(site, "about:blank")
    if site_parsed is None:
        return None  # site.url itself is reported
    base = site_parsed.href
    url = parse(target, "about:blank")
    if (url is None or url.origin != site_parsed.origin or url.username or url.password
            or not (url.pathname + "/").startswith(site_parsed.pathname)):
        return (f"海报二维码只能指向本站（以 {base} 开头的网址），“{target}”不在本站。"
                "如需介绍其他平台，请写在正文中。")
    if url.href not in (target, target + "/"):
        return f"海报二维码网址“{target}”的写法不规范，扫码的手机会把它读成 {url.href} ：请确认后照此填写。"
    return None
