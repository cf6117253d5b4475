"""A story's first paragraph as plain text: what a share preview says when no summary is written."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from generator.source.text_checks import too_deep

# What a story body may contain before its first paragraph (a heading, an admonition, a table) is
# skipped: only a top-level <p> is a paragraph a reader would quote.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables"]


class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False  # in a top-level <p>
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and self.depth == 0 and not self.done:
            self.inside = True
        if tag not in ("br", "img", "hr", "input", "wbr"):
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)
        if tag == "p" and self.inside and self.depth == 0:
            self.inside = False
            self.done = bool("".join(self.parts).strip())

    def handle_data(self, data):
        if self.inside and not self.done:
            self.parts.append(data)


def first_paragraph(body: str) -> str:
    """The text of the body's first top-level paragraph, on one line ("" when there is none).

    A body nested too deep for Markdown is an error already (text_checks.py): not rendered here."""
    if not body or too_deep(body) is not None:
        return ""
    parser = _FirstParagraph()
    parser.feed(markdown.markdown(body or "", extensions=EXTENSIONS))
    return " ".join("".join(parser.parts).split())


def shortened(text: str, limit: int = 120) -> str:
    """At most ``limit`` characters, ending with … when cut (a preview shows about that much)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
