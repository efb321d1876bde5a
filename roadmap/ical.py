"""A small iCalendar (RFC 5545) writer for all-day deadlines.

Only what a calendar of deadlines needs: a VCALENDAR of all-day VEVENTs. Text values are
escaped (backslash, semicolon, comma, line breaks), lines end with CRLF and are folded at 75
octets without cutting a UTF-8 character in two, as section 3.1 of the RFC asks.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

LINE_LIMIT = 75  # octets, without the CRLF
PRODID = "-//Nastavnichestvo//Deadlines//RU"


@dataclass(frozen=True)
class Event:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""


def escape(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash first, then the separators and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line longer than 75 octets; each continuation starts with a space,
    which counts towards its 75 octets. Characters are never split."""
    if len(line.encode()) <= LINE_LIMIT:
        return line
    parts, current, size, limit = [], [], 0, LINE_LIMIT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_LIMIT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def site_host() -> str:
    """The host part of settings.SITE_URL: UIDs stay unique across installations."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
    ]
    # The event ends the next day; 31 December 9999 has none, and a date alone lasts a day.
    if event.day < datetime.date.max:
        lines.append(f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}")
    lines.append(f"SUMMARY:{escape(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    # A deadline does not make its owner busy for the day.
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(events: Iterable[Event], *, name: str, now: datetime.datetime | None = None) -> bytes:
    """The calendar as UTF-8 bytes, ready to serve as text/calendar."""
    stamp = f"{(now or timezone.now()).astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines).encode()
