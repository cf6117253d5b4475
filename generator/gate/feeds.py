"""Feed policy: Atom and RSS parse back as XML (no DTD, no entities), and every piece of HTML
a feed reader will render is exactly what the HTML gate lets out — a feed is a second way
onto readers' screens, so it passes the same allow-list as the pages."""

from __future__ import annotations

import json

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from generator.gate.errors import GateError
from generator.gate.html import clean_fragment

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


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


def _gated(html: str) -> bool:
    return clean_fragment(html) == html


def feed_policy(path: str, data: bytes) -> bytes:
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise GateError(f"不是有效的 XML（{error}）。") from None
    if not all(_gated(html) for html in _html_payloads(root)):
        raise GateError("中的 HTML 没有经过网页的安全过滤（HTML gate），不能发布。")
    return data


def json_feed_policy(path: str, data: bytes) -> bytes:
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GateError(f"不是有效的 JSON（{error}）。") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not all(_gated(item.get("content_html", "")) for item in items):
        raise GateError("中的 HTML 没有经过网页的安全过滤（HTML gate），不能发布。")
    return data
