"""ICS policy: a calendar parses back, strictly, into only the components and properties the
portal writes.

Text values are escaped and folded by icalendar when they are written; this re-reads the
bytes so that a title which slipped a CR/LF, `;` or `,` past the escaping would show up as
a parse error or a property nobody asked for (ATTENDEE, ATTACH …), and is refused.
"""

from __future__ import annotations

from icalendar import Calendar

from generator.gate.errors import GateError

_ZONE_RULE = {"DTSTART", "RDATE", "RRULE", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "COMMENT"}
PROPERTIES = {
    "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "X-WR-CALDESC",
                  "REFRESH-INTERVAL", "X-PUBLISHED-TTL"},
    "VTIMEZONE": {"TZID", "COMMENT", "LAST-MODIFIED", "TZURL", "X-LIC-LOCATION"},
    "STANDARD": _ZONE_RULE,
    "DAYLIGHT": _ZONE_RULE,
    "VEVENT": {"UID", "DTSTAMP", "SUMMARY", "DTSTART", "DTEND", "RRULE", "EXDATE", "DESCRIPTION", "URL",
               "CATEGORIES", "LOCATION", "TRANSP"},
    "VALARM": {"ACTION", "DESCRIPTION", "TRIGGER"},
}


def check_ics(data: bytes) -> Calendar:
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        raise GateError(f"不是有效的 iCalendar（{error}）。") from None
    if len(calendars) != 1:
        raise GateError(f"应只含一个 VCALENDAR，实有 {len(calendars)} 个。")
    for component in calendars[0].walk():
        allowed = PROPERTIES.get(component.name)
        if allowed is None:
            raise GateError(f"含有不应有的组件 {component.name}。")
        if component.errors:
            raise GateError(f"的 {component.name} 有无法解析的属性：{component.errors[0]}。")
        unexpected = sorted(set(component.keys()) - allowed)
        if unexpected:
            raise GateError(f"的 {component.name} 含有不应有的属性 {'、'.join(unexpected)}。")
    return calendars[0]


def ics_policy(path: str, data: bytes) -> bytes:
    check_ics(data)
    return data
