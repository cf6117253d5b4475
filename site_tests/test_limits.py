"""Limits with messages (issue 12): recurrence expansion, dates, names, invisible characters,
Markdown nesting.  The gate corpus (limits, silent) checks the messages end to end; these tests
check the rules behind them, including the calendar shift that keeps rule scans short."""

from __future__ import annotations

import datetime as dt
import random
from datetime import date, datetime, timedelta
from typing import Optional, get_args

import markdown
import pytest
from dateutil.rrule import rrulestr
from pydantic import BaseModel, ValidationError, create_model

from conftest import edit, line_of
from generator.model import timing
from generator.model.timing import _cycle_years, _rule_days, resolve, rule_problem
from generator.source import schema
from generator.source.schema import MAX_OCCURRENCES, Markdown, Model, When
from generator.source.text_checks import MAX_MARKDOWN_DEPTH, too_deep

START, END = date(2019, 1, 1), date(2019, 12, 31)
NEWS = "content/news/emoji.md"


def when(**fields) -> When:
    return When.model_validate(fields)


def schema_error(model, data) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value.errors()[0]["ctx"]["error"])


# --- rule expansion -----------------------------------------------------------------------------

RULES = ["FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=SA", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU",
         "FREQ=WEEKLY;WKST=SU;INTERVAL=3;BYDAY=SU,SA", "FREQ=MONTHLY;BYMONTHDAY=23", "FREQ=MONTHLY;BYDAY=1SA",
         "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=31",
         "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
         "FREQ=YEARLY;BYMONTH=3,7,11;BYMONTHDAY=19", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", "FREQ=YEARLY;BYYEARDAY=366",
         "FREQ=YEARLY;BYDAY=20MO", "FREQ=WEEKLY;BYWEEKNO=1,52,53;BYDAY=TH", "FREQ=DAILY;COUNT=5"]


def test_shifted_expansion_gives_the_same_days_as_dateutil():
    """The expansion moves each span near the year 9999 and back: it must not change a single day,
    for spans in the 28-year stretch, spans touching 2100 and spans of a century (400-year shift)."""
    sample = random.Random(12)
    for _ in range(300):
        rule = sample.choice(RULES)
        first = date(1963, 1, 1) + timedelta(sample.randrange(50_000))
        last = min(first + timedelta(sample.choice([400, 3_000, 30_000])), date(2100, 12, 31))
        start = datetime.combine(first, datetime.min.time())
        expected = [moment.date() for moment in
                    rrulestr(rule, dtstart=start).between(start, datetime.combine(last, datetime.min.time()), inc=True)]
        assert list(_rule_days(rule, first, last)) == expected, (rule, first, last)


def test_the_shift_keeps_the_calendar_and_ends_spans_near_the_year_9999():
    sample = random.Random(5)
    for _ in range(2_000):
        first = date(1963, 1, 1) + timedelta(sample.randrange(50_000))
        last = min(first + timedelta(sample.randrange(2_000)), date(2100, 12, 31))
        years = _cycle_years(first, last)
        for day in (first, last, date(first.year, 2, 28), date(last.year, 12, 31)):
            moved = day.replace(year=day.year + years)
            assert moved.weekday() == day.weekday(), (first, last, years)
            assert (moved.year % 4 == 0 and moved.year % 100 != 0 or moved.year % 400 == 0) == \
                   (day.year % 4 == 0 and day.year % 100 != 0 or day.year % 400 == 0)
        # a rule that never happens is scanned from the span to the year 9999: a few years at most
        assert last.year + years >= (9_971 if last.year < 2100 else 9_599), (first, last)
        assert last.year + years <= 9_998


def test_expansion_stops_lazily_at_the_cap():
    t = resolve(when(rrule="FREQ=DAILY", start="2019-01-01", exdates=["2019-01-02"]), START, date(2023, 12, 31))
    assert len(t._rule_days) == MAX_OCCURRENCES + 2  # one exdate, and one more day than allowed
    assert rule_problem(t).message.startswith(f"重复规则“FREQ=DAILY”在 2019-01-01 至 2023-12-31 之间超过 {MAX_OCCURRENCES} 次")


def test_a_span_of_a_century_is_refused_before_anything_is_expanded():
    t = resolve(when(rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", start="1963-01-01", until="2100-12-31"), START, END)
    assert rule_problem(t) == timing.Problem(
        ("rrule",), "重复规则的时间段 1963-01-01 至 2100-12-31 超过 60 个月（方案最长的周期）："
                    "请用 start、until 把它限定在方案周期前后。")
    assert "_rule_days" not in t.__dict__


@pytest.mark.parametrize("rule", ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
                                  "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=DAILY;INTERVAL=7;BYDAY=SU", "FREQ=DAILY;COUNT=0"])
def test_a_rule_that_never_happens_is_an_error(rule):
    t = resolve(when(rrule=rule, start="2019-01-07"), START, END)  # a Monday
    assert rule_problem(t) == timing.Problem(
        ("rrule",), f"重复规则“{rule}”在 2019-01-07 至 2019-12-31 之间一次也不会发生（规则中的日期不存在或互相矛盾，"
                    "如 2 月没有 30 日）：请核对 FREQ、BYMONTH、BYMONTHDAY、BYDAY 以及 start、until、exdates。")


def test_exdates_must_be_days_of_the_rule_and_leave_one():
    rule = "FREQ=MONTHLY;BYMONTHDAY=23"
    every = resolve(when(rrule=rule, start="2019-11-01", exdates=["2019-11-23", "2019-12-23"]), START, END)
    assert "exdates 排除了它的全部日期" in rule_problem(every).message
    stray = resolve(when(rrule=rule, start="2019-11-01", exdates=["2019-12-23", "2019-12-24"]), START, END)
    assert rule_problem(stray).loc == ("exdates", 1)
    assert rule_problem(stray).message.startswith("2019-12-24 不是重复规则“FREQ=MONTHLY;BYMONTHDAY=23”")
    assert rule_problem(resolve(when(rrule=rule, exdates=["2019-12-23"]), START, END)) is None


def test_until_in_the_rule_and_the_field_the_earlier_wins():
    t = resolve(when(rrule="FREQ=MONTHLY;BYMONTHDAY=23;UNTIL=20190331", until="2019-12-31"), START, END)
    assert t.last == date(2019, 3, 31)
    assert t.dates() == [date(2019, 1, 23), date(2019, 2, 23), date(2019, 3, 23)]


def test_dates_of_a_month_come_from_the_expanded_days():
    t = resolve(when(rrule="FREQ=WEEKLY;BYDAY=SA"), START, END)
    assert t.dates(date(2019, 3, 1), date(2019, 3, 31)) == [date(2019, 3, d) for d in (2, 9, 16, 23, 30)]
    assert t.month_set == frozenset(t.months()) and len(t.months()) == 12


# --- the rule as written -------------------------------------------------------------------------


@pytest.mark.parametrize("rule, part", [("FREQ=DAILY;BYHOUR=9", "BYHOUR"), ("FREQ=WEEKLY;BYDAY=SA;BYMINUTE=0,30", "BYMINUTE")])
def test_time_of_day_in_a_rule_is_refused(rule, part):
    assert schema_error(When, {"rrule": rule}) == (
        f"重复规则“{rule}”不能含 {part}：重复规则只写哪几天重复，一天中的时间请写在 time 中（如 time: 09:00-11:30）。")


@pytest.mark.parametrize("rule, fragment", [
    ("FREQ=YEARLY;BYEASTER=0", "中的 BYEASTER 不受支持"),
    ("FREQ=DAILY\nDTSTART:19000101T000000", "只能包含英文字母、数字和 = ; , + -，写在一行内"),
    ("RRULE:FREQ=DAILY", "只能包含英文字母、数字和 = ; , + -"),
    ("FREQ=DAILY;INTERVAL=0", "的 INTERVAL 应为 1 至 9999 的整数"),
    ("FREQ=WEEKLY;UNTIL=2019", "的 UNTIL 应为 19630101 至 21001231 之间存在的日期"),
    ("FREQ=WEEKLY;UNTIL=20190230", "的 UNTIL 应为 19630101 至 21001231 之间存在的日期"),
    ("BYDAY=SA", "缺少频率 FREQ"),
    ("FREQ=HOURLY", "的频率 HOURLY 太密"),
])
def test_rules_that_cannot_be_checked_are_refused(rule, fragment):
    assert fragment in schema_error(When, {"rrule": rule})


def test_rules_are_stored_in_capitals():
    assert when(rrule="freq=weekly;byday=sa").rrule == "FREQ=WEEKLY;BYDAY=SA"


# --- dates, ids, names ---------------------------------------------------------------------------


def _date_fields(model: type[BaseModel], seen: set) -> list[tuple[str, object]]:
    if model in seen:
        return []
    seen.add(model)
    found = []
    for name, field in model.model_fields.items():
        stack = [field.annotation]
        while stack:
            annotation = stack.pop()
            if annotation is dt.date:
                found.append((f"{model.__name__}.{name}", field))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found += _date_fields(annotation, seen)
            stack += get_args(annotation)
    return found


def test_every_date_field_of_the_schema_is_in_the_sane_range():
    fields = _date_fields(schema.SiteFile, set()) + _date_fields(schema.CampaignFile, set()) + \
        _date_fields(schema.ExemplarFile, set()) + _date_fields(schema.NewsFile, set())
    assert len(fields) >= 15
    for name, field in fields:
        probe = create_model("Probe", __base__=Model, value=(field.annotation, field))
        for wrong in ("0001-01-01", "1962-12-31", "2101-01-01", "9999-12-31"):
            data = [wrong] if "list" in str(field.annotation) else wrong
            with pytest.raises(ValidationError, match="不在 1963-01-01 至 2100-12-31 之间"):
                probe.model_validate({"value": data})
        assert probe.model_validate({"value": ["2019-03-05"] if "list" in str(field.annotation) else "2019-03-05"})


def test_ids_are_at_most_64_characters():
    assert schema.Category.model_validate({"id": "a" * 64, "name": "x"}).id == "a" * 64
    assert "有 65 个字符，超过上限 64" in schema_error(schema.Category, {"id": "a" * 65, "name": "x"})


class Probe(Model):
    name: Optional[str] = None  # any new one-line field, written without a special type
    names: list[schema.Text] = []
    body: Markdown = ""


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\U000e0041"])
def test_invisible_characters_are_refused_in_one_line_fields_by_default(char):
    for data in ({"name": f"中心{char}广场"}, {"names": ["甲", f"中心{char}广场"]}):
        with pytest.raises(ValidationError, match=f"含有看不见的字符 U\\+{ord(char):04X}"):
            Probe.model_validate(data)


def test_long_text_keeps_zero_width_joiners_for_emoji():
    assert Probe.model_validate({"body": "志愿者 🧑\u200d🤝\u200d🧑 服务"}).body == "志愿者 🧑\u200d🤝\u200d🧑 服务"


def test_an_emoji_sequence_in_a_story_body_passes_check(check, mini):
    (mini / NEWS).parent.mkdir(parents=True, exist_ok=True)
    (mini / NEWS).write_text("---\ntitle: 医护志愿者\ndate: 2019-03-05\n---\n👩\u200d⚕️ 为居民量血压。\n", encoding="utf-8")
    assert check() == []


def test_a_bidi_control_anywhere_names_its_line(check, mini):
    edit(mini, "content/stations/square.yaml", "services: [便民服务]", "services: [便民服务]  # \u200f")
    [line] = check()
    number = line_of(mini, "content/stations/square.yaml", "services:")
    assert line.startswith(f"content/stations/square.yaml:{number}: 含有不可见的文字方向控制字符 U+200F")


# --- Markdown nesting -----------------------------------------------------------------------------


def test_nesting_up_to_the_bound_renders_and_one_more_level_is_refused():
    lists = "".join("    " * level + "- 项\n" for level in range(MAX_MARKDOWN_DEPTH))
    quotes = "".join(">" * level + " 引文\n" for level in range(1, MAX_MARKDOWN_DEPTH + 1))
    for text in (lists, quotes, "> - " * (MAX_MARKDOWN_DEPTH // 2) + "项"):
        assert too_deep(text) is None
        assert markdown.markdown(text)
    assert too_deep(lists + "    " * MAX_MARKDOWN_DEPTH + "- 项\n") == len(lists)
    assert too_deep("正文\n" + quotes + ">" * (MAX_MARKDOWN_DEPTH + 1) + " 引文") == len("正文\n" + quotes)


@pytest.mark.parametrize("text", [
    "".join("\t" * level + "- 项\n" for level in range(1000)),
    "".join(">" * level + " 引文\n" for level in range(1, 1001)),
    "- " * 1000 + "项",
    "1. " * 1000 + "项",
])
def test_a_thousand_levels_are_found_at_the_first_line_too_deep(text):
    offset = too_deep(text)
    assert offset is not None and text.count("\n", 0, offset) <= MAX_MARKDOWN_DEPTH


def test_indented_prose_is_not_nesting():
    assert too_deep(" " * 200 + "居中的标题\n" + "\t" * 30 + "缩进的文字") is None


# --- file size -------------------------------------------------------------------------------------


def test_a_plan_with_thousands_of_long_activities_fits_under_the_file_limit(check, mini):
    """MAX_ACTIVITIES activities with realistic bodies (about 1 KB each) are readable: the size
    limit refuses dumps, not big plans."""
    from generator.source.load import MAX_SOURCE_BYTES

    path = mini / "content/campaigns/demo-2019.yaml"
    body = "      " + "组织志愿者深入社区开展便民服务、关爱空巢老人和留守儿童。" * 12 + "\n"
    block = "".join(f"  - id: bulk-{n}\n    section: standing\n    title: 常态化志愿服务第{n}项\n    body: |\n{body}"
                    for n in range(schema.MAX_ACTIVITIES - 10))
    text = path.read_text(encoding="utf-8")
    assert len(block.encode("utf-8")) > 2 * 1024 * 1024  # over the former limit
    at = text.index("activities:\n") + len("activities:\n")
    path.write_text(text[:at] + block + text[at:], encoding="utf-8")
    assert path.stat().st_size < MAX_SOURCE_BYTES
    assert check() == []  # read, and valid: 2,993 activities are within MAX_ACTIVITIES


def test_a_file_over_the_limit_is_refused_before_it_is_read(check, mini):
    from generator.source.load import MAX_SOURCE_BYTES

    path = mini / "content/stations/dump.yaml"
    path.write_bytes(b"name: x\n" + b"#" * MAX_SOURCE_BYTES)
    assert any(line.startswith("content/stations/dump.yaml:1: 文件过大（8.0 MB），超过上限 8 MB，未读取")
               for line in check())
