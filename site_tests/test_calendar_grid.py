from datetime import date
from pathlib import Path

from conftest import DEMO_TODAY, REPO
from generator.build import render
from generator.model.calendar_grid import month_calendar
from generator.project import load_site

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_grid_puts_dated_items_on_days_and_spans_above():
    site = load_site(MINI, date(2019, 4, 10))
    cal = month_calendar(2019, 4, site.activities, site.today)
    assert all(len(week) == 7 for week in cal.weeks) and cal.weeks[0][0].day == date(2019, 4, 1)
    saturdays = [d.day for d in cal.days if any(a.id == "saturday" for a in d.activities)]
    assert saturdays == [date(2019, 4, 13), date(2019, 4, 20), date(2019, 4, 27)]  # 4-6 is an EXDATE
    assert [a.id for a in cal.whole_month] == ["civilised-april"]
    assert [k.name for d, k in cal.key_days] == ["清明节"] and cal.key_days[0][0] == date(2019, 4, 5)
    assert [d.day for d in cal.days if d.is_today] == [date(2019, 4, 10)]


def test_campaign_long_items_are_not_faked_as_daily_events():
    site = load_site(REPO, DEMO_TODAY)
    cal = month_calendar(2018, 11, site.campaign("kunming-2018").activities)
    assert [a.id for a in cal.longer] == ["station-service", "civilised-traffic", "party-members", "wu-jin-shequ"]
    assert not any(a in cal.longer for d in cal.days for a in d.activities)


def test_work_tasks_are_not_on_a_month_calendar():
    """Pu'er's 41 主要任务 (建立健全志愿服务规章制度 …) are for the units, not for citizens to attend."""
    site = load_site(REPO, DEMO_TODAY)
    puer = month_calendar(2019, 11, site.campaign("puer-2019").activities)
    assert not puer.has_activities and not puer.longer
    kunming = month_calendar(2018, 12, site.campaign("kunming-2018").activities)
    assert "inspection-readiness" not in [a.id for a in kunming.whole_month]  # audience: internal on the activity
    assert "volunteer-day-event" in [a.id for d in kunming.days for a in d.activities]


def test_theme_tied_to_a_festival_shows_its_real_date():
    pages = dict(render(REPO, DEMO_TODAY).items())
    february = pages["campaigns/kunming-2018/2018-02.md"].decode("utf-8")
    assert "节日节点：春节（2018年2月16日）" in february
    campaign = pages["campaigns/kunming-2018/index.md"].decode("utf-8")
    assert "中秋节（2018年9月24日）" in campaign
