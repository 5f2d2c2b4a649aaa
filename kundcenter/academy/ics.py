"""An iCalendar (RFC 5545) file for one training session, written by hand.

Small enough not to need a library: one VEVENT, times in UTC, lines folded at 75
octets and ended with CRLF, text values escaped.
"""

from datetime import UTC

from django.conf import settings
from django.utils import timezone

PRODID = "-//Kundcenter//Academy//EN"


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75 octets.
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_calendar(session, *, url: str = "", now=None) -> str:
    """The VCALENDAR text of `session`, CRLF line endings."""
    course = session.course
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "kundcenter"
    description = course.description or ""
    if url:
        description = f"{description}\n\n{url}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:academy-session-{session.pk}@{host}",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_escape(f'{course.title} ({course.module})')}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    location = session.place or session.get_kind_display()
    lines.append(f"LOCATION:{_escape(str(location))}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)
