"""One test per kind of editor mistake: the exact file:line, field path and Chinese message."""

from __future__ import annotations

from conftest import edit, line_of
from generator.cli import main

CAMPAIGN = "content/campaigns/demo-2019.yaml"
STATION = "content/stations/square.yaml"
REGION = "content/regions/democity.yaml"


def test_clean_fixture_passes(check, mini, capsys):
    assert check() == []


def test_unknown_key_is_a_typo(check, mini):
    edit(mini, CAMPAIGN, "    title: 学雷锋广场志愿服务日", "    titel: 学雷锋广场志愿服务日")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '- id: saturday')}: activities[0].title: 缺少必填字段。",
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'titel:')}: activities[0].titel: "
        "未知字段“titel”（可能是拼写错误），请对照字段说明 docs/字段说明.md。",
    ]


def test_date_that_does_not_exist(check, mini):
    edit(mini, CAMPAIGN, "date: 2019-03-05, note", "date: 2019-02-30, note")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, '2019-02-30')}: activities[1].when.date: "
        "不是有效日期：格式应为 YYYY-MM-DD，且该日期必须存在（如 2018-02-30 不存在）。",
    ]


def test_end_before_start(check, mini):
    edit(mini, CAMPAIGN, "  end: 2019-04-30", "  end: 2019-02-01")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'period:')}: period: "
        "结束日期 2019-02-01 早于开始日期 2019-03-01。",
    ]


def test_month_out_of_range(check, mini):
    edit(mini, CAMPAIGN, "  - month: 4\n", "  - month: 13\n")
    assert check() == [f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'month: 13')}: months[1].month: 应不大于 12。"]


def test_coordinates_outside_china_with_swapped_hint(check, mini):
    edit(mini, STATION, "{lat: 25.04, lon: 102.71", "{lat: 102.71, lon: 25.04")
    assert check() == [
        f"{STATION}:{line_of(mini, STATION, 'location:')}: location: 坐标 (102.71, 25.04) 不在中国境内"
        "（看起来经纬度写反了）：lat 为纬度（约 4–54），lon 为经度（约 73–135），使用 WGS-84 坐标。",
    ]


def test_unknown_unit_suggests_the_close_name(check, mini):
    edit(mini, CAMPAIGN, "    leads: [市文明办]\n", "    leads: [市文明半]\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'leads: [市文明半]')}: activities[2].leads[0]: "
        "未知单位“市文明半”（是否想写：市文明办？）：请在 content/regions/democity.yaml 的 units 中登记该单位"
        "（name 或 aliases），或检查拼写。",
    ]


def test_duplicate_activity_id(check, mini):
    edit(mini, CAMPAIGN, "  - id: civilised-april", "  - id: lei-feng-day")
    line = [i for i, l in enumerate((mini / CAMPAIGN).read_text(encoding="utf-8").splitlines(), 1)
            if "- id: lei-feng-day" in l][1]
    assert check() == [
        f"{CAMPAIGN}:{line}: activities[2].id: 活动 id“lei-feng-day”重复，同一方案内每个活动的 id 必须唯一。",
    ]


def test_unknown_section(check, mini):
    edit(mini, CAMPAIGN, "    section: standing\n", "    section: standng\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'section: standng')}: activities[0].section: "
        "未知板块“standng”（是否想写：standing？）：板块在本文件的 sections 中定义。",
    ]


def test_unknown_station(check, mini):
    edit(mini, CAMPAIGN, "stations: [square]", "stations: [squares]")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'stations: [squares]')}: activities[0].stations[0]: "
        "未知站点“squares”（是否想写：square？）：站点文件应为 content/stations/squares.yaml。",
    ]


def test_standard_item_that_does_not_exist(check, mini):
    edit(mini, STATION, "meets: [统一标识, 服务场所]", "meets: [统一标识, 服务场地]")
    assert check() == [
        f"{STATION}:{line_of(mini, STATION, 'meets:')}: meets[1]: “服务场地”不是标准“四个有”中的条目"
        "（是否想写：服务场所、服务项目？），可用条目：统一标识、服务场所、志愿者队伍、服务项目。",
    ]


def test_unknown_festival(check, mini):
    edit(mini, CAMPAIGN, "festivals: [清明节]", "festivals: [清明]")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'festivals: [清明]')}: months[1].festivals[0]: "
        "未知的节日或纪念日“清明”，可用名称：元旦、春节、元宵节、学雷锋纪念日、植树节、清明节、劳动节、青年节、"
        "儿童节、端午节、建党节、建军节、中秋节、世界无车日、国庆节、重阳节、国际志愿者日。",
    ]


def test_two_time_forms_at_once(check, mini):
    edit(mini, CAMPAIGN, "when: {date: 2019-03-05, note: 3·5当天}", "when: {date: 2019-03-05, month: 2019-03}")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'month: 2019-03}')}: activities[1].when: "
        "时间只能用一种写法：date（某一天）、dates（若干天）、start+end（时间段）、month（整月，如 2018-03）、"
        "year（全年）或 repeat（重复，如 每周六），当前同时写了 date、month。",
    ]


def test_unparseable_recurrence(check, mini):
    edit(mini, CAMPAIGN, "rrule: FREQ=WEEKLY;BYDAY=SA", "rrule: FREQ=WEEKLY;BYDAY=XX")
    [line] = check()
    assert line.startswith(f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'BYDAY=XX')}: activities[0].when.rrule: "
                           "重复规则“FREQ=WEEKLY;BYDAY=XX”无法解析")
    assert line.endswith("请使用 iCalendar RRULE 写法，如 FREQ=WEEKLY;BYDAY=SA（每周六）或 FREQ=MONTHLY;BYMONTHDAY=23（每月23日）；"
                         "常见的规律也可以直接写中文，如 repeat: 每周六。")


def test_activity_outside_campaign_period(check, mini):
    edit(mini, CAMPAIGN, "when: {date: 2019-03-05, note: 3·5当天}", "when: {date: 2019-12-05}")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'date: 2019-12-05')}: activities[1].when: "
        "活动时间（2019年12月5日）超出方案周期 2019-03-01 至 2019-04-30，请核对日期或方案的 period。",
    ]


def test_yaml_syntax_error(check, mini):
    edit(mini, STATION, "kind: 广场\n", "kind 广场\n")
    [line] = check()
    assert line.startswith(f"{STATION}:{line_of(mini, STATION, 'region:')}: YAML 语法错误：")


def test_campaign_file_not_listed(check, mini):
    (mini / "content/campaigns/extra-2020.yaml").write_text(
        (mini / CAMPAIGN).read_text(encoding="utf-8"), encoding="utf-8")
    assert check() == [
        "content/campaigns/extra-2020.yaml:1: 方案“extra-2020”未在 campaigns.yaml 的 campaigns 列表中登记，"
        "不会发布。请在列表中加入该 id，或删除此文件。",
    ]


def test_listed_campaign_without_file(check, mini):
    edit(mini, "campaigns.yaml", "  - demo-2019\n", "  - demo-2019\n  - demo-2020\n")
    assert check() == [
        f"campaigns.yaml:{line_of(mini, 'campaigns.yaml', '- demo-2020')}: campaigns[1]: "
        "找不到方案文件 content/campaigns/demo-2020.yaml。",
    ]


def test_missing_attachment(check, mini):
    (mini / "content/attachments/demo-2019.txt").unlink()
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'file: demo-2019.txt')}: attachment.file: "
        "附件“demo-2019.txt”不存在：请把文件放到 content/attachments/ 下。",
    ]


def test_file_name_that_cannot_be_a_url(check, mini):
    (mini / STATION).rename(mini / "content/stations/Square Plaza.yaml")
    lines = check()
    assert ("content/stations/Square Plaza.yaml:1: 文件名“Square Plaza”会成为网址的一部分，"
                        "只能使用小写英文字母、数字和连字符，如 kunming-2018.yaml。") in lines


def test_every_error_in_every_file_is_reported_at_once(check, mini):
    edit(mini, CAMPAIGN, "    title: 学雷锋广场志愿服务日", "    titel: 学雷锋广场志愿服务日")
    edit(mini, STATION, "kind: 广场", "kind: 公园")
    edit(mini, REGION, "  - id: tuanshiwei\n", "  - id: TuanShiWei\n")
    lines = check()
    files = sorted({line.split(":")[0] for line in lines})
    assert files == sorted([CAMPAIGN, REGION, STATION])
    assert lines[-1] == (f"{STATION}:{line_of(mini, STATION, 'kind:')}: kind: "
                         "取值无效，应为以下之一：社区、公共文化设施、景区景点、窗口单位、广场、驿站。")
    assert len(lines) == 4  # titel, missing title, kind, bad unit id


def test_build_with_errors_writes_nothing_and_keeps_the_published_site(mini, capsys):
    site = mini / "site"
    site.mkdir()
    (site / "index.html").write_text("已发布", encoding="utf-8")
    edit(mini, CAMPAIGN, "  end: 2019-04-30", "  end: 2019-02-30")
    code = main(["--project", str(mini), "--today", "2019-03-04", "build"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "period.end: 不是有效日期" in err
    assert not (mini / ".portal").exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "已发布"
    assert sorted(p.name for p in mini.iterdir() if p.name.startswith(".site")) == []


def test_unknown_section_category_is_reported_once_not_for_each_activity(check, mini):
    edit(mini, CAMPAIGN, "    category: standing\n", "    category: standin\n")
    assert check() == [
        f"{CAMPAIGN}:{line_of(mini, CAMPAIGN, 'category: standin')}: sections[0].category: "
        "未知分类“standin”（是否想写：standing？）：分类在 campaigns.yaml 的 categories 中定义。",
    ]


def test_an_optional_field_left_empty_is_as_if_not_written(check, mini):
    """What the form editor writes for a cleared field ("") and a bare key (null) mean "not given";
    a required field left empty is still a mistake."""
    station = mini / "content/stations/square.yaml"
    station.write_text(station.read_text(encoding="utf-8") + 'hours: ""\noperator: ""\ncontact:\n  phone: ""\n'
                       "poster_qr:\n", encoding="utf-8")
    station.write_text(station.read_text(encoding="utf-8").replace("services: [便民服务]", "services:"), encoding="utf-8")
    assert check() == []
    station.write_text(station.read_text(encoding="utf-8").replace("district: 示例区", 'district: ""'), encoding="utf-8")
    assert check() == ["content/stations/square.yaml:4: district: 不能为空。"]
