"""The clock reads as people say it: "1 h 20 min left", "3 business days left", "35 min late".

A business day is the calendar's ordinary day, 7 h with the default opening hours (read
from the cached calendar, hence the database mark).
"""

from datetime import timedelta

import pytest

from kundcenter.sla.clock import ClockState
from kundcenter.sla.display import clock_text, format_business_duration
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

DUE = at(2026, 3, 9, 10)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (1, "1 min"),  # rounded up: "1 min" shows until the very second it runs out
        (59, "1 min"),
        (60, "1 min"),
        (61, "2 min"),
        (35 * 60, "35 min"),
        (3599, "1 h"),
        (3600, "1 h"),
        (80 * 60, "1 h 20 min"),
        (7 * 3600, "7 h"),  # one business day is still hours
        (13 * 3600 + 59 * 60, "13 h 59 min"),
        (14 * 3600, "2 business days"),  # from two business days on: days
        (26 * 3600 + 5 * 60, "3 business days 5 h"),  # a few days keep their hours
        (500 * 3600 + 59 * 60 + 1, "71 business days"),
        (-35 * 60, "35 min"),  # the sign is the caller's ("late")
        (timedelta(hours=2, minutes=3), "2 h 3 min"),
        (timedelta(seconds=-90), "2 min"),
    ],
)
def test_business_duration(seconds, text):
    assert format_business_duration(seconds) == text


@pytest.mark.parametrize(
    ("state", "text"),
    [
        (ClockState("response", DUE, 80 * 60, "ok"), "1 h 20 min left"),
        (ClockState("response", DUE, 20 * 60, "soon"), "20 min left"),
        (ClockState("resolution", DUE, 26 * 3600 + 300, "ok"), "3 business days 5 h left"),
        (ClockState("resolution", DUE, 21 * 3600, "ok"), "3 business days left"),
        (ClockState("response", DUE, -35 * 60, "late"), "35 min late"),
        # Due this very moment, or late by seconds: never "0 min late".
        (ClockState("response", DUE, 0, "late"), "less than a minute late"),
        (ClockState("response", DUE, -30, "late"), "less than a minute late"),
        (ClockState("response", DUE, 80 * 60, "ok", paused=True), "paused"),
        (ClockState("response", DUE, -60, "late", paused=True), "paused"),
        (None, ""),
    ],
)
def test_clock_text(state, text):
    assert clock_text(state) == text
