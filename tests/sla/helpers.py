"""Small helpers shared by the SLA tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    """An aware datetime in Stockholm wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM)
