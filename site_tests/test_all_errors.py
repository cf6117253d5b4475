"""Every error in one run (issue 15): a file that does not parse or validate does not hide the
other files' errors, nor its own references; what it left out causes no second error; misspelt
keys say what they likely mean; a repeated id names where the first one is."""

from __future__ import annotations

from conftest import edit, line_of

SITE = "campaigns.yaml"
CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/square.yaml"
REGION = "content/regions/democity.yaml"
EXEMPLAR = "content/exemplars/li-xiaolei.md"

UNKNOWN_UNIT = ("未知单位“市文明半”（是否想写：市文明办？）：请在 content/regions/democity.yaml 的 units 中登记该单位"
                "（name 或 aliases），或检查拼写。")
MISSING_ADDRESS = ("address: 缺少 address（地址，详细地址，显示在站点页面和地图上，群众按它找到站点）："
                   "请在这里补上一行，如“address: 云南省昆明市晋宁区郑和文化广场”。")


def test_a_parse_error_an_unknown_unit_and_a_missing_address_in_one_run(check, mini):
    edit(mini, EXEMPLAR, "name: 李晓雷（示例）\n", "name: \"李晓雷（示例）\n")
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    leads: [市文明半]\n")
    edit(mini, STATION, "address: 云南省示例市示例区中心广场\n", "")
    lines = check()
    assert lines == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '市文明半')}: activities[2].leads[0]: {UNKNOWN_UNIT}",
        f"{EXEMPLAR}:{line_of(mini, EXEMPLAR, 'name:')}: YAML 语法错误：引号没有闭合：这一行开始的引号直到文件末尾都没有另一半。",
        f"{STATION}:1: {MISSING_ADDRESS}",
    ]


def test_a_broken_site_file_does_not_hide_the_other_files(check, mini):
    edit(mini, SITE, "  - demo-2019\n", "  - [demo-2019\n")
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    leads: [市文明半]\n")
    edit(mini, STATION, "kind: 广场", "kind: 公园")
    assert check() == [
        f"{SITE}:{line_of(mini, SITE, '[demo-2019')}: YAML 语法错误：方括号“[”没有闭合，或列表中两项之间缺少逗号："
        "请检查这一行开始的“[ ]”。",
        # no "unknown category" or "unknown standard": they are defined in the broken file
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '市文明半')}: activities[2].leads[0]: {UNKNOWN_UNIT}",
        f"{STATION}:{line_of(mini, STATION, 'kind')}: kind: 取值无效，应为以下之一：社区、公共文化设施、景区景点、窗口单位、广场、驿站。",
    ]


def test_schema_errors_do_not_hide_the_reference_checks_of_the_same_file(check, mini):
    edit(mini, CAMPAIGN, "issued: 2019-02-20", "issued: 2019-02-30")
    edit(mini, CAMPAIGN, "  - month: 4\n", "  - month: 13\n")
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    leads: [市文明半]\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'issued')}: issued: 不是有效日期：格式应为 YYYY-MM-DD，且该日期必须存在"
        "（如 2018-02-30 不存在）。",
        # the theme left out is not reported again as "no theme for April" on the April activity
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'month: 13')}: months[1].month: 应不大于 12。",
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '市文明半')}: activities[2].leads[0]: {UNKNOWN_UNIT}",
    ]


def test_after_a_list_item_left_out_later_items_keep_their_own_line_and_index(check, mini):
    edit(mini, CAMPAIGN, "date: 2019-03-05, note", "date: 2019-02-30, note")  # activities[1] is left out
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    leads: [市文明半]\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '2019-02-30')}: activities[1].when.date: 不是有效日期："
        "格式应为 YYYY-MM-DD，且该日期必须存在（如 2018-02-30 不存在）。",
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '市文明半')}: activities[2].leads[0]: {UNKNOWN_UNIT}",
    ]


def test_what_an_error_left_out_is_not_reported_again_where_it_is_named(check, mini):
    # the unit's id is wrong: the campaign's references to 团市委 are not "unknown" as well
    edit(mini, REGION, "  - id: tuanshiwei\n", "  - id: TuanShiWei\n")
    # the activity's section is wrong: the exemplar's reference to it is not "unknown" as well
    edit(mini, CAMPAIGN, "    section: standing\n", "    section: [standing]\n")
    lines = check()
    assert [line.split(": ")[1] for line in lines] == ["activities[0].section", "units[1].id"]
    assert not [line for line in lines if "未知" in line]


def test_a_misspelt_key_names_the_field_it_likely_means(check, mini):
    edit(mini, STATION, "sample: true\n", "sample: true\nhoures: 每周六\n")
    edit(mini, EXEMPLAR, "title: 广场上的“雷锋大姐”", "titel: 广场上的“雷锋大姐”")
    assert check() == [
        f"{EXEMPLAR}:{line_of(mini, EXEMPLAR, 'titel')}: titel: 未知字段“titel”：是否想写 title？"
        "请改正拼写（字段名见字段说明 docs/字段说明.md）。",
        f"{STATION}:{line_of(mini, STATION, 'houres')}: houres: 未知字段“houres”：是否想写 hours？"
        "请改正拼写（字段名见字段说明 docs/字段说明.md）。",
    ]


def test_a_misspelt_key_suggests_fields_of_its_own_mapping_only(check, mini):
    # `hours` is a station's field, not a location's: the location's own fields are listed
    edit(mini, STATION, "approximate: true}", "approximate: true, houres: 1}")
    assert check() == [f"{STATION}:{line_of(mini, STATION, 'houres')}: location.houres: 未知字段“houres”"
                       "（可能是拼写错误）：这里可用的字段有 lat、lon、approximate。"]


def test_a_misspelt_key_is_read_as_the_field_it_means(check, mini):
    """The value under the misspelt key is still checked, as the field it likely means."""
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    lead: [市文明半]\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'lead:')}: activities[2].lead: 未知字段“lead”：是否想写 leads？"
        "请改正拼写（字段名见字段说明 docs/字段说明.md）。",
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'lead:')}: activities[2].lead[0]: {UNKNOWN_UNIT}",
    ]


def _lines(project, relative: str, needle: str) -> list[int]:
    text = (project / relative).read_text(encoding="utf-8")
    return [number for number, line in enumerate(text.splitlines(), 1) if needle in line]


def test_duplicate_ids_name_the_first_place(check, mini):
    edit(mini, CAMPAIGN, "  - id: civilised-april", "  - id: saturday")
    edit(mini, REGION, "  - id: districts", "  - id: wenmingban")
    first_activity, second_activity = _lines(mini, CAMPAIGN, "- id: saturday")
    first_unit, second_unit = _lines(mini, REGION, "- id: wenmingban")
    assert check() == [
        f"{CAMPAIGN}:{second_activity}: activities[2].id: 活动 id“saturday”重复（第 {first_activity} 行已有），"
        "同一方案内每个活动的 id 必须唯一：请改用另一个 id。",
        f"{REGION}:{second_unit}: units[2].id: 单位 id“wenmingban”重复（第 {first_unit} 行已有）："
        "请删除重复的一项，或改用另一个 id。",
    ]


def test_duplicate_key_names_the_first_and_the_file_is_still_checked(check, mini):
    edit(mini, STATION, "sample: true\n", "sample: true\nkind: 公园\n")
    assert check() == [
        f"{STATION}:{line_of(mini, STATION, 'kind: 公园')}: kind: 取值无效，应为以下之一：社区、公共文化设施、景区景点、"
        "窗口单位、广场、驿站。",
        f"{STATION}:{line_of(mini, STATION, 'kind: 公园')}: kind: 重复的键“kind”（第 {line_of(mini, STATION, 'kind: 广场')} "
        "行已有）：同一层级里每个键只能出现一次，请合并或删除其中一个（现在用的是后写的这个）。",
    ]


def test_duplicate_category_names_the_first(check, mini):
    edit(mini, SITE, "    name: 月度主题活动\n", "    name: 月度主题活动\n  - id: standing\n    name: 其他\n")
    first, second = _lines(mini, SITE, "- id: standing")
    assert check() == [f"{SITE}:{second}: categories[2].id: 分类 id“standing”重复（第 {first} 行已有），"
                       "每个 id 只能出现一次：请删除重复的一项，或改用另一个 id。"]


def test_a_wrong_choice_does_not_hide_the_references_of_its_file(check, mini):
    edit(mini, STATION, "kind: 广场", "kind: 公园")
    edit(mini, STATION, "standard: si-ge-you", "standard: si-ge-yu")
    assert check() == [
        f"{STATION}:{line_of(mini, STATION, 'kind')}: kind: 取值无效，应为以下之一：社区、公共文化设施、景区景点、窗口单位、广场、驿站。",
        f"{STATION}:{line_of(mini, STATION, 'standard')}: standard: 未知标准“si-ge-yu”（是否想写：si-ge-you？）："
        "标准在 campaigns.yaml 的 standards 中定义。",
    ]
