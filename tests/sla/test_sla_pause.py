"""Waiting for the customer stops the SLA clock; due times move later by the time paused.

Hand-computed with the default opening hours (weekdays 08–16, lunch 12–13). 9–13 March
2026 is an ordinary week; 2 April 2026 is Skärtorsdagen (closes 13:00), 3–6 April Easter.
"""

from datetime import timedelta

import pytest

from kundcenter.sla import clock
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


def level_3_bug(org, reporter, now):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=3, module="lon", now=now
    )


def test_a_customer_reply_ends_the_pause_and_moves_due_times_by_the_business_time_paused(
    org_a, superuser_a, specialist_hantverk
):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 9, 8))
    ticket.refresh_from_db()
    # Level 3: 12 h = Mon 7 h + Tue 08–12, 13–14; 28 days = Easter Monday, so Tuesday.
    assert ticket.response_due_at == at(2026, 3, 10, 14)
    assert ticket.resolution_due_at == at(2026, 4, 7, 16)

    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert ticket.paused_at == at(2026, 3, 9, 9)
    assert ticket.next_due_at is None  # the queue and the sweep leave it alone
    assert clock.state(ticket, now=at(2026, 3, 9, 15)).paused

    actions.reply(ticket, superuser_a, "Här är loggen.", now=at(2026, 3, 10, 9))
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW  # back where it was
    assert ticket.paused_at is None
    # Paused Mon 09–12 (3 h) + 13–16 (3 h) + Tue 08–09 (1 h) = 7 h.
    assert ticket.paused_seconds == 7 * 3600
    # The staff's move at 09:00 started handling: the response target is decided and
    # stays; the resolution target moves: Tuesday 7 April 16:00 plus 7 h = Wed 16:00.
    assert ticket.handling_started_at == at(2026, 3, 9, 9)
    assert ticket.response_due_at == at(2026, 3, 10, 14)
    assert ticket.resolution_due_at == at(2026, 4, 8, 16)
    assert ticket.next_due_at == at(2026, 4, 8, 16)


def test_staff_can_resume_the_clock_themselves(org_a, superuser_a, specialist_hantverk):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 9, 8))
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 10))
    actions.transition(ticket, specialist_hantverk, Status.NEW, now=at(2026, 3, 9, 14))
    ticket.refresh_from_db()
    # 10–12 and 13–14: 3 h. Resolution Tuesday 7 April 16:00 + 3 h = Wed 08–11.
    assert ticket.paused_seconds == 3 * 3600
    assert ticket.resolution_due_at == at(2026, 4, 8, 11)


def test_a_pause_over_a_weekend_counts_only_business_time(org_a, superuser_a, specialist_hantverk):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 9, 8))
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 13, 15))
    actions.reply(ticket, superuser_a, "Svar efter helgen.", now=at(2026, 3, 16, 9))
    ticket.refresh_from_db()
    assert ticket.paused_seconds == 2 * 3600  # Friday 15–16, Monday 08–09


def test_a_pause_over_easter_counts_only_the_half_day(org_a, superuser_a, specialist_hantverk):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 30, 8))
    # Skärtorsdagen closes at 13:00; Långfredagen to Annandag påsk are closed.
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 4, 2, 9))
    actions.reply(ticket, superuser_a, "Glad påsk!", now=at(2026, 4, 7, 8, 30))
    ticket.refresh_from_db()
    assert ticket.paused_seconds == int(timedelta(hours=4, minutes=30).total_seconds())


def test_pauses_add_up(org_a, superuser_a, specialist_hantverk):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 9, 8))
    for start, end in [
        (at(2026, 3, 9, 9), at(2026, 3, 9, 10)),
        (at(2026, 3, 9, 13), at(2026, 3, 9, 15)),
    ]:
        actions.transition(ticket, specialist_hantverk, Status.WAITING, now=start)
        actions.reply(ticket, superuser_a, "Svar.", now=end)
    ticket.refresh_from_db()
    assert ticket.paused_seconds == 3 * 3600
    # Resolution Tuesday 7 April 16:00 + 3 h = Wednesday 08–11.
    assert ticket.resolution_due_at == at(2026, 4, 8, 11)


def test_asking_the_customer_to_wait_in_time_is_handling_in_time(
    org_a, superuser_a, specialist_hantverk
):
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=1, module="lon", now=at(2026, 3, 9, 8)
    )  # handling due 10:00
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    # The move is the first staff action the customer sees: handling started at 09:00.
    actions.reply(ticket, specialist_hantverk, "Vi behöver mer info.", now=at(2026, 3, 10, 9))
    ticket.refresh_from_db()
    assert ticket.handling_started_at == at(2026, 3, 9, 9)
    assert ticket.response_breached_at is None
    assert clock.breach_summary(ticket, now=at(2026, 3, 10, 9))["response"] is None


def test_closing_a_waiting_ticket_ends_the_pause(org_a, superuser_a, specialist_hantverk):
    ticket = level_3_bug(org_a, superuser_a, at(2026, 3, 9, 8))
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    actions.close(
        ticket, specialist_hantverk, "withdrawn", reason="Inget svar", now=at(2026, 3, 9, 11)
    )
    ticket.refresh_from_db()
    assert (ticket.paused_at, ticket.paused_seconds, ticket.next_due_at) == (None, 7200, None)
