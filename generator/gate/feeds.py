"""Feed policy: Atom and RSS parse back as XML (no DTD, no entities), and every piece of HTML
a feed reader will render is exactly what the HTML gate lets out, every URL in it absolute on
the feed's own site (readers resolve relative ones against whatever they like) — a feed is a second way
onto readers' screens, so it passes the same allow-list as the pages.  Atom text constructs
say what they are (RFC 4287: text, html, xhtml or a media type; never "CDATA"), the feed names
itself once (rel=self, its own file), and every link, enclosure and id is an http(s) URL of
the feed's own site: a reader follows them without asking."""

from __future__ import annotations

import json

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from generator.gate import urls
from generator.gate.errors import GateError
from generator.gate.html import clean_fragment

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MEDIA = "{http://search.yahoo.com/mrss/}"
TEXT_TYPES = ("text", "html", "xhtml")
TEXT_CONSTRUCTS = tuple(f"{ATOM}{name}" for name in ("title", "subtitle", "summary", "content", "rights"))


def _html_payloads(root) -> list[str]:
    """Texts that readers render as HTML: Atom content/summary of type html, RSS descriptions."""
    found = []
    for element in root.iter():
        if element.tag in (f"{ATOM}content", f"{ATOM}summary", f"{ATOM}title"):
            if element.get("type") in ("html", "xhtml"):
                found.append(element.text or "")
        elif element.tag in ("description", CONTENT):  # RSS: channel and item descriptions are HTML
            found.append(element.text or "")
    return found


def _gated(html: str, own: str) -> bool:
    """Unchanged by the HTML gate, with every URL already absolute on the feed's site (``own``)."""
    return clean_fragment(html, base=own) == html


def feed_policy(path: str, data: bytes) -> bytes:
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise GateError(f"不是有效的 XML（{error}）。") from None
    selves = _self_links(root)
    own = selves[0] if selves else "https://portal.invalid/"
    if not all(_gated(html, own) for html in _html_payloads(root)):
        raise GateError("中的 HTML 没有经过网页的安全过滤（HTML gate），不能发布。")
    problem = _text_type_problem(root) or _self_problem(root, path) or _url_problem(root)
    if problem:
        raise GateError(problem)
    return data


def _tagged(root, *tags: str) -> list:
    return [element for element in root.iter() if element.tag in tags]


def _text_type_problem(root) -> str:
    for element in _tagged(root, *TEXT_CONSTRUCTS):
        kind = element.get("type", "text")
        if kind not in TEXT_TYPES and "/" not in kind:  # RFC 4287 3.1.1, 4.1.3.1
            return f"的 <{element.tag.removeprefix(ATOM)} type=\"{kind}\"> 不是 Atom 允许的类型（text、html、xhtml 或 MIME 类型）。"
    return ""


def _self_links(root) -> list[str]:
    return [link.get("href", "") for link in root.iter(f"{ATOM}link") if link.get("rel") == "self"]


def _self_problem(root, path: str) -> str:
    found = _self_links(root)
    if len(found) != 1 or not urls.path(found[0]).endswith("/" + path):
        return f"应当有且只有一个 rel=\"self\" 链接，指向订阅源自己（{path}），实际是 {found or '没有'}。"
    return ""


def _urls(root) -> list[str]:
    """Every URL a reader may follow or fetch outside the HTML payloads (which the HTML gate saw)."""
    found = [link.get("href", "") for link in root.iter(f"{ATOM}link")]
    found += [element.get("uri", "") or (element.text or "") for element in root.iter(f"{ATOM}uri")]
    found += [element.get("url", "") for element in _tagged(root, "enclosure", f"{MEDIA}content", f"{MEDIA}thumbnail")]
    found += [(element.text or "").strip() for element in _tagged(root, "link", "guid", f"{ATOM}id", "comments")
              if not (element.tag == "guid" and element.get("isPermaLink") == "false")]
    return found


def _url_problem(root) -> str:
    own = urls.origin(_self_links(root)[0])
    for value in _urls(root):
        if urls.scheme_of(value) not in ("http:", "https:") or urls.origin(value) != own:
            return f"中的网址 {value!r} 不是本站（{own}）的 http(s) 网址，不能发布。"
    return ""


def json_feed_policy(path: str, data: bytes) -> bytes:
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GateError(f"不是有效的 JSON（{error}）。") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    own = str(feed.get("feed_url", ""))
    if not isinstance(items, list) or not all(isinstance(item, dict) and _gated(item.get("content_html", ""), own)
                                              for item in items):
        raise GateError("中的 HTML 没有经过网页的安全过滤（HTML gate），不能发布。")
    if not urls.path(own).endswith("/" + path):
        raise GateError(f"的 feed_url 应当指向订阅源自己（{path}），实际是 {own!r}。")
    found = [feed.get("home_page_url", "")] + [item.get(key, "") for item in items for key in ("url", "image")
                                               if key in item]
    for value in found:
        if not isinstance(value, str) or urls.scheme_of(value) not in ("http:", "https:") \
                or urls.origin(value) != urls.origin(own):
            raise GateError(f"中的网址 {value!r} 不是本站（{urls.origin(own)}）的 http(s) 网址，不能发布。")
    return data
