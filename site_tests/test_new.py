"""`portal new` (issue 15): a commented starting file in the right place that passes `portal check`."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import make_project
from generator.cli import main
from generator.source.load import load_sources

TODAY = "2019-03-04"
CAMPAIGN = "content/campaigns/demo-2019.yaml"
PASSED = re.compile(r"^检查通过：1 个方案，(\d+) 项活动，(\d+) 个站点，(\d+) 个先进典型，(\d+) 条动态。$")


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "mini")


def portal(project, capsys, *args) -> tuple[int, str, str]:
    code = main(["--project", str(project), "--today", TODAY, *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def counts(project, capsys) -> tuple[int, ...]:
    code, out, err = portal(project, capsys, "check")
    assert code == 0, err
    return tuple(int(n) for n in PASSED.match(out.strip()).groups())


def files(project) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}


# (arguments, the file it writes, which count of `check` goes up, what it says to fill in)
KINDS = [
    (["new", "station"], "content/stations/democity/new-station.yaml", 1, "请填写：address、location、name"),
    (["new", "station", "--id", "library", "--title", "示例市图书馆学雷锋志愿服务站"], "content/stations/democity/library.yaml", 1,
     "请填写：address、location（"),
    (["new", "story"], "content/exemplars/democity/new-story.md", None, "请填写：title、name、正文"),
    (["new", "story", "--title", "每个周六都在广场", "--campaign", "demo-2019"],
     "content/exemplars/democity/mei-ge-zhou-liu-dou-zai-guang-chang.md", None, "请填写：name、正文"),
    (["new", "news", "--id", "launch", "--title", "示例市启动学雷锋活动"], "content/news/2019-03-04-launch.md", None,
     "请填写：正文"),
    (["new", "news"], "content/news/2019-03-04-news.md", None, "请填写：title、正文"),
    (["new", "activity", "--campaign", "demo-2019", "--id", "river-guardians"], CAMPAIGN, 0, "请填写：title、body、section"),
]


@pytest.mark.parametrize("args, written, grows, fill_in", KINDS, ids=[" ".join(k[0][1:]) for k in KINDS])
def test_new_writes_a_file_that_passes_check(project, capsys, args, written, grows, fill_in):
    before = counts(project, capsys)
    untouched = {path: data for path, data in files(project).items() if path != written}
    code, out, err = portal(project, capsys, *args)
    assert code == 0, err
    assert out.startswith(f"已新建：{written}") and fill_in in out
    text = (project / written).read_text(encoding="utf-8")
    assert "待填写" in text and re.search(r"#.*[\u4e00-\u9fff]", text)  # commented in Chinese
    assert {path: data for path, data in files(project).items() if path != written} == untouched
    after = counts(project, capsys)
    expected = list(before)
    if grows is not None:
        expected[grows] += 1
    assert list(after) == expected  # stories and news start as drafts: checked, not yet published
    if grows is None:
        assert "draft: true" in text


def test_a_new_activity_goes_to_the_end_of_the_campaigns_activities(project, capsys):
    code, out, _ = portal(project, capsys, "new", "activity", "--campaign", "demo-2019", "--title", "学雷锋志愿服务进社区")
    assert code == 0
    record = load_sources(project).campaigns["demo-2019"]
    activity = record.model.activities[-1]
    assert (activity.id, activity.title, activity.section) == ("xue-lei-feng-zhi-yuan-fu-wu-jin-she-qu", "学雷锋志愿服务进社区",
                                                              "standing")
    assert [a.id for a in record.model.activities[:-1]] == ["saturday", "lei-feng-day", "civilised-april"]
    line = int(re.search(rf"{CAMPAIGN}:(\d+)", out).group(1))
    assert (project / CAMPAIGN).read_text(encoding="utf-8").splitlines()[line - 1].strip().startswith(
        "- id: xue-lei-feng-zhi-yuan-fu-wu-jin-she-qu")
    assert record.model.targets and record.model.deadlines  # what followed the list is still there


def test_the_commented_options_are_valid_once_uncommented(project, capsys):
    portal(project, capsys, "new", "activity", "--campaign", "demo-2019", "--id", "weekly")
    path = project / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    for option in ("month", "when", "leads", "responsible", "venues", "stations"):
        text = re.sub(rf"^(\s*)# ({option}: )", r"\1\2", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert counts(project, capsys) == (4, 1, 1, 0)
    activity = load_sources(project).campaigns["demo-2019"].model.activities[-1]
    assert (activity.when.rule, activity.when.time, activity.leads) == ("FREQ=WEEKLY;BYDAY=SA", "09:00-11:30", ["市文明办"])


def test_without_a_campaign_the_activity_is_printed_for_pasting(project, capsys):
    before = files(project)
    code, out, err = portal(project, capsys, "new", "activity", "--title", "文明交通志愿服务")
    assert code == 0 and files(project) == before
    [entry] = yaml.safe_load(out)
    assert entry["title"] == "文明交通志愿服务" and entry["section"] == "standing"
    assert "以上内容未写入任何文件" in err and "--campaign" in err


@pytest.mark.parametrize("args, message", [
    (["new", "station", "--id", "square"],
     "content/stations/square.yaml 已经存在，没有改动它：请用 --id 换一个名称，或直接编辑这个文件。"),
    (["new", "story", "--id", "li-xiaolei"],
     "content/exemplars/li-xiaolei.md 已经存在，没有改动它：请用 --id 换一个名称，或直接编辑这个文件。"),
    (["new", "activity", "--campaign", "demo-2019", "--id", "saturday"],
     "方案 demo-2019 中已有 id 为“saturday”的活动，没有改动文件：请用 --id 换一个。"),
    (["new", "activity", "--campaign", "demo-2020"], "没有方案“demo-2020”：可用的方案有 demo-2019。"),
    (["new", "station", "--region", "nowhere"], "没有地区“nowhere”：可用的地区有 democity（content/regions/ 下的文件名）。"),
    (["new", "station", "--id", "Lei_Feng"],
     "--id：“Lei_Feng”不能用作 id：只能使用小写英文字母、数字和连字符（如 kunming-2018、wenmingban）。"),
    (["new", "event"], "不认识的类型“event”：可以新建 activity（活动）、station（志愿服务站）、story（先进典型）、news（动态），"
                       "如 portal new station --id lei-feng-square --title 学雷锋广场。"),
    (["new", "news", "--title", "  "], "--title 应为一行不空的文字，如 --title \"学雷锋广场志愿服务站\"。"),
])
def test_nothing_is_overwritten_or_written_on_a_mistake(project, capsys, args, message):
    before = files(project)
    code, out, err = portal(project, capsys, *args)
    assert (code, out, err.strip()) == (1, "", message)
    assert files(project) == before


def test_a_second_new_file_of_the_same_name_is_refused(project, capsys):
    assert portal(project, capsys, "new", "news")[0] == 0
    written = files(project)
    code, _, err = portal(project, capsys, "new", "news")
    assert code == 1 and "content/news/2019-03-04-news.md 已经存在" in err
    assert files(project) == written


def test_titles_with_yaml_syntax_are_kept_as_written(project, capsys):
    title = '学雷锋: "我们在行动" #1'
    assert portal(project, capsys, "new", "station", "--id", "hall", "--title", title)[0] == 0
    assert load_sources(project).stations["hall"].model.name == title
    assert portal(project, capsys, "new", "activity", "--campaign", "demo-2019", "--id", "act", "--title", title)[0] == 0
    assert load_sources(project).campaigns["demo-2019"].model.activities[-1].title == title
    assert counts(project, capsys) == (4, 2, 1, 0)


def test_a_title_check_would_refuse_writes_nothing(project, capsys):
    before = files(project)
    code, out, err = portal(project, capsys, "new", "station", "--title", "中心\u200b广场")
    assert code == 1 and files(project) == before
    assert err.startswith("没有写入，生成的内容不能通过检查：\ncontent/stations/democity/zhong-xin-guang-chang.yaml:3: name: 含有看不见的字符 U+200B")


def test_a_campaign_file_with_windows_line_ends_keeps_them(project, capsys):
    path = project / CAMPAIGN
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert portal(project, capsys, "new", "activity", "--campaign", "demo-2019", "--id", "crlf")[0] == 0
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert counts(project, capsys) == (4, 1, 1, 0)
