"""Typing mistakes from Chinese input methods and other editors (issue 15): each is named on its
own line, with the character and the fix, and the rest of the file is still checked in the same run."""

from __future__ import annotations

import pytest

from conftest import edit, line_of
from generator.source.typing_mistakes import scan

CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/square.yaml"
REGION = "content/regions/democity.yaml"
EXEMPLAR = "content/exemplars/li-xiaolei.md"

FULL_COLON = "“{}：”里的冒号是全角“：”，请改为半角“: ”（英文冒号加空格）。"
TAB = "行首用 Tab 键缩进，YAML 只认空格：请把行首的 Tab 换成空格（每一级缩进两个空格，与同一级的行对齐）。"
FULL_INDENT = "行首用了全角空格“　”（中文输入法）缩进，YAML 只认半角空格：请把它换成英文空格（每一级缩进两个空格）。"
FULL_DASH = "列表项开头的“{}”是全角符号（中文输入法打出的横线），YAML 不认：请改为半角减号加空格“- ”。"
BOM = ("行首有一个看不见的 BOM 字符（U+FEFF，常见于把几个文件拼在一起，或从记事本复制的文字）："
       "请删除这一行开头的不可见字符（可在编辑器中打开“显示不可见字符”），或重新输入这一行的开头。")


def test_full_width_colon_after_a_key_is_named_on_its_line(check, mini):
    edit(mini, STATION, "sample: true\n", "sample: true\nhours：每周六 9:00-11:30\n")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'hours：')}: {FULL_COLON.format('hours')}"]


def test_full_width_colon_on_the_last_line_and_in_a_flow_mapping(check, mini):
    edit(mini, STATION, "{lat: 25.04, lon", "{lat：25.04, lon")
    edit(mini, STATION, "sample: true\n", "sample：true\n")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'location:')}: {FULL_COLON.format('lat')}",
                       f"{STATION}:{line_of(mini, STATION, 'sample')}: {FULL_COLON.format('sample')}"]


def test_full_width_colon_inside_a_list_item(check, mini):
    edit(mini, REGION, "    name: 团市委\n", "    name：团市委\n")
    assert check() == [f"{REGION}:{line_of(mini, REGION, '团市委')}: {FULL_COLON.format('name')}"]


def test_full_width_space_as_indentation(check, mini):
    edit(mini, REGION, "    name: 团市委\n", "\u3000\u3000name: 团市委\n")
    assert check() == [f"{REGION}:{line_of(mini, REGION, '团市委')}: {FULL_INDENT}"]


def test_full_width_space_after_the_colon(check, mini):
    edit(mini, STATION, "district: 示例区", "district:\u3000示例区")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'district')}: “district:”旁边是全角空格“　”（中文输入法），"
                       "YAML 只认半角空格：请改为英文空格，写成“district: …”。"]


def test_chinese_quotes_around_a_key(check, mini):
    edit(mini, STATION, "district: 示例区", "“district”: 示例区")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'district')}: "
                       "键 district 两边加了中文引号 “ ”：键不用加引号，请删除它们，写成“district: …”。"]


def test_chinese_quotes_around_a_value_yaml_would_cut_short(check, mini):
    edit(mini, CAMPAIGN, "slogan: 人人学雷锋", "slogan: “人人学雷锋 #1”")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'slogan')}: 值两边的中文引号 “ ” 不是 YAML 的引号，里面的“#”会被误读"
        "（“#”后的文字被当作注释丢掉，“: ”被当作又一个键）：请改用英文引号，写成 slogan: \"人人学雷锋 #1\"。"]


def test_chinese_quotes_around_a_value_that_is_then_wrong(check, mini):
    edit(mini, CAMPAIGN, 'time: "16:00"', "time: “16:00”")
    assert check() == [f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'time:')}: deadlines[0].time: 值两边的中文引号 “ ” "
                       "不是 YAML 的引号，成了值的一部分：请改用英文引号，写成 time: \"16:00\"。"]


def test_chinese_quotes_in_text_are_typography_not_a_mistake(check, mini):
    edit(mini, CAMPAIGN, "slogan: 人人学雷锋", "slogan: “我的城市我的家 文明城市靠大家”")
    assert check() == []


@pytest.mark.parametrize("line", ["\t- id: tuanshiwei\n", "  - id: tuanshiwei\n\t  name: 团市委\n"])
def test_tab_indentation_and_the_file_is_still_read(check, mini, line):
    """Every tab is named; the file is read with the tab as wide as makes sense, so the campaign's
    references to 团市委 still resolve: no second error caused by the first."""
    text = (mini / REGION).read_text(encoding="utf-8")
    (mini / REGION).write_text(text.replace("  - id: tuanshiwei\n    name: 团市委\n", line + (
        "" if "name" in line else "    name: 团市委\n")), encoding="utf-8")
    lines = (mini / REGION).read_text(encoding="utf-8").splitlines()
    tabbed = [number for number, text in enumerate(lines, 1) if text.startswith("\t")]
    assert check() == [f"{REGION}:{number}: {TAB}" for number in tabbed]


def test_stray_bom_at_the_start_of_a_line(check, mini):
    edit(mini, STATION, "district: 示例区", "\ufeffdistrict: 示例区")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'district')}: {BOM}"]


@pytest.mark.parametrize("dash", ["－", "—", "–"])
def test_full_width_hyphen_or_dash_as_a_list_marker(check, mini, dash):
    edit(mini, REGION, "  - id: tuanshiwei", f"  {dash} id: tuanshiwei")
    assert check() == [f"{REGION}:{line_of(mini, REGION, 'tuanshiwei')}: {FULL_DASH.format(dash)}"]


def test_missing_spaces_after_a_list_marker_and_after_a_colon(check, mini):
    edit(mini, REGION, "  - id: tuanshiwei", "  -id: tuanshiwei")
    edit(mini, STATION, "district: 示例区", "district:示例区")
    assert check() == [
        f"{REGION}:{line_of(mini, REGION, 'tuanshiwei')}: 列表项的“-”后面缺少空格：请写成“- id: tuanshiwei”。",
        f"{STATION}:{line_of(mini, STATION, 'district')}: “district:”后面缺少空格：冒号后要空一格，请写成“district: 示例区”。",
    ]


def test_front_matter_is_checked_too(check, mini):
    edit(mini, EXEMPLAR, "year: 2019\n", "year：2019\n")
    assert check() == [f"{EXEMPLAR}:{line_of(mini, EXEMPLAR, 'year')}: {FULL_COLON.format('year')}"]


def test_the_rest_of_the_file_is_checked_in_the_same_run(check, mini):
    """The reported measurement: a full-width colon hid the file's other mistakes until it was fixed."""
    edit(mini, STATION, "district: 示例区", "district：示例区")
    edit(mini, STATION, "address: 云南省示例市示例区中心广场\n", "")
    edit(mini, STATION, "standard: si-ge-you", "standard: si-ge-yu")
    assert check() == [
        f"{STATION}:1: address: 缺少 address（地址，详细地址，显示在站点页面和地图上，群众按它找到站点）："
        "请在这里补上一行，如“address: 云南省昆明市晋宁区郑和文化广场”。",
        f"{STATION}:{line_of(mini, STATION, 'district')}: {FULL_COLON.format('district')}",
        f"{STATION}:{line_of(mini, STATION, 'standard')}: standard: 未知标准“si-ge-yu”（是否想写：si-ge-you？）："
        "标准在 campaigns.yaml 的 standards 中定义。",
    ]


def test_a_yaml_error_elsewhere_in_the_file_is_reported_too(check, mini):
    edit(mini, STATION, "district: 示例区", "district：示例区")
    edit(mini, STATION, "meets: [统一标识, 服务场所]", "meets: [统一标识, 服务场所")
    lines = check()
    assert lines[0] == f"{STATION}:{line_of(mini, STATION, 'district')}: {FULL_COLON.format('district')}"
    assert lines[1].startswith(f"{STATION}:{line_of(mini, STATION, 'meets')}: YAML 语法错误：方括号“[”没有闭合")
    assert len(lines) == 2


BLOCK = """\
body: |
  hours：这是正文里的冒号
  — 破折号开头的一行
  　　全角空格缩进的段落
  Email：someone@example.org
name: 甲
"""


def test_text_of_a_block_scalar_is_not_structure():
    assert scan(BLOCK).mistakes == []
    assert scan("- |\n  title：正文\n- 乙\n").mistakes == []
    assert scan("a: 1  # note：注释\n# title：注释\n").mistakes == []
    assert [m.line for m in scan(BLOCK + "title：乙\n").mistakes] == [7]


def test_corrected_text_keeps_every_line():
    text = "units:\n  － id: a\n　　name：甲\nkind 广场\n"
    found = scan(text)
    assert found.text() == "units:\n  - id: a\n    name: 甲\nkind: 广场\n"
    assert [m.line for m in found.mistakes] == [2, 3, 3, 4]
