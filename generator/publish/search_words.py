"""The pages Pagefind indexes, handed over with every word a reader may type for them.

Pagefind (jieba) cuts 学雷锋 as one word, so the query 雷锋 never matched it; it cuts
进社区 as 进社 + 区, so 社区 never matched that either.  Chinese readers expect what
Ctrl-F does: a word is found wherever its characters stand (Pagefind issue #987).

The rule: the site's vocabulary is every word of two to LONGEST characters that jieba finds
anywhere in the searchable pages (its full mode: every dictionary word inside a run; its
search mode with HMM: the names and new words the dictionary lacks, such as 微信).  Each page
is indexed under every vocabulary word that stands in its text — so a word found on one page
is found on every page that holds it, however the neighbouring characters would cut it there.
The query side (search_lexicon.py, portal-search-worker.js) cuts queries into the same words.

The words reach Pagefind as two hidden metadata fields of each page:

  heading   the vocabulary words of its title (h1);
  terms     the vocabulary words of its text.

Pagefind indexes metadata words like body words but keeps them out of the page's text, so
excerpts stay the page's own.  The search worker ranks a match in `heading` as a title match.

Pages are staged, not changed: only the region Pagefind reads (data-pagefind-body), with the
fields added, goes to a temporary directory that Pagefind indexes in place of the site.
Pages without that region are not staged at all, so Pagefind reads a fraction of the site.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import rjieba
from selectolax.lexbor import LexborHTMLParser

CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
LONGEST = 8  # longer dictionary entries are idioms and names of whole things, never typed whole
BODY = "[data-pagefind-body]"
# Text that is on the page but means nothing in a result: heading permalinks (¶) and the
# screen-reader header of fact tables (项目 / 内容).
EXCLUDE = (".headerlink", ".portal-facts thead")


def runs(text: str) -> list[str]:
    """The runs of two or more Chinese characters in `text`, each once."""
    return list(dict.fromkeys(CJK_RUN.findall(text)))


def jieba_words(run: str) -> set[str]:
    """The words jieba finds in one run: every dictionary word inside it, and HMM's new words."""
    found = set(rjieba.cut_all(run))
    found.update(rjieba.cut_for_search(run, True))
    return {word for word in found if 2 <= len(word) <= LONGEST}


class Vocabulary:
    """The site's words, and which of them stand in a run of text."""

    def __init__(self, words: set[str]) -> None:
        self.words = words
        # Every beginning of a word: a walk along a run stops as soon as it leaves them.
        self.prefixes = {word[:end] for word in words for end in range(2, len(word) + 1)}
        self.seen: dict[str, tuple[str, ...]] = {}  # runs repeat across pages (headings, labels)

    def in_run(self, run: str) -> tuple[str, ...]:
        found = self.seen.get(run)
        if found is None:
            hits = []
            for start in range(len(run) - 1):
                for end in range(start + 2, min(len(run), start + LONGEST) + 1):
                    piece = run[start:end]
                    if piece not in self.prefixes:
                        break
                    if piece in self.words:
                        hits.append(piece)
            found = self.seen[run] = tuple(hits)
        return found

    def in_runs(self, runs: list[str]) -> set[str]:
        """Every vocabulary word that stands somewhere in these runs (a substring, not a cut)."""
        return {word for run in runs for word in self.in_run(run)}


def field(name: str, values: set[str]) -> str:
    return f'<span hidden data-pagefind-meta="{name}:{html.escape(" ".join(sorted(values)))}"></span>'


@dataclass
class Staged:
    """A searchable page, staged up to the end of its region: the fields and the closing tags follow."""

    target: Path
    title: list[str]
    text: list[str]
    closing: str


def stage_page(source: str, target: Path) -> Staged | None:
    """Write the page as Pagefind should read it, without its word fields; None if it is not searchable."""
    if "data-pagefind-body" not in source:
        return None
    tree = LexborHTMLParser(source)
    body = tree.css_first(BODY)
    if body is None:
        return None
    for selector in EXCLUDE:
        for node in body.css(selector):
            node.decompose()
    heading = body.css_first("h1")
    title = heading.text(separator=" ") if heading is not None else ""
    region = body.html or ""
    end = region.rfind("</")
    lang = (tree.root.attributes.get("lang") if tree.root is not None else None) or "zh"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
                      f"<body>{region[:end]}", encoding="utf-8")
    return Staged(target, runs(title), runs(body.text(separator="\n")), f"{region[end:]}</body></html>")


def searchable_pages(site_dir: Path):
    """(path, path relative to the site) of every HTML file Pagefind may index, in a fixed order."""
    for directory, dirs, files in os.walk(site_dir):  # does not follow symlinked directories
        dirs.sort()
        relative = Path(directory).relative_to(site_dir)
        if relative.parts[:1] in (("pagefind",), ("assets",)):
            dirs.clear()
            continue
        for name in sorted(files):
            path = Path(directory) / name
            if name.endswith(".html") and not path.is_symlink():
                yield path, relative / name


def stage_site(site_dir: Path, stage_dir: Path) -> int:
    """Write the searchable pages of `site_dir` into `stage_dir` (same relative paths), each with
    every vocabulary word it holds; returns how many pages."""
    staged: list[Staged] = []
    for path, relative in searchable_pages(site_dir):
        page = stage_page(path.read_text(encoding="utf-8", errors="replace"), stage_dir / relative)
        if page is not None:
            staged.append(page)
    words: set[str] = set()
    for run in {run for page in staged for run in page.text}:  # titles are part of the text
        words.update(jieba_words(run))
    vocabulary = Vocabulary(words)
    for page in staged:
        extra = field("heading", vocabulary.in_runs(page.title)) + field("terms", vocabulary.in_runs(page.text))
        with page.target.open("a", encoding="utf-8") as out:
            out.write(extra + page.closing)
    return len(staged)
