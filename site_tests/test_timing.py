from datetime import date

from generator.source.schema import When
from generator.model.timing import describe_rrule, resolve

START, END = date(2018, 1, 1), date(2018, 12, 31)


def when(**fields):
    return When.model_validate(fields)


def test_single_day():
    t = resolve(when(date="2018-03-05", note="3·5当天"), START, END)
    assert (t.kind, t.first, t.last) == ("day", date(2018, 3, 5), date(2018, 3, 5))
    assert t.label() == "2018年3月5日，3·5当天"
    assert t.months() == [(2018, 3)]


def test_whole_month_and_default_for_monthly_theme():
    t = resolve(when(month="2018-02"), START, END)
    assert (t.first, t.last) == (date(2018, 2, 1), date(2018, 2, 28))
    assert t.label() == "2018年2月（全月）"
    assert not t.is_dated
    assert resolve(None, START, END, month=(2018, 2)) == t.__class__("month", t.first, t.last, None)


def test_undated_item_lasts_the_whole_campaign():
    t = resolve(None, START, END)
    assert t.kind == "period"
    assert len(t.months()) == 12
    assert t.label() == "方案全程（2018年1月1日至12月31日）"


def test_range_label_and_months():
    t = resolve(when(start="2020-11-28", end="2021-01-03"), START, date(2021, 12, 31))
    assert t.label() == "2020年11月28日至2021年1月3日"
    assert t.months() == [(2020, 11), (2020, 12), (2021, 1)]


def test_weekly_recurrence_with_exdate():
    t = resolve(when(rrule="FREQ=WEEKLY;BYDAY=SA", start="2018-02-03", exdates=["2018-02-17"]), START, END)
    assert t.dates(date(2018, 2, 1), date(2018, 2, 28)) == [date(2018, 2, 3), date(2018, 2, 10), date(2018, 2, 24)]
    assert t.next_on_or_after(date(2018, 2, 11)) == date(2018, 2, 24)
    assert t.label().startswith("每周六（2018年2月3日至12月31日）")
    assert len(t.dates()) == 47  # 48 Saturdays from 3 Feb to 29 Dec, less one exception


def test_recurrence_stops_at_until():
    t = resolve(when(rrule="FREQ=MONTHLY;BYMONTHDAY=23", start="2018-01-23", until="2018-03-31"), START, END)
    assert t.dates() == [date(2018, 1, 23), date(2018, 2, 23), date(2018, 3, 23)]
    assert t.next_on_or_after(date(2018, 3, 24)) is None


def test_several_days():
    t = resolve(when(dates=["2021-03-19", "2021-07-19", "2021-11-19"]), START, date(2021, 12, 31))
    assert t.months() == [(2021, 3), (2021, 7), (2021, 11)]
    assert t.next_on_or_after(date(2021, 3, 20)) == date(2021, 7, 19)


def test_rrule_descriptions():
    assert describe_rrule("FREQ=WEEKLY;BYDAY=SA") == "每周六"
    assert describe_rrule("FREQ=MONTHLY;BYMONTHDAY=23") == "每月23日"
    assert describe_rrule("FREQ=YEARLY;BYMONTH=3,7,11;BYMONTHDAY=19") == "每年3月、7月、11月19日"
    assert describe_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA") == "每两周周六"
    assert describe_rrule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1") == (
        "重复规则 FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")  # beyond the Chinese forms: as written


def test_a_chinese_rule_resolves_like_its_rrule():
    chinese = resolve(when(repeat="每周六", start="2018-02-03", exdates=["2018-02-17"]), START, END)
    rrule = resolve(when(rrule="FREQ=WEEKLY;BYDAY=SA", start="2018-02-03", exdates=["2018-02-17"]), START, END)
    assert chinese.when.rule == "FREQ=WEEKLY;BYDAY=SA"
    assert chinese.dates() == rrule.dates() and chinese.label() == rrule.label()
