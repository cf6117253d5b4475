"""Every YAML example in README.md passes `portal check` when an editor copies it where it says.

Each ```yaml block, and each ```markdown block with front matter, names its place in a comment
on its first line (inside the front matter for Markdown):

    # 文件：content/stations/daguan-community.yaml                  the whole file
    # 文件：content/campaigns/kunming-2018.yaml（加在 activities: 下）  lines appended under a top-level key
    # 文件：content/stations/daguan-community.yaml（故意写错）          a mistake: the next block is check's report

The blocks are placed in README order in a copy of the demo, verbatim, marker included (an editor
copies it too), and the copy is checked after each; each mistake is checked on its own, against
the report printed after it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from conftest import DEMO_TODAY, REPO
from generator import build
from generator.errors import ValidationFailed

README = REPO / "README.md"
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"^# 文件：(?P<path>[^\s（]+)(?:（(?P<how>[^）]+)）)?[ \t]*$")
APPEND = re.compile(r"加在 (?P<key>[a-z_]+): 下")
MISTAKE = "故意写错"


@dataclass
class Example:
    line: int  # in README.md
    path: str
    how: Optional[str]
    text: str
    report: Optional[str] = None  # for a mistake: the block after it


def _examples(readme: str) -> list[Example]:
    blocks = [(readme[:m.start()].count("\n") + 1, m["lang"], _dedent(m["body"], m["indent"]))
              for m in FENCE.finditer(readme)]
    found = []
    for index, (line, lang, body) in enumerate(blocks):
        lines = body.splitlines()
        front_matter = lang in ("markdown", "md") and lines[:1] == ["---"]
        if lang not in ("yaml", "yml") and not front_matter:
            continue
        marker = MARKER.match(lines[1 if front_matter else 0] if len(lines) > front_matter else "")
        assert marker, (f"README.md:{line}: a YAML example needs a first line such as “# 文件：content/stations/x.yaml” "
                        "(see site_tests/test_readme_examples.py)")
        example = Example(line, marker["path"], marker["how"], body)
        if example.how == MISTAKE:
            assert index + 1 < len(blocks) and blocks[index + 1][1] in ("", "text"), \
                f"README.md:{line}: a mistake is followed by check's report in a plain ``` block"
            example.report = blocks[index + 1][2].rstrip("\n")
        elif example.how is not None:
            assert APPEND.fullmatch(example.how), f"README.md:{line}: unknown placement “{example.how}”"
        found.append(example)
    return found


def _dedent(body: str, indent: str) -> str:
    """A block inside a list item is indented with the item; the file's text is not."""
    return "".join(line.removeprefix(indent) for line in body.splitlines(keepends=True))


def _place(root: Path, example: Example) -> None:
    target = root / example.path
    if example.how is None or example.how == MISTAKE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
        return
    key = APPEND.fullmatch(example.how)["key"]
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, text in enumerate(lines) if re.match(rf"{key}:[ \t]*(#.*)?$", text)), None)
    assert start is not None, f"README.md:{example.line}: {example.path} has no block “{key}:”"
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and comments before the next key belong to it
    # A block may repeat the key it goes under (site: / map: …): its keys go into the existing one,
    # and a key the file already has there is replaced, as an editor replaces `map:`.
    added = [line for line in example.text.splitlines(keepends=True) if line.rstrip() != f"{key}:"]
    for name in (m[1] for line in added if (m := re.match(r"  ([a-z_]+):", line))):
        first = next((i for i in range(start + 1, end) if re.match(rf"  {name}:", lines[i])), None)
        if first is not None:
            last = next((i for i in range(first + 1, end) if re.match(r" {0,2}[^\s#]", lines[i])), end)
            del lines[first:last]
            end -= last - first
    text = "".join(added)
    text = text if text.endswith("\n") else text + "\n"
    target.write_text("".join(lines[:end]) + text + "".join(lines[end:]), encoding="utf-8")


def _demo_copy(target: Path) -> Path:
    shutil.copytree(REPO / "content", target / "content")
    for name in ("campaigns.yaml", "published-urls.txt", "mkdocs.yml"):
        shutil.copy(REPO / name, target / name)
    return target


def _check(root: Path) -> str:
    try:
        build.check(root, DEMO_TODAY)
    except ValidationFailed as failed:
        return failed.report()
    return ""


EXAMPLES = _examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_the_tutorial_examples():
    places = [(example.path, example.how) for example in EXAMPLES]
    assert ("content/stations/kunming/daguan-community.yaml", None) in places
    assert ("content/campaigns/kunming-2018.yaml", "加在 activities: 下") in places
    assert any(path.startswith("content/exemplars/") for path, _ in places)
    assert any(path.startswith("content/news/") for path, _ in places)
    assert any(how == MISTAKE for _, how in places)


def test_every_example_passes_check(tmp_path):
    """Checked after each example: a later one may replace an earlier one (another `map:`)."""
    root = _demo_copy(tmp_path)
    for example in EXAMPLES:
        if example.how != MISTAKE:
            _place(root, example)
            assert _check(root) == "", f"README.md:{example.line}"


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.how == MISTAKE], ids=lambda e: f"line-{e.line}")
def test_a_mistake_gives_the_report_the_readme_shows(tmp_path, example):
    root = _demo_copy(tmp_path)
    for earlier in EXAMPLES:
        if earlier.line >= example.line:
            break
        if earlier.how != MISTAKE:
            _place(root, earlier)
    assert _check(root) == ""  # the steps before it are right
    _place(root, example)
    assert _check(root) == example.report


def test_examples_are_found_in_every_form():
    readme = ("```yaml\n# 文件：a.yaml\nx: 1\n```\n"
              "```markdown\n---\n# 文件：content/news/b.md\ntitle: t\n---\n```\n"
              "```yaml\n# 文件：a.yaml（故意写错）\nx: [\n```\n```\na.yaml:2: 错\n```\n"
              "```sh\nportal check\n```\n")
    found = _examples(readme)
    assert [(e.path, e.how, e.report) for e in found] == [
        ("a.yaml", None, None), ("content/news/b.md", None, None), ("a.yaml", MISTAKE, "a.yaml:2: 错")]
    with pytest.raises(AssertionError, match="needs a first line"):
        _examples("```yaml\nx: 1\n```\n")


def test_appending_goes_before_the_next_key(tmp_path):
    (tmp_path / "c.yaml").write_text("a:\n  - 1\n\n# about b\nb: 2\n", encoding="utf-8")
    _place(tmp_path, Example(1, "c.yaml", "加在 a: 下", "  - 2\n"))
    assert (tmp_path / "c.yaml").read_text(encoding="utf-8") == "a:\n  - 1\n  - 2\n\n# about b\nb: 2\n"


def test_a_mapping_goes_into_its_key_and_replaces_what_it_repeats(tmp_path):
    (tmp_path / "c.yaml").write_text("site:\n  title: t\n  map:\n    tiles: osm\n  url: u\nb: 2\n", encoding="utf-8")
    _place(tmp_path, Example(1, "c.yaml", "加在 site: 下", "# 文件：c.yaml（加在 site: 下）\nsite:\n  map:\n    tiles: none\n"))
    assert (tmp_path / "c.yaml").read_text(encoding="utf-8") == (
        "site:\n  title: t\n  url: u\n# 文件：c.yaml（加在 site: 下）\n  map:\n    tiles: none\nb: 2\n")


def test_an_indented_block_is_found():
    found = _examples("1. 例如：\n\n   ```yaml\n   # 文件：a.yaml\n   x: 1\n   ```\n")
    assert [(e.path, e.text) for e in found] == [("a.yaml", "# 文件：a.yaml\nx: 1\n")]
