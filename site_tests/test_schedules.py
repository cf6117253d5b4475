"""Schedules in Chinese (issue 15): 每周六 → FREQ=WEEKLY;BYDAY=SA → 每周六, and the days they name."""

from __future__ import annotations

from datetime import date, datetime
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from pydantic import ValidationError

from generator.source.schedules import FORMS, ScheduleError, describe, to_rrule
from generator.source.schema import When

# text as an editor writes it, the rule calendars get, how pages say it, its first days from `start`
# (2018-03-01 is a Thursday).
FORMS_AND_DAYS = [
    ("每周六", "FREQ=WEEKLY;BYDAY=SA", "每周六", "2018-03-01", ["2018-03-03", "2018-03-10", "2018-03-17"]),
    ("每周六、周日", "FREQ=WEEKLY;BYDAY=SA,SU", "每周六、周日", "2018-03-01", ["2018-03-03", "2018-03-04", "2018-03-10"]),
    ("每周二和周四", "FREQ=WEEKLY;BYDAY=TU,TH", "每周二、周四", "2018-03-01",
     ["2018-03-01", "2018-03-06", "2018-03-08", "2018-03-13"]),
    ("每周二、四", "FREQ=WEEKLY;BYDAY=TU,TH", "每周二、周四", "2018-03-01", ["2018-03-01", "2018-03-06"]),
    ("每天", "FREQ=DAILY", "每天", "2018-03-01", ["2018-03-01", "2018-03-02", "2018-03-03"]),
    ("工作日", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "每周一至周五", "2018-03-01",
     ["2018-03-01", "2018-03-02", "2018-03-05", "2018-03-06"]),
    ("每个工作日", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "每周一至周五", "2018-03-01", ["2018-03-01", "2018-03-02"]),
    ("每周一至周五", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "每周一至周五", "2018-03-01", ["2018-03-01", "2018-03-02"]),
    ("周末", "FREQ=WEEKLY;BYDAY=SA,SU", "每周六、周日", "2018-03-01", ["2018-03-03", "2018-03-04", "2018-03-10"]),
    ("每星期六", "FREQ=WEEKLY;BYDAY=SA", "每周六", "2018-03-01", ["2018-03-03"]),
    ("星期天", "FREQ=WEEKLY;BYDAY=SU", "每周日", "2018-03-01", ["2018-03-04", "2018-03-11"]),
    ("每月23日", "FREQ=MONTHLY;BYMONTHDAY=23", "每月23日", "2018-03-01", ["2018-03-23", "2018-04-23", "2018-05-23"]),
    ("每月23号", "FREQ=MONTHLY;BYMONTHDAY=23", "每月23日", "2018-03-01", ["2018-03-23"]),
    ("每月二十三日", "FREQ=MONTHLY;BYMONTHDAY=23", "每月23日", "2018-03-01", ["2018-03-23"]),
    ("每月1日和15日", "FREQ=MONTHLY;BYMONTHDAY=1,15", "每月1日、15日", "2018-03-01",
     ["2018-03-01", "2018-03-15", "2018-04-01", "2018-04-15"]),
    ("每月最后一天", "FREQ=MONTHLY;BYMONTHDAY=-1", "每月最后一天", "2018-03-01",
     ["2018-03-31", "2018-04-30", "2018-05-31", "2018-06-30"]),
    ("每月月底", "FREQ=MONTHLY;BYMONTHDAY=-1", "每月最后一天", "2018-03-01", ["2018-03-31"]),
    ("每月最后一个周五", "FREQ=MONTHLY;BYDAY=-1FR", "每月最后一个周五", "2018-03-01",
     ["2018-03-30", "2018-04-27", "2018-05-25"]),
    ("每月第一个周一", "FREQ=MONTHLY;BYDAY=1MO", "每月第一个周一", "2018-03-01", ["2018-03-05", "2018-04-02", "2018-05-07"]),
    ("每月第一、三个周六", "FREQ=MONTHLY;BYDAY=1SA,3SA", "每月第一个、第三个周六", "2018-03-01",
     ["2018-03-03", "2018-03-17", "2018-04-07"]),
    ("每两周周三", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "每两周周三", "2018-03-07", ["2018-03-07", "2018-03-21", "2018-04-04"]),
    ("隔周周六", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "每两周周六", "2018-03-03", ["2018-03-03", "2018-03-17"]),
    ("每年3月5日", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5", "每年3月5日", "2018-01-01",
     ["2018-03-05", "2019-03-05", "2020-03-05"]),
    ("3月5日", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5", "每年3月5日", "2018-01-01", ["2018-03-05", "2019-03-05"]),
    ("每年3月、7月、11月19日", "FREQ=YEARLY;BYMONTH=3,7,11;BYMONTHDAY=19", "每年3月、7月、11月19日", "2021-01-01",
     ["2021-03-19", "2021-07-19", "2021-11-19"]),
    ("每年5月第二个周日", "FREQ=YEARLY;BYMONTH=5;BYDAY=2SU", "每年5月第二个周日", "2018-01-01", ["2018-05-13", "2019-05-12"]),
]
IDS = [case[0] for case in FORMS_AND_DAYS]


@pytest.mark.parametrize("text, rule, shown, start, days", FORMS_AND_DAYS, ids=IDS)
def test_each_form_becomes_its_rule_and_is_shown_back_in_chinese(text, rule, shown, start, days):
    assert to_rrule(text) == rule
    assert describe(rule) == shown
    assert to_rrule(shown) == rule  # what pages show is itself a form editors can write


@pytest.mark.parametrize("text, rule, shown, start, days", FORMS_AND_DAYS, ids=IDS)
def test_each_form_names_the_days_the_plan_means(text, rule, shown, start, days):
    dtstart = datetime.fromisoformat(start)
    found = [moment.date().isoformat() for moment in islice(rrulestr(to_rrule(text), dtstart=dtstart), len(days))]
    assert found == days


def test_every_form_the_messages_and_readme_list_is_tested_above():
    assert set(FORMS) <= set(IDS)


def test_spacing_and_full_width_characters_do_not_matter():
    assert to_rrule(" 每周 二 ，周四 ") == to_rrule("每周２和周４") == "FREQ=WEEKLY;BYDAY=TU,TH"


@pytest.mark.parametrize("rule, shown", [
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "每周一、周三、周五"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,SA", "每周一至周三、周六"),
    ("FREQ=MONTHLY;BYDAY=-2FR", "每月倒数第二个周五"),
    ("FREQ=MONTHLY;BYMONTHDAY=-2", "每月倒数第二天"),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10", "每三个月10日"),
    ("FREQ=DAILY;INTERVAL=2", "每两天"),
    ("FREQ=DAILY;COUNT=5", "每天，共5次"),
    ("freq=weekly;byday=sa;until=20181231", "每周六"),  # the span is printed beside the rule
    ("FREQ=MONTHLY;BYDAY=MO", "重复规则 FREQ=MONTHLY;BYDAY=MO"),
    ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=TH", "重复规则 FREQ=YEARLY;BYWEEKNO=1;BYDAY=TH"),
    ("FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", "重复规则 FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR"),  # Fridays the 13th
])
def test_rules_written_by_hand_are_shown_in_chinese_where_there_are_words_for_them(rule, shown):
    assert describe(rule) == shown


def test_a_rule_that_leaves_the_day_to_its_start_uses_the_start():
    assert describe("FREQ=WEEKLY", date(2018, 3, 3)) == "每周六"
    assert describe("FREQ=MONTHLY", date(2018, 3, 5)) == "每月5日"
    assert describe("FREQ=YEARLY", date(2018, 3, 5)) == "每年3月5日"
    assert describe("FREQ=WEEKLY") == "重复规则 FREQ=WEEKLY"


HINT = ("可用的写法：每周六、每周二和周四、每周一至周五、工作日、周末、每天、每两周周三、每月23日、每月1日和15日、每月最后一天、"
        "每月第一个周一、每月最后一个周五、每年3月5日；其他规律请写 iCalendar 重复规则，如 FREQ=WEEKLY;BYDAY=SA"
        "（README“重复的活动”一节有说明）。")


@pytest.mark.parametrize("text, message", [
    ("每季度", "重复规则“每季度”无法识别。" + HINT),
    ("每周", "重复规则“每周”没有写星期几（如 每周六）。" + HINT),
    ("每月", "重复规则“每月”没有写几日（如 每月23日）。" + HINT),
    ("每周八", "重复规则“每周八”中“八”不是星期几。" + HINT),
    ("每周五至周一", "重复规则“每周五至周一”中“五至周一”的起止写反了（应从周一向周日，如 周一至周五）。" + HINT),
    ("每月32日", "重复规则“每月32日”中的“32日”不存在（每月只有 1 至 31 日）。" + HINT),
    ("每月1、15", "重复规则“每月1、15”中“1”缺少“日”（如 每月1日）。" + HINT),
    ("每年2月30日", "重复规则“每年2月30日”中的日期不存在：2月没有30日。" + HINT),
    ("每年13月1日", "重复规则“每年13月1日”中的“13月”不存在。" + HINT),
    ("每年3月", "重复规则“每年3月”只写了月份，没有写几日（如 每年3月5日）；整月的活动请用 month: 2018-03。" + HINT),
    ("每月第六个周一", "重复规则“每月第六个周一”中的“第六个周一”不存在（一个月里同一个星期几最多有 5 个）。" + HINT),
    ("每月1日和第一个周一", "重复规则“每月1日和第一个周一”把几日和第几个星期几写在了一起：一条规则只能用一种，请分成两项。" + HINT),
    ("每年3月5日和9月22日", "重复规则“每年3月5日和9月22日”中的几个日期不在各月的同一天，一条重复规则写不下：请用 dates 列出日期，"
                         "或分成几项。" + HINT),
    ("每100周周一", "重复规则“每100周周一”的间隔“每100周”应在 1 至 99 之间。" + HINT),
    ("每周六上午", "重复规则“每周六上午”里写了一天中的时间：repeat 只写哪几天，时间请另写在 time 中，"
                "如 repeat: 每周六 和 time: 09:00-11:30。"),
    ("每周六 9:00-11:30", "重复规则“每周六 9:00-11:30”里写了一天中的时间：repeat 只写哪几天，时间请另写在 time 中，"
                        "如 repeat: 每周六 和 time: 09:00-11:30。"),
])
def test_a_form_outside_the_grammar_is_refused_with_the_forms_that_work(text, message):
    with pytest.raises(ScheduleError) as caught:
        to_rrule(text)
    assert str(caught.value) == message


# --- in the schema -----------------------------------------------------------------------------


def when(**fields) -> When:
    return When.model_validate(fields)


def test_repeat_and_rrule_both_take_either_way_of_writing():
    for field in ("repeat", "rrule"):
        for text in ("每周六", "FREQ=WEEKLY;BYDAY=SA", "freq=weekly;byday=sa"):
            assert when(**{field: text}).rule == "FREQ=WEEKLY;BYDAY=SA"
    written = when(repeat="每周六", start="2018-03-03")
    assert (written.repeat, written.rule_field, written.rule_text) == ("每周六", "repeat", "每周六")


def test_a_rule_is_written_once():
    with pytest.raises(ValidationError) as caught:
        when(repeat="每周六", rrule="FREQ=WEEKLY;BYDAY=SA")
    assert "当前同时写了 repeat、rrule。" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        when(date="2018-03-05", until="2018-04-01")
    assert "until 和 exdates 只能与 repeat（重复）一起使用。" in str(caught.value)
