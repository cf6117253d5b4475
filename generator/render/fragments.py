"""Editors' Markdown → HTML that passed the gate, rendered once and checked where it was written.

Every Markdown field of every record (the schema marks them with ``MARKDOWN``) and every
story body is rendered here with the Markdown extensions the pages use, then through the
editor policy of gate/html.py.  `portal check` and `portal build` both run this step, so an
unsafe tag is reported at its file:line by either (unless ``raw_html: strip`` says to drop
it silently), and templates print the gate's output — never the editor's raw Markdown, which
mkdocs would render without asking the gate.
"""

from __future__ import annotations

import html as htmlib
import re
import typing
from typing import Annotated, Iterator, Optional

import markdown
from pydantic import BaseModel

from generator.errors import Issue
from generator.gate.html import clean_fragment, violations
from generator.source.load import STORY_FOLDERS, Record, Sources
from generator.source.schema import MARKDOWN
from generator.source.text_checks import line_finder, too_deep

# The page-level extensions of mkdocs.yml that make sense in an editor's text (no emoji icons:
# they are inline SVG, which editors may not write).  test_fragments.py keeps the two in step.
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]


def heading_id(value: str, separator: str) -> str:
    """Ids for editors' headings: readable, and never one Material or our scripts look up."""
    words = re.sub(r"[^\w\s-]", "", value, flags=re.U).strip().lower()
    return "c-" + (re.sub(r"[-\s]+", separator, words) or "h")


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={
        "toc": {"slugify": heading_id, "permalink": True, "permalink_title": "本段链接"}})


def _is_markdown(annotation) -> bool:
    if typing.get_origin(annotation) is Annotated:
        return MARKDOWN in typing.get_args(annotation)[1:]
    return any(_is_markdown(arg) for arg in typing.get_args(annotation))


def markdown_fields(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(loc, text) of every non-empty Markdown field, nested models and lists included."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, str):
            if value and (MARKDOWN in info.metadata or _is_markdown(info.annotation)):
                yield loc + (name,), value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, loc + (name,))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from markdown_fields(item, loc + (name, index))


class Fragments:
    """Rendered, gated HTML for every Markdown text of a project, by text."""

    def __init__(self, video_hosts: frozenset[str], reject: bool):
        self.video_hosts = frozenset(video_hosts)
        self.reject = reject  # False: `raw_html: strip` — unsafe parts are dropped silently
        self.issues: list[Issue] = []
        self._html: dict[str, str] = {}
        self._md = _markdown()

    def check(self, text: str, display: str, field: str, line_at, written: Optional[str] = None) -> None:
        """Render ``text``; with ``reject``, every part the gate would drop is an issue at its line
        in ``written`` (the text as it stands in the file)."""
        raw = self._render(text, display, field, line_at)
        if raw is None or not self.reject:
            return
        seen = set()
        for violation in violations(raw, self.video_hosts):
            line = line_at(_offset(written if written is not None else text, violation.needle))
            if (line, violation.message) not in seen:
                seen.add((line, violation.message))
                self.issues.append(Issue(display, line, field, violation.message))

    def _render(self, text: str, display: str = "", field: str = "", line_at=None) -> Optional[str]:
        if too_deep(text) is not None:  # reported where sources are checked (source/text_checks.py)
            self._html[text] = ""
            return None
        try:
            raw = self._md.reset().convert(text)
        except RecursionError:  # nesting is limited when sources are checked; this is the last line
            if line_at is not None:
                self.issues.append(Issue(display, line_at(0), field, "嵌套层次过深（列表或引用套了太多层），无法生成页面：请减少嵌套。"))
            self._html[text] = ""
            return None
        self._html[text] = clean_fragment(raw, self.video_hosts)
        return raw

    def html(self, text: str) -> str:
        """The gate's HTML for ``text`` (rendered now if no record holds it, e.g. a template's own)."""
        if text not in self._html:
            self._render(text)
        return self._html[text]

    def block(self, text: Optional[str]) -> str:
        """For a template: the HTML as a raw block, which mkdocs' Markdown passes through unchanged."""
        if not text:
            return ""
        return f'\n<div class="portal-prose">\n{self.html(text)}\n</div>\n'


def _offset(text: str, needle: str) -> int:
    """Where the editor wrote what the gate found: the needle as written, or entity-decoded."""
    for haystack in (text, htmlib.unescape(text)):
        found = haystack.lower().find(needle.lower())
        if found >= 0:
            return min(found, len(text))
    return 0


def render_fragments(sources: Sources, only: Optional[frozenset[str]] = None) -> Fragments:
    """Render and check every Markdown text of the project; with ``only``, the texts of those files
    (an incremental build: the others passed this check unchanged, and are rendered when asked for)."""
    settings = sources.site.model.site if sources.site else None
    fragments = Fragments(frozenset(settings.video_hosts) if settings else frozenset(),
                          reject=settings is None or settings.raw_html == "reject")
    for folder in ("regions", "campaigns", "stations", "exemplars", "news"):
        for record in getattr(sources, folder).values():
            if only is None or record.doc.display in only:
                _check_record(fragments, record, folder in STORY_FOLDERS)
    return fragments


def _check_record(fragments: Fragments, record: Record, story: bool) -> None:
    doc = record.doc
    for loc, text in markdown_fields(record.model):
        # Lines count in the text as written: the model's copy is stripped of a block scalar's last break.
        written = doc.value_at(loc)
        written = written if isinstance(written, str) else text
        fragments.check(text, doc.display, doc.field_of(loc), line_finder(doc.line_of(loc), written, True), written)
    if story and record.body.strip():
        fragments.check(record.body, doc.display, "正文", line_finder(record.body_line, record.body, False))
