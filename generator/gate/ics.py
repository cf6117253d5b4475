"""ICS policy: a calendar reads back, strictly, as only the components and properties the
portal writes.

Text values are escaped and folded by icalendar when they are written; this re-reads the
bytes so that a title which slipped a CR/LF, `;` or `,` past the escaping would show up as
a malformed line, a component nobody asked for (VTODO) or a property nobody asked for
(ATTENDEE, a second URL), and is refused.  The gate reads the content lines itself (RFC 5545
§3.1): parsing every calendar into objects with icalendar cost more than writing it, and one
.ics is written per activity.  check_ics() adds icalendar's parse, for tests.
"""

from __future__ import annotations

import re

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


# Components and where they may stand; properties a component may carry at most once.
PARENTS = {"VCALENDAR": None, "VTIMEZONE": "VCALENDAR", "STANDARD": "VTIMEZONE", "DAYLIGHT": "VTIMEZONE",
           "VEVENT": "VCALENDAR", "VALARM": "VEVENT"}
ONCE = {"PRODID", "VERSION", "CALSCALE", "UID", "DTSTAMP", "SUMMARY", "DTSTART", "DTEND", "DESCRIPTION", "URL",
        "LOCATION", "TRANSP", "TZID", "ACTION", "TRIGGER", "X-WR-CALNAME", "X-WR-CALDESC"}
_LINE = re.compile(r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"\x00-\x1f\x7f]*"|[^";:,\x00-\x1f\x7f]*)'
                   r'(?:,(?:"[^"\x00-\x1f\x7f]*"|[^";:,\x00-\x1f\x7f]*))*)*):([^\x00-\x08\x0a-\x1f\x7f]*)')


def validate_ics(data: bytes) -> None:
    """Content lines, components and properties as the portal writes them; GateError otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GateError(f"不是有效的 iCalendar（{error}）。") from None
    if not text.endswith("\r\n"):
        raise GateError("不是有效的 iCalendar（最后一行没有以 CRLF 结束）。")
    stack: list[str] = []
    seen: list[set[str]] = []
    calendars = 0
    for line in re.sub(r"\r\n[ \t]", "", text)[:-2].split("\r\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            raise GateError(f"不是有效的 iCalendar（无法识别的一行：{line[:40]}）。")
        name, value = match.group(1).upper(), match.group(3)
        if name == "BEGIN":
            component = value.upper()
            if component not in PARENTS:
                raise GateError(f"含有不应有的组件 {component}。")
            if PARENTS[component] != (stack[-1] if stack else None):
                raise GateError(f"的 {component} 不在它应在的组件里。")
            calendars += component == "VCALENDAR"
            stack.append(component)
            seen.append(set())
        elif name == "END":
            if not stack or stack.pop() != value.upper():
                raise GateError(f"不是有效的 iCalendar（END:{value} 与 BEGIN 不成对）。")
            seen.pop()
        elif not stack:
            raise GateError(f"不是有效的 iCalendar（{name} 在任何组件之外）。")
        elif name not in PROPERTIES[stack[-1]]:
            raise GateError(f"的 {stack[-1]} 含有不应有的属性 {name}。")
        elif name in ONCE and name in seen[-1]:
            raise GateError(f"的 {stack[-1]} 含有重复的属性 {name}。")
        else:
            seen[-1].add(name)
    if stack:
        raise GateError(f"不是有效的 iCalendar（{stack[-1]} 没有结束）。")
    if calendars != 1:
        raise GateError(f"应只含一个 VCALENDAR，实有 {calendars} 个。")


def check_ics(data: bytes) -> Calendar:
    """The gate's reading, then icalendar's parse of it (tests look inside)."""
    validate_ics(data)
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
    validate_ics(data)
    return data
