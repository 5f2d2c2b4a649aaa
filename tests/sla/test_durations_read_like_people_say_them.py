"""Durations read like a person would say them, Swedish first: minutes, hours, business
days ("3 arbetsdagar kvar"), and never "0 min" for a breach.

A business day is 7 opening hours with the default calendar (08–16, lunch 12–13).
"""

from datetime import timedelta

import pytest
from django.utils import translation

from kundcenter.sla.clock import ClockState
from kundcenter.sla.display import clock_text, facts, format_business_duration, late_text
from kundcenter.tickets import actions
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

DUE = at(2026, 3, 9, 10)
HOUR = 3600


@pytest.mark.parametrize(
    ("state", "swedish", "english"),
    [
        (
            ClockState("resolution", DUE, 21 * HOUR, "ok"),
            "3 arbetsdagar kvar",
            "3 business days left",
        ),
        (
            ClockState("resolution", DUE, 751 * HOUR, "ok"),
            "107 arbetsdagar kvar",
            "107 business days left",
        ),
        (
            ClockState("resolution", DUE, 15 * HOUR, "ok"),
            "2 arbetsdagar 1 h kvar",
            "2 business days 1 h left",
        ),
        (ClockState("response", DUE, 80 * 60, "ok"), "1 h 20 min kvar", "1 h 20 min left"),
        (
            ClockState("response", DUE, 0, "late"),
            "försenad mindre än en minut",
            "less than a minute late",
        ),
        (
            ClockState("response", DUE, -59, "late"),
            "försenad mindre än en minut",
            "less than a minute late",
        ),
        (ClockState("response", DUE, -61, "late"), "försenad 2 min", "2 min late"),
        (
            ClockState("response", DUE, -8 * 7 * HOUR, "late"),
            "försenad 8 arbetsdagar",
            "8 business days late",
        ),
    ],
)
def test_clock_texts_in_swedish_and_english(state, swedish, english):
    with translation.override("sv"):
        assert clock_text(state) == swedish
    with translation.override("en"):
        assert clock_text(state) == english


def test_one_business_day_is_still_hours_and_a_single_day_is_singular():
    assert format_business_duration(7 * HOUR) == "7 h"
    with translation.override("sv"):
        assert format_business_duration(timedelta(hours=14)) == "2 arbetsdagar"
        assert late_text(timedelta(seconds=0)) == "mindre än en minut"


def test_a_breach_at_closing_time_never_reads_0_min(org_a, superuser_a):
    # Level 1 registered 14:00: handling due 16:00 on the dot. At 17:00 the office is
    # closed, so zero business time has passed since the breach, yet it is a breach.
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=1, now=at(2026, 3, 9, 14)
    )
    ticket.refresh_from_db()
    with translation.override("sv"):
        panel = facts(ticket, now=at(2026, 3, 9, 17))
    assert panel.response_late_by == "mindre än en minut"
    assert "0 min" not in panel.clock_text


def test_late_by_after_handling_started_reads_in_minutes(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=1, now=at(2026, 3, 9, 8)
    )
    actions.reply(ticket, specialist_hantverk, "Nu tittar vi.", now=at(2026, 3, 9, 10, 35))
    ticket.refresh_from_db()
    with translation.override("sv"):
        assert facts(ticket, now=at(2026, 3, 9, 11)).response_late_by == "35 min"
