from pathlib import Path

import pytest

from generator.source.yamlsource import YamlSyntaxError, format_loc, parse_front_matter, parse_yaml

TEXT = """\
title: 方案
flag: no
on: yes
truth: true
when: 2018-02-30
activities:
  - id: a
    title: 甲
  - id: b
    body: |
      多行
      文本
"""


def parse(text=TEXT):
    return parse_yaml(text, Path("x.yaml"), "x.yaml")


def test_every_node_remembers_its_line():
    doc = parse()
    assert doc.line_of(("title",)) == 1
    assert doc.line_of(("activities",)) == 6
    assert doc.line_of(("activities", 0)) == 7
    assert doc.line_of(("activities", 1, "body")) == 10


def test_missing_node_falls_back_to_nearest_parent():
    doc = parse()
    assert doc.line_of(("activities", 1, "title")) == 9
    assert doc.line_of(("nothing", "here")) == 1


def test_yaml_11_traps_are_kept_as_text():
    data = parse().data
    assert data["flag"] == "no"
    assert data["on"] == "yes"  # the key too
    assert data["truth"] is True
    assert data["when"] == "2018-02-30"  # an impossible date reaches validation as text


NUMBERS = "a: 9:30\nb: 12:30:45\nc: 1_000\nd: 0b11\ne: 012\nf: 0o17\ng: 0x1f\nh: -3\ni: .5\nj: 1e3\nk: 26.270\n"


@pytest.mark.parametrize("fast", [True, False])
def test_numbers_are_read_as_yaml_12_which_the_form_editor_writes(fast, monkeypatch):
    """Decap CMS (npm yaml, YAML 1.2) writes the text 9:30 unquoted: YAML 1.1 would read base 60 (570)."""
    from generator.source import yamlsource

    if not fast:
        monkeypatch.setattr(yamlsource, "_fast_node", lambda text: (None, None))
    data = parse(NUMBERS).data
    assert data == {"a": "9:30", "b": "12:30:45", "c": "1_000", "d": "0b11", "e": 12, "f": 15, "g": 31,
                    "h": -3, "i": 0.5, "j": 1000.0, "k": 26.27}


def test_syntax_error_names_file_and_line_in_chinese():
    with pytest.raises(YamlSyntaxError) as info:
        parse("title: 方案\nactivities:\n  - id: a\n   title: 错位\n")
    issue = info.value.issue
    assert (issue.file, issue.line) == ("x.yaml", 4)
    assert issue.message.startswith("YAML 语法错误：")


def test_duplicate_keys_are_an_error():
    with pytest.raises(YamlSyntaxError) as info:
        parse("title: 甲\nslogan: 乙\ntitle: 丙\n")
    assert info.value.issue.format() == (
        "x.yaml:3: title: 重复的键“title”：同一层级里每个键只能出现一次，请合并或删除其中一个。")


def test_front_matter_lines_count_from_the_top_of_the_file():
    text = "---\nkind: 最美志愿者\nname: 甲\n---\n正文第一行\n"
    doc, body, body_line = parse_front_matter(text, Path("s.md"), "s.md")
    assert doc.line_of(("name",)) == 3
    assert body == "正文第一行\n"
    assert body_line == 5


def test_front_matter_is_required():
    with pytest.raises(YamlSyntaxError) as info:
        parse_front_matter("正文\n", Path("s.md"), "s.md")
    assert info.value.issue.line == 1


def test_format_loc():
    assert format_loc(("activities", 3, "when", "date")) == "activities[3].when.date"


def test_libyaml_and_pyyaml_read_every_project_file_alike(monkeypatch):
    """The fast path (libyaml) gives the same data and lines as StrictLoader, on every fixture file."""
    from generator.source import yamlsource

    files = sorted((Path(__file__).parent / "fixtures").rglob("*.yaml"))
    fast = {path: yamlsource.parse_yaml(path.read_text(encoding="utf-8"), path, path.name) for path in files}
    assert all(yamlsource._fast_node(path.read_text(encoding="utf-8"))[0] is not None for path in files)
    monkeypatch.setattr(yamlsource, "_fast_node", lambda text: (None, None))
    for path in files:
        slow = yamlsource.parse_yaml(path.read_text(encoding="utf-8"), path, path.name)
        assert (slow.data, slow.lines) == (fast[path].data, fast[path].lines), path


@pytest.mark.parametrize("text", ["a: " + "[" * 5000, "- " * 5000 + "x", "a: [ ']' " * 3000 + "x",
                                  "a: &x [1]\nb: *x\n", "a: !!python/object:os.system x\n"])
def test_what_libyaml_must_not_see_goes_to_strictloader(text):
    from generator.source import yamlsource

    assert yamlsource._fast_node(text) == (None, None)
    with pytest.raises(yamlsource.YamlSyntaxError):
        yamlsource.parse_yaml(text, Path("x.yaml"), "x.yaml")
