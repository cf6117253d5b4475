"""The second hostile corpus (issue 12): edits an attacker or a careless department would commit.

Cases are grouped by the class of weakness they probe, one module per class:

    theme     settings strings printed by the theme
    markup    markup that survives a sanitiser but is trusted by scripts (ids, data-*, forms)
    outputs   outputs beside the pages: feeds, attachments, SVG, CSV, JSON, ICS
    urls      URLs a browser reads differently from Python
    files     symlinks and odd files where the build writes, locks or keeps its state
    parity    mistakes `check` must see because `build` would hit them
    limits    unbounded work: rules, periods, sizes, lengths, nesting
    silent    what was accepted silently and an editor must hear about
    keyboard  what editors mistype: full-width punctuation, tabs, a stray BOM, misspelt keys, ids twice

A *refused* case mutates a fresh mini project and names the exact first error line
(``file:line: field: message``); the harness asserts that `check` and `build` print the same
report, exit 1 without a traceback, and leave site/ and every project file untouched.

An *accepted* case is hostile content the portal publishes, neutralised; the harness builds it,
runs the case's own assertion on the built site, and a Chromium test opens every page kind with a
script canary and a request monitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

CLASSES = ("theme", "markup", "outputs", "urls", "files", "parity", "limits", "silent", "keyboard")

SITE = "campaigns.yaml"
CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/square.yaml"
REGION = "content/regions/democity.yaml"
EXEMPLAR = "content/exemplars/li-xiaolei.md"
ATTACHMENT = "content/attachments/demo-2019.txt"
IMAGES = "content/images"
NEWS = "content/news"

# What hostile script payloads do when they run: the Chromium test looks for this mark.
CANARY = "window.top.__pwned=1"


@dataclass(frozen=True)
class Refused:
    id: str
    cls: str
    mutate: Callable[[Path], int]  # changes the project; returns the line the error names
    file: str  # project-relative file the error names
    message: str  # exactly what follows "file:line: " in the report


@dataclass(frozen=True)
class Accepted:
    id: str
    cls: str
    mutate: Callable[[Path], None]
    verify: Callable[[Path], None]  # asserts on the built site (the argument is site/)


REFUSED: dict[str, Refused] = {}
ACCEPTED: dict[str, Accepted] = {}


def refused(case_id: str, cls: str, file: str, message: str):
    assert cls in CLASSES, cls

    def register(mutate):
        assert case_id not in REFUSED and case_id not in ACCEPTED, case_id
        REFUSED[case_id] = Refused(case_id, cls, mutate, file, message)
        return mutate
    return register


def accepted(case_id: str, cls: str, verify: Callable[[Path], None]):
    assert cls in CLASSES, cls

    def register(mutate):
        assert case_id not in REFUSED and case_id not in ACCEPTED, case_id
        ACCEPTED[case_id] = Accepted(case_id, cls, mutate, verify)
        return mutate
    return register


# --- editing helpers: change a fixture file the way an editor would -----------------------------------


def text_of(project: Path, relative: str) -> str:
    return (project / relative).read_text(encoding="utf-8")


def write(project: Path, relative: str, text: str | bytes) -> None:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = text_of(project, relative).splitlines()
    matches = [number for number, line in enumerate(lines, 1) if needle in line]
    assert len(matches) == 1, f"{needle!r} is on lines {matches} of {relative}"
    return matches[0]


def replace_line(project: Path, relative: str, needle: str, new_line: str) -> int:
    """Replace the one line containing ``needle``; return its number."""
    number = line_of(project, relative, needle)
    lines = text_of(project, relative).splitlines(keepends=True)
    lines[number - 1] = new_line + "\n"
    write(project, relative, "".join(lines))
    return number


def insert_after(project: Path, relative: str, needle: str, new_text: str) -> int:
    """Insert lines after the one containing ``needle``; return the first inserted line."""
    number = line_of(project, relative, needle)
    lines = text_of(project, relative).splitlines(keepends=True)
    lines[number:number] = [new_text if new_text.endswith("\n") else new_text + "\n"]
    write(project, relative, "".join(lines))
    return number + 1


def append(project: Path, relative: str, new_text: str) -> int:
    """Append text; return the line number of its first line."""
    text = text_of(project, relative)
    if not text.endswith("\n"):
        text += "\n"
    write(project, relative, text + new_text)
    return text.count("\n") + 1


def story(project: Path, relative: str, front: str, body: str = "正文。\n") -> int:
    """Write a story file; return the line of the body's first line."""
    write(project, relative, f"---\n{front.strip()}\n---\n{body}")
    return front.strip().count("\n") + 4


def news(project: Path, name: str, extra_front: str = "", body: str = "正文。\n") -> int:
    front = f"title: 示例新闻\ndate: 2019-03-05\ncampaign: demo-2019\n{extra_front}"
    return story(project, f"{NEWS}/{name}.md", front, body)
