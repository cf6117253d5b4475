"""The HTML gate: one allow-list for editors' HTML, applied when it is checked and when it is published.

Editors' Markdown (bodies, descriptions, introductions …) is rendered to HTML once
(render/fragments.py) and passes the EDITOR policy: `portal check` reports what the policy
would remove (``violations``, file:line), and the published fragment is the policy's own
output (``clean_fragment``), so what an editor is told and what a reader gets cannot differ.
Every page's whole content then passes the PAGE policy in the mkdocs hook: the editor
policy plus the markup our templates write (forms of the search page, SVG charts and QR
codes, our data-* attributes) — a second line, should a template ever print editor text raw.

Names scripts trust are not editor material: no data-* attribute (our map script reads
data-tiles; Pagefind reads data-pagefind-*), no id that Material or our scripts look up
(`__config`, `md-*`, `portal-*`, `pagefind*`), no class of ours or Material's, no forms.
URLs are read as a browser reads them (see the URL functions below).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from selectolax.lexbor import LexborHTMLParser

from generator.gate.urls import LINK_SCHEMES, absolute, link_allowed, parses, scheme_of, site_local, video_frame_allowed

URL_ATTRIBUTES = frozenset({"href", "src", "action", "cite", "poster", "srcset", "xlink:href"})
# Pictures and media come from the site itself (a page must not load anything from another
# host), and forms submit only to the site.
MEDIA_TAGS = frozenset({"img", "video", "audio", "source"})
# Their content is dropped with them: text inside a <script> is not text for readers.
CONTENT_TAGS = frozenset({"script", "style", "noscript", "template"})

EDITOR_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"map", "area"} | {
    "details", "summary", "figure", "figcaption", "time", "mark", "video", "audio", "source", "iframe",
}
PAGE_TAGS = EDITOR_TAGS | {
    "form", "input", "label", "option", "optgroup", "select", "output", "button",  # search page, station filter
    "svg", "g", "line", "path", "rect", "circle", "text", "title", "desc",  # charts, QR codes, icons
}
EDITOR_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang", "type", "rel"},
    "img": {"src", "alt", "loading", "width", "height", "decoding", "srcset", "sizes"},
    "time": {"datetime"}, "details": {"open"}, "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"},
    "ol": {"start", "reversed", "type"},
    "video": {"src", "controls", "poster", "width", "height", "preload"},
    "audio": {"src", "controls", "preload"}, "source": {"src", "type"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading", "referrerpolicy"},
}
# The data-* attributes our templates write and our scripts read (theme/assets/javascripts/).
OUR_DATA_ATTRIBUTES = frozenset({
    "data-portal-map", "data-portal-filter", "data-portal-print", "data-portal-search-page", "data-portal-wechat",
    "data-portal-copy", "data-portal-copy-text", "data-portal-copy-status",
    "data-pagefind-ignore",  # the share kit: the same words on every story are no search result
    "data-lat", "data-lon", "data-name", "data-tiles", "data-geojson", "data-pages",
    "data-kind", "data-services", "data-text", "data-district", "data-nearby",
})
PAGE_ATTRIBUTES = {
    **EDITOR_ATTRIBUTES,
    "*": EDITOR_ATTRIBUTES["*"] | {"hidden"} | OUR_DATA_ATTRIBUTES,
    "a": EDITOR_ATTRIBUTES["a"] | {"download"},
    "form": {"action", "method"},
    "input": {"name", "type", "placeholder", "required", "value", "autocomplete", "inputmode", "min", "max"},
    "select": {"name"}, "option": {"value", "selected"}, "optgroup": {"label"}, "label": {"for"}, "button": {"type"},
    "output": {"for"},
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

# Ids and classes that Material (__config, __search, md-*), Pagefind or our scripts (portal-*)
# look up: an element of an editor's with one of them would be taken for theirs.
RESERVED_NAME = re.compile(r"^(?:_|md[-_]|portal|pagefind|data-)", re.I)
# On a whole page our own ids are fine (portal-…, toc's _1 for Chinese headings), Material's are not.
THEME_ID = re.compile(r"^(?:__|md[-_]|pagefind)", re.I)
SAFE_ID = re.compile(r"^[^\s\"'<>`&]{1,80}$")
ALLOWED_CLASSES = frozenset({"md-button", "md-button--primary"})  # editors may style a link as a button


def srcset_urls(value: str) -> list[str]:
    """The URLs of "a.png 1x, b.png 2x"."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def id_allowed(value: str) -> bool:
    return bool(SAFE_ID.match(value)) and not RESERVED_NAME.match(value)


def class_tokens(value: str) -> str:
    """The classes an editor may set: any of their own, none that a script or the theme owns."""
    return " ".join(token for token in value.split() if token in ALLOWED_CLASSES or not RESERVED_NAME.match(token))


def _absolute_value(tag: str, attribute: str, value: str, video_hosts: frozenset[str], base: str):
    """The URL attribute with every URL resolved against ``base``; None if one may not be published."""
    media = tag in MEDIA_TAGS or attribute == "action"
    if attribute != "srcset":
        found = absolute(value, base, media)
        if tag == "iframe" and attribute == "src" and (found is None or not video_frame_allowed(found, video_hosts)):
            return None
        return found
    parts = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            found = absolute(words[0], base, media)
            if found is None:
                return None
            parts.append(" ".join([found, *words[1:]]))
    return ", ".join(parts)


def _url_problem(tag: str, attribute: str, value: str, video_hosts: frozenset[str]) -> bool:
    urls = srcset_urls(value) if attribute == "srcset" else [value]
    allowed = site_local if tag in MEDIA_TAGS or attribute == "action" else link_allowed
    if not all(allowed(url) for url in urls):
        return True
    return tag == "iframe" and attribute == "src" and not video_frame_allowed(value, video_hosts)


@dataclass(frozen=True, eq=False)  # compared by identity: there are two, and caches key on them
class Policy:
    name: str
    tags: frozenset[str]
    attributes: dict[str, set[str]]
    editor: bool  # editors' fragments: reserved ids and classes are not theirs to use

    def allows_attribute(self, tag: str, attribute: str) -> bool:
        return attribute in self.attributes.get("*", ()) or attribute in self.attributes.get(tag, ()) \
            or attribute.startswith("aria-")

    def filter_value(self, tag: str, attribute: str, value: str, video_hosts: frozenset[str], base: str = ""):
        """The value to publish, or None to drop the attribute; with ``base``, URLs come out absolute."""
        if attribute in URL_ATTRIBUTES and base:
            return _absolute_value(tag, attribute, value, video_hosts, base)
        if attribute in URL_ATTRIBUTES and _url_problem(tag, attribute, value, video_hosts):
            return None
        if attribute == "id" and not (id_allowed(value) if self.editor
                                      else SAFE_ID.match(value) and not THEME_ID.match(value)):
            return None
        if attribute == "class" and self.editor:
            return class_tokens(value) or None
        if attribute == "href" and self.editor and value.startswith("#") and not id_allowed(value[1:] or "x"):
            return None  # a link to Material's toggles (#__search, #__drawer) or to our ids
        return value


EDITOR = Policy("editor", EDITOR_TAGS, EDITOR_ATTRIBUTES, editor=True)
PAGE = Policy("page", PAGE_TAGS, PAGE_ATTRIBUTES, editor=False)


@lru_cache(maxsize=64)
def _cleaner(policy: Policy, video_hosts: frozenset[str], base: str = "") -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(policy.tags),
        clean_content_tags=set(CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        generic_attribute_prefixes={"aria-"},
        attribute_filter=lambda tag, attribute, value: policy.filter_value(tag, attribute, value, video_hosts, base),
        url_schemes={scheme.rstrip(":") for scheme in LINK_SCHEMES},  # nh3's own check, after ours
        link_rel=None,  # our own links stay as written; external ones get rel in templates
        set_tag_attribute_values={"iframe": {"sandbox": IFRAME_SANDBOX}},
        strip_comments=True,
    )


def clean_fragment(html: str, video_hosts: frozenset[str] = frozenset(), base: str = "") -> str:
    """An editor's rendered Markdown as it may be published.  With ``base``, the absolute URL of the
    page the fragment belongs to, every URL comes out absolute (feeds: RSS has no xml:base, and
    readers resolve relative URLs against the item's link or not at all), pictures and media on
    base's origin; an absolute URL there is the site's own."""
    return _cleaner(EDITOR, frozenset(video_hosts), base).clean(html)


def clean_html(html: str, video_hosts: frozenset[str] = frozenset()) -> str:
    """A whole page's content (templates and fragments) as it may be published."""
    return _cleaner(PAGE, frozenset(video_hosts)).clean(html)


# --- what the editor policy would remove, for `portal check` ---------------------------------------------

DANGEROUS_TAGS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                            "link", "meta", "form", "input", "button", "textarea", "select", "svg", "math",
                            "template", "noscript", "portal"})


RESERVED_MESSAGE = "：以“_”“md-”“portal”“pagefind”开头的名称由网站程序使用，会干扰页面脚本。请换一个名称，或删除它。"


@dataclass(frozen=True)
class Violation:
    needle: str  # text to look for in the editor's source, to find the line
    message: str


def violations(html: str, video_hosts: frozenset[str] = frozenset()) -> list[Violation]:
    """Everything ``clean_fragment`` would drop from ``html``, as Chinese messages.

    The HTML is parsed as a browser parses it (lexbor), and each element is judged by the same
    EDITOR policy the sanitiser applies: a tag it does not allow, an attribute it does not allow,
    an unsafe URL, a foreign iframe, a reserved id or a data-* attribute.
    """
    found: list[Violation] = []
    tree = LexborHTMLParser(f"<body>{html}</body>")
    refused: list = []  # elements dropped whole: what is inside them is not reported again
    for node in tree.body.traverse(include_text=False) if tree.body else []:
        tag = node.tag
        if tag in ("body", "-text", "_text", "-comment", "_comment") or _inside(node, refused):
            continue
        if tag not in EDITOR.tags:
            found.append(_tag_violation(tag, node.attributes, video_hosts))
            if tag in DANGEROUS_TAGS:
                refused.append(node)
            continue
        for attribute, value in node.attributes.items():
            value = value or ""
            name = attribute.lower()
            if not EDITOR.allows_attribute(tag, name):
                found.append(_attribute_violation(tag, name))
            elif name in URL_ATTRIBUTES and _url_problem(tag, name, value, video_hosts):
                found.append(_url_violation(tag, name, value, video_hosts))
            elif name == "id" and not id_allowed(value):
                found.append(Violation(value, f"不能使用 id“{value[:40]}”{RESERVED_MESSAGE}"))
            elif name == "href" and value.startswith("#") and not id_allowed(value[1:] or "x") \
                    and "headerlink" not in (node.attributes.get("class") or ""):  # its heading's id is reported
                found.append(Violation(value, f"链接不能指向“{value[:40]}”{RESERVED_MESSAGE}"))
    return found


def _inside(node, ancestors: list) -> bool:
    parent = node.parent
    while parent is not None and ancestors:
        if any(parent.mem_id == ancestor.mem_id for ancestor in ancestors):
            return True
        parent = parent.parent
    return False


def _tag_violation(tag: str, attributes: dict, video_hosts: frozenset[str]) -> Violation:
    needle = f"<{tag}"
    if tag == "iframe":
        hosts = "、".join(sorted(video_hosts)) or "（未设置）"
        return Violation(needle, f"不允许的 <iframe>：只能嵌入 campaigns.yaml 中 site.video_hosts 列出的视频网站"
                                 f"（目前：{hosts}）的 https 地址。请删除它，或请管理员把该视频网站加入 video_hosts。")
    if tag in DANGEROUS_TAGS:
        return Violation(needle, f"不允许使用 <{tag}> 标签：编辑内容里不能放脚本、样式、表单或嵌入对象。"
                                 "请删除它；正文格式请用 Markdown。")
    return Violation(needle, f"不支持 HTML 标签 <{tag}>（发布时会被去掉，只保留其中的文字）：请改用 Markdown 格式，或删除它。")


def _attribute_violation(tag: str, attribute: str) -> Violation:
    if attribute.startswith("on"):
        return Violation(attribute, f"不允许使用事件属性 {attribute}=：它会在读者的浏览器里运行脚本，请删除。")
    if attribute.startswith("data-"):
        return Violation(attribute, f"不允许使用 {attribute}= 属性：data- 开头的属性由网站程序的脚本使用，"
                                    "编辑内容里不能设置。请删除它。")
    if attribute == "style":
        return Violation(attribute, "不允许使用 style= 属性：样式由网站统一设置（深色模式、大字模式需要一致的样式）。请删除它。")
    return Violation(attribute, f"<{tag}> 不支持 {attribute}= 属性（发布时会被去掉）：请删除它。")


def _shown(url: str) -> str:
    """A URL as a message can show it: invisible characters spelled out, at most 40 characters."""
    return "".join(f"\\u{ord(ch):04x}" if ch < " " or ch == "\x7f" else ch for ch in url[:40])


def _url_violation(tag: str, attribute: str, value: str, video_hosts: frozenset[str]) -> Violation:
    if tag == "iframe":
        return _tag_violation("iframe", {}, video_hosts)
    urls = srcset_urls(value) if attribute == "srcset" else [value]
    if tag in MEDIA_TAGS and all(link_allowed(url) for url in urls):
        return Violation(value, f"图片和音视频不能引用其他网站的地址（{_shown(value)}）：读者打开页面时"
                                "会连到那个网站。请把文件放到 content/images/ 下，写相对路径。")
    bad = next((url for url in urls if not link_allowed(url)), value)
    if not parses(bad):
        return Violation(value, f"链接地址“{_shown(bad)}”不是有效的网址，浏览器无法打开：请检查拼写，"
                                "或写成站内路径、https:// 开头的完整地址。")
    return Violation(value, f"不允许的链接地址“{scheme_of(bad)}”：链接只能是站内路径或 https://、http://、"
                            "mailto:、tel: 开头的地址；图片请放到 content/images/ 下再引用。")
