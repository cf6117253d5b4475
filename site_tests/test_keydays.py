"""Festival dates against published values: lunar festivals and 清明 move every year."""

from datetime import date

import pytest

from generator.model.keydays import KEY_DAYS, key_days_of_year

KNOWN = {
    # year: 春节, 元宵节, 清明节, 端午节, 中秋节, 重阳节
    2017: ("2017-01-28", "2017-02-11", "2017-04-04", "2017-05-30", "2017-10-04", "2017-10-28"),
    2018: ("2018-02-16", "2018-03-02", "2018-04-05", "2018-06-18", "2018-09-24", "2018-10-17"),
    2019: ("2019-02-05", "2019-02-19", "2019-04-05", "2019-06-07", "2019-09-13", "2019-10-07"),
    2020: ("2020-01-25", "2020-02-08", "2020-04-04", "2020-06-25", "2020-10-01", "2020-10-25"),
    2021: ("2021-02-12", "2021-02-26", "2021-04-04", "2021-06-14", "2021-09-21", "2021-10-14"),
    2026: ("2026-02-17", "2026-03-03", "2026-04-05", "2026-06-19", "2026-09-25", "2026-10-18"),
}
NAMES = ("春节", "元宵节", "清明节", "端午节", "中秋节", "重阳节")


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_movable_festivals(year):
    for name, expected in zip(NAMES, KNOWN[year]):
        assert KEY_DAYS[name].date_in(year) == date.fromisoformat(expected), (name, year)


@pytest.mark.parametrize("year", [2017, 2018, 2021, 2026])
def test_fixed_key_days(year):
    expected = {"元旦": (1, 1), "学雷锋纪念日": (3, 5), "儿童节": (6, 1), "建党节": (7, 1), "建军节": (8, 1),
                "世界无车日": (9, 22), "国庆节": (10, 1), "国际志愿者日": (12, 5)}
    for name, (month, day) in expected.items():
        assert KEY_DAYS[name].date_in(year) == date(year, month, day)


def test_two_key_days_can_share_a_date():
    assert [k.name for k in key_days_of_year(2020)[date(2020, 10, 1)]] == ["中秋节", "国庆节"]
