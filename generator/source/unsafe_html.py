"""Check editors' text for HTML that could run a script or frame another site.

Runs at `portal check` over every string of every YAML file and every Markdown body,
so the editor learns file:line and what to change.  The output sanitiser
(sanitize.py) removes the same things anyway; this check is what keeps an editor
from publishing a page that silently lost part of its content.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterator

from generator.gate.html import MEDIA_TAGS, srcset_urls
from generator.gate.urls import link_allowed, parses, scheme_of, site_local, video_frame_allowed

FORBIDDEN_TAGS = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
                  "meta", "form", "input", "button", "textarea", "select", "svg", "math", "template", "noscript")
TAG = re.compile(r"<\s*(" + "|".join(FORBIDDEN_TAGS) + r")\b([^>]*)>?", re.I)
EVENT = re.compile(r"<[a-z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
# A URL in a Markdown link or image, a reference definition, an autolink, or an HTML attribute.
MD_URL = re.compile(r"""(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|<(?=[a-z][\w+.-]*:))([^\s<>)]+)""", re.I | re.M)
ATTR_URL = re.compile(r"""\b(href|src|action|formaction|poster|cite|srcset|xlink:href)\s*=\s*"""
                      r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s<>)]+)")
HTML_MEDIA = re.compile(r"<\s*(?:" + "|".join(MEDIA_TAGS) + r")\b[^>]*>?", re.I)
IFRAME_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^\s"'>]+)""", re.I)


@dataclass(frozen=True)
class Finding:
    offset: int  # in the text, for the line number
    message: str


def findings(text: str, video_hosts: frozenset[str]) -> Iterator[Finding]:
    # Entities first: &#106;avascript: is javascript: to a browser.
    for source in dict.fromkeys((text, html.unescape(text))):
        for match in TAG.finditer(source):
            tag = match.group(1).lower()
            if tag == "iframe":
                src = IFRAME_SRC.search(match.group(2) or "")
                if src and video_frame_allowed(html.unescape(src.group(1)), video_hosts):
                    continue
                hosts = "、".join(sorted(video_hosts)) or "（未设置）"
                yield Finding(match.start(), f"不允许的 <iframe>：只能嵌入 campaigns.yaml 中 site.video_hosts 列出的视频网站"
                                             f"（目前：{hosts}）的 https 地址。请删除它，或请管理员把该视频网站加入 video_hosts。")
                continue
            yield Finding(match.start(), f"不允许使用 <{tag}> 标签：编辑内容里不能放脚本、样式、表单或嵌入对象。"
                                         "请删除它；正文格式请用 Markdown。")
        for match in EVENT.finditer(source):
            yield Finding(match.start(1), f"不允许使用事件属性 {match.group(1)}=：它会在读者的浏览器里运行脚本，请删除。")
        # Pictures and media load when the page opens: only from the site itself.
        media = [(match.start(), match.group(1)) for match in MD_IMAGE.finditer(source)]
        for tag in HTML_MEDIA.finditer(source):
            for attribute in ATTR_URL.finditer(tag.group(0)):
                if attribute.group(1).lower() in ("src", "poster", "srcset"):
                    value = next(group for group in attribute.groups()[1:] if group is not None)
                    media += [(tag.start(), url) for url in _urls(attribute.group(1), value)]
        for offset, url in media:
            if link_allowed(url) and not site_local(url):
                yield Finding(offset, f"图片和音视频不能引用其他网站的地址（{url[:40]}）：读者打开页面时"
                                      "会连到那个网站。请把文件放到 content/images/ 下，写相对路径。")
        for match in MD_URL.finditer(source):
            yield from _link_findings(match.start(), [match.group(1)])
        for match in ATTR_URL.finditer(source):
            value = next(group for group in match.groups()[1:] if group is not None)
            yield from _link_findings(match.start(), _urls(match.group(1), value))


def _urls(attribute: str, value: str) -> list[str]:
    return srcset_urls(value) if attribute.lower() == "srcset" else [value]


def _link_findings(offset: int, urls: list[str]) -> Iterator[Finding]:
    bad = next((url for url in urls if not link_allowed(url)), None)
    if bad is None:
        return
    if not parses(bad):
        yield Finding(offset, f"链接地址“{bad[:40]}”不是有效的网址，浏览器无法打开：请检查拼写，"
                              "或写成站内路径、https:// 开头的完整地址。")
    else:
        yield Finding(offset, f"不允许的链接地址“{scheme_of(bad)}”：链接只能是站内路径或 https://、http://、"
                              "mailto:、tel: 开头的地址；图片请放到 content/images/ 下再引用。")


def first_per_line(text: str, video_hosts: frozenset[str]) -> list[tuple[int, str]]:
    """(offset in text, message): one per line and kind, in order.  Offsets found in the
    entity-decoded copy are clamped to the text (line numbers may then be approximate)."""
    seen = set()
    result = []
    for finding in findings(text, video_hosts):
        offset = min(finding.offset, len(text))
        line = text.count("\n", 0, offset)
        if (line, finding.message) not in seen:
            seen.add((line, finding.message))
            result.append((offset, finding.message))
    return sorted(result)
