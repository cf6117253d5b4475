"""The allow-list every page's HTML passes through before it is published.

Editors' Markdown and YAML may carry raw HTML; `portal check` rejects what is unsafe
(see unsafe_html.py), and this cleaner is the second line: it runs on the rendered
content of every page (mkdocs hook), so whatever slips past the check — or arrives
through a template — still cannot run a script in a citizen's browser.  The allow-list
is exactly the markup our templates produce (test_sanitize.py checks the demo loses
nothing) plus plain formatting; <iframe> only for the video hosts listed in
campaigns.yaml (site.video_hosts).
"""

from __future__ import annotations

from functools import lru_cache

import nh3

from generator.gate.urls import LINK_SCHEMES, link_allowed, site_local, video_frame_allowed

URL_ATTRIBUTES = frozenset({"href", "src", "action", "cite", "poster", "srcset", "xlink:href"})
# Pictures and media come from the site itself (a page must not load anything from another
# host), and forms submit only to the site.
MEDIA_TAGS = frozenset({"img", "video", "audio", "source"})

TAGS = frozenset(nh3.ALLOWED_TAGS) | {
    "button", "details", "summary", "figure", "figcaption", "form", "input", "label", "option", "select",
    "output", "time", "mark", "video", "audio", "source", "iframe",
    "svg", "g", "line", "path", "rect", "circle", "text", "title", "desc",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden"},
    "a": {"href", "download", "hreflang", "type", "rel"},
    "img": {"src", "alt", "loading", "width", "height", "decoding", "srcset", "sizes"},
    "form": {"action", "method"},
    "input": {"name", "type", "placeholder", "required", "value", "autocomplete", "inputmode", "min", "max"},
    "select": {"name"}, "option": {"value", "selected"}, "label": {"for"}, "button": {"type"},
    "output": {"for"}, "time": {"datetime"}, "details": {"open"},
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "ol": {"start", "reversed"},
    "video": {"src", "controls", "poster", "width", "height", "preload"},
    "audio": {"src", "controls", "preload"}, "source": {"src", "type"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading", "referrerpolicy"},
    "svg": {"viewBox", "viewbox", "xmlns", "width", "height", "focusable", "preserveAspectRatio"},
    "g": {"transform", "fill", "stroke"},
    "line": {"x1", "x2", "y1", "y2", "stroke", "stroke-width", "stroke-dasharray"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill", "stroke"},
    "circle": {"cx", "cy", "r", "fill", "stroke"},
    "text": {"x", "y", "fill", "font-size", "text-anchor", "dominant-baseline"},
}
# Embedded players run in a sandbox: scripts for the player itself, no top navigation.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"


def srcset_urls(value: str) -> list[str]:
    """The URLs of "a.png 1x, b.png 2x"."""
    return [part.split()[0] for part in value.split(",") if part.split()]


@lru_cache(maxsize=8)
def _cleaner(video_hosts: frozenset[str]) -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str):
        if attribute in URL_ATTRIBUTES:
            urls = srcset_urls(value) if attribute == "srcset" else [value]
            allowed = site_local if tag in MEDIA_TAGS or attribute == "action" else link_allowed
            if not all(allowed(url) for url in urls):
                return None
        if tag == "iframe" and attribute == "src" and not video_frame_allowed(value, video_hosts):
            return None  # an iframe without src shows nothing
        return value

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style", "noscript", "template"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"data-", "aria-"},
        attribute_filter=keep,
        url_schemes={scheme.rstrip(":") for scheme in LINK_SCHEMES},  # nh3's own check, after ours
        link_rel=None,  # our own links stay as written; external ones get rel in templates
        set_tag_attribute_values={"iframe": {"sandbox": IFRAME_SANDBOX}},
        strip_comments=True,
    )


def clean_html(html: str, video_hosts: frozenset[str] = frozenset()) -> str:
    return _cleaner(frozenset(video_hosts)).clean(html)
