"""Ids, ticket numbers and page numbers from outside: the one place that checks them.

URL paths use the converters below (registered once by `register_converters`, called from
kundcenter/urls.py): `<id:pk>` and `<ticket:number>` match only what the database can
hold, so a NUL byte, a number of 2⁶³ or more, or a non-ASCII digit ("²", "٣") never
reaches a query: the URL simply does not match, a 404. Query and form parameters go
through `parse_id`, `parse_ticket_number` and `page_number`, which answer None (or the
first page) for anything malformed.
"""

import re

from django.http import Http404
from django.urls import converters

# Database ids are 64-bit signed integers; 18 ASCII digits always fit.
MAX_ID = 2**63 - 1
ID_PATTERN = "[0-9]{1,18}"
# Ticket numbers are `<year>-<serial>`, the serial at least six digits (2026-000123).
TICKET_NUMBER_PATTERN = "[0-9]{4}-[0-9]{6,11}"
# No list is ever that long; a larger page is the last page, not an overflow.
MAX_PAGE = 100_000

_ID_RE = re.compile(rf"{ID_PATTERN}\Z", re.ASCII)
_TICKET_NUMBER_RE = re.compile(rf"{TICKET_NUMBER_PATTERN}\Z", re.ASCII)


def parse_id(value) -> int | None:
    """A positive database id from `value` (int or text), or None if it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _ID_RE.match(value):
        return None
    number = int(value)
    return number if number > 0 else None


def id_or_404(value) -> int:
    """`parse_id`, with a 404 for anything that is not an id."""
    number = parse_id(value)
    if number is None:
        raise Http404("Not an id")
    return number


def parse_ticket_number(value) -> str | None:
    """A well-formed ticket number (stripped), or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _TICKET_NUMBER_RE.match(value) else None


def search_text(value, max_length: int = 200) -> str:
    """Free text from a query parameter, fit for a lookup: stripped, at most `max_length`
    characters, without NUL and other control characters (PostgreSQL refuses NUL)."""
    if not isinstance(value, str):
        return ""
    cleaned = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
    return cleaned.strip()[:max_length]


def page_number(value, *, last: int = MAX_PAGE) -> int:
    """A 1-based page number from `value`, at most `last` (a number too long to read is the
    last page, as a large one is); the first page for anything malformed."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+", value.strip(), re.ASCII):
        return 1
    digits = value.strip().lstrip("0")
    if len(digits) > 9:
        return last
    return min(max(int(digits or "0"), 1), last)


class IdConverter(converters.IntConverter):
    """`<id:pk>`: a database id, ASCII digits only, never larger than a bigint."""

    regex = ID_PATTERN


class TicketNumberConverter(converters.StringConverter):
    """`<ticket:number>`: a ticket number's shape, so nothing else reaches the lookup."""

    regex = TICKET_NUMBER_PATTERN


def register_converters() -> None:
    """Register `id` and `ticket` once (kundcenter/urls.py calls this before its includes)."""
    if "id" not in converters.get_converters():
        converters.register_converter(IdConverter, "id")
        converters.register_converter(TicketNumberConverter, "ticket")
