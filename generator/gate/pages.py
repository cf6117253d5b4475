"""Policies for the Markdown pages and the redirect pages the generator writes.

A page's HTML is gated where it exists, after mkdocs has rendered it (publish/mkdocs_hooks.py,
the PAGE policy of gate/html.py); here the Markdown must be text with front matter that
parses, so mkdocs can never fail on it with a message that names no source.  A redirect page
is the generator's own fixed template: it may load its one script, nothing else.
"""

from __future__ import annotations

import re

import yaml

from generator.gate.errors import GateError

FRONT_MATTER = re.compile(r"\A---\n(.*?)^---\n", re.S | re.M)
# libyaml when PyYAML has it (the wheels do): one page's front matter per page, ten thousand pages.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def page_policy(path: str, data: bytes) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GateError(f"不是 UTF-8 文本（{error}）。") from None
    match = FRONT_MATTER.match(text)
    try:
        meta = yaml.load(match.group(1), Loader=LOADER) if match else None
    except yaml.YAMLError as error:
        raise GateError(f"的页面信息（front matter）无法解析（{error}）。") from None
    if not isinstance(meta, dict):
        raise GateError("缺少页面信息（front matter）。")
    return data


REDIRECT_SCRIPT = re.compile(r'<script src="(?:\.\./)*assets/javascripts/portal-redirect\.js"></script>')


def redirect_policy(path: str, data: bytes) -> bytes:
    text = data.decode("utf-8")
    if text.count("<script") != 1 or not REDIRECT_SCRIPT.search(text):
        raise GateError("不是生成器的跳转页面模板。")
    return data
