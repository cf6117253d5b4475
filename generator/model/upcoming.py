"""What is on next: the activities to go to from a day, for the "近期活动" lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from generator.model.nodes import ActivityNode


@dataclass(frozen=True)
class Upcoming:
    day: date
    activity: ActivityNode


def upcoming(activities: Iterable[ActivityNode], today: date, limit: int) -> list[Upcoming]:
    """The next ``limit`` things to go to from ``today``: public activities only (a work task is
    nothing to go to).

    Dated activities count by their next day; month-long ones only before they start
    (once under way they are on the month page); campaign-long items never, or they
    would crowd out everything with a precise date.
    """
    found = []
    for activity in activities:
        if not activity.is_public:
            continue
        when = activity.timing
        if when.is_dated or (when.kind == "month" and when.first > today):
            day = when.next_on_or_after(today)
            if day is not None:
                found.append(Upcoming(day, activity))
    found.sort(key=lambda u: (u.day, not u.activity.timing.is_dated, u.activity.campaign.start,
                              u.activity.campaign.id, u.activity.id))
    return found[:limit]
