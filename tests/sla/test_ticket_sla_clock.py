"""A ticket's SLA clock, kept by the ticket actions: start, due times, handling, breaches.

Every expected time is computed by hand from the default opening hours (weekdays 08–16,
lunch 12–13). 2026-03-07 is a Saturday; 9–13 March 2026 is an ordinary week.
"""

from datetime import timedelta

import pytest

from kundcenter.sla import clock, policy
from kundcenter.sla.targets import DEFAULT_SERVICE_LEVELS, sla_targets
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

SATURDAY = at(2026, 3, 7, 10, 0)
MONDAY_0800 = at(2026, 3, 9, 8, 0)


def bug(org, reporter, level, now):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=level, module="lon", now=now
    )


def support(org, reporter, now):
    return factories.make_ticket(org, reporter, now=now)


# level: (response due, resolution due, resolution window opens), all hand-computed for a
# bug registered on Saturday 7 March 2026, whose clock starts on Monday 9 March 08:00.
SATURDAY_BUGS = {
    1: (at(2026, 3, 9, 10), at(2026, 3, 9, 16), None),  # 2 h; same day
    2: (at(2026, 3, 9, 12), at(2026, 3, 13, 16), None),  # 4 h = 08–12; Friday of that week
    # 12 h = Mon 7 h + Tue 08–12, 13–14. 9 March + 28 days = 6 April, Easter Monday: Tuesday.
    3: (at(2026, 3, 10, 14), at(2026, 4, 7, 16), None),
    # 48 h = two weeks of 35 h … = Mon 16 (7 h) + Tue 17 08–12, 13–15. Window 9 Apr–9 Sep.
    4: (at(2026, 3, 17, 15), at(2026, 9, 9, 16), at(2026, 4, 9, 16)),
    5: (at(2026, 3, 17, 15), at(2027, 3, 9, 16), at(2026, 4, 9, 16)),  # window 9 Apr–9 Mar
}


def test_a_bug_registered_on_saturday_starts_its_clock_on_monday_at_eight(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 1, SATURDAY)
    ticket.refresh_from_db()
    assert ticket.created_at == SATURDAY
    assert ticket.sla_clock_start == MONDAY_0800
    assert ticket.sla_terms == policy.version_in_force(SATURDAY)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_due_times_of_each_level_match_the_service_level_targets(org_a, superuser_a, level):
    ticket = bug(org_a, superuser_a, level, SATURDAY)
    ticket.refresh_from_db()
    response_due, resolution_due, window_start = SATURDAY_BUGS[level]
    assert ticket.response_due_at == response_due
    assert ticket.resolution_due_at == resolution_due
    assert ticket.resolution_window_start == window_start
    # … and the same as the pure engine says.
    expected = sla_targets(policy.get_calendar(), SATURDAY, level, DEFAULT_SERVICE_LEVELS)
    assert ticket.sla_clock_start == expected.clock_start
    assert ticket.response_due_at == expected.response_due
    assert ticket.resolution_due_at == expected.resolution.due
    assert ticket.resolution_window_start == expected.resolution.window_start
    # Until handling starts the ticket works against its response time.
    assert ticket.next_due_at == response_due


def test_the_warning_comes_at_three_quarters_of_the_response_time(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 3, SATURDAY)
    ticket.refresh_from_db()
    # 75 % of 12 h = 9 h: Monday 7 h, Tuesday 08:00–10:00.
    assert ticket.response_warn_at == at(2026, 3, 10, 10)


def test_a_support_question_gets_the_category_response_time(org_a, superuser_a):
    ticket = support(org_a, superuser_a, at(2026, 3, 9, 9, 30))
    ticket.refresh_from_db()
    assert ticket.sla_clock_start == at(2026, 3, 9, 9, 30)
    # 8 h: Mon 09:30–12 (2.5 h), 13–16 (3 h), Tue 08:00–10:30 (2.5 h).
    assert ticket.response_due_at == at(2026, 3, 10, 10, 30)
    assert ticket.resolution_due_at is None
    assert ticket.next_due_at == at(2026, 3, 10, 10, 30)


def test_a_ticket_registered_during_lunch_starts_at_one(org_a, superuser_a):
    ticket = support(org_a, superuser_a, at(2026, 3, 9, 12, 20))
    ticket.refresh_from_db()
    assert ticket.sla_clock_start == at(2026, 3, 9, 13)
    # 8 h: Mon 13–16 (3 h), Tue 08–12 (4 h), 13–14.
    assert ticket.response_due_at == at(2026, 3, 10, 14)


def test_the_first_public_staff_reply_starts_handling(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 2, MONDAY_0800)
    actions.reply(ticket, superuser_a, "Fler detaljer.", now=at(2026, 3, 9, 8, 30))
    actions.reply(ticket, specialist_hantverk, "Vi tittar på det.", now=at(2026, 3, 9, 9))
    actions.transition(ticket, specialist_hantverk, Status.ESCALATED, now=at(2026, 3, 9, 9, 5))
    actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS, now=at(2026, 3, 9, 10))
    ticket.refresh_from_db()
    assert ticket.handling_started_at == at(2026, 3, 9, 9)  # the reply came first
    assert ticket.response_breached_at is None
    # Now it works against its resolution target (same week: Friday 16:00).
    assert ticket.next_due_at == at(2026, 3, 13, 16)


def test_the_move_to_in_progress_starts_handling(org_a, superuser_a, specialist_hantverk):
    ticket = support(org_a, superuser_a, MONDAY_0800)
    actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS, now=at(2026, 3, 9, 9))
    actions.reply(ticket, specialist_hantverk, "Svar.", now=at(2026, 3, 9, 11))
    ticket.refresh_from_db()
    assert ticket.handling_started_at == at(2026, 3, 9, 9)  # the move came first
    assert ticket.next_due_at is None  # a support question has no resolution target


def test_an_internal_note_does_not_start_handling(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 1, MONDAY_0800)
    actions.reply(
        ticket, specialist_hantverk, "Kolla loggen.", internal=True, now=at(2026, 3, 9, 9)
    )
    ticket.refresh_from_db()
    assert ticket.handling_started_at is None
    assert ticket.next_due_at == at(2026, 3, 9, 10)


def test_a_customer_reply_does_not_start_handling(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 1, MONDAY_0800)
    actions.reply(ticket, superuser_a, "Det är bråttom!", now=at(2026, 3, 9, 9))
    ticket.refresh_from_db()
    assert ticket.handling_started_at is None


def test_handling_after_the_due_time_is_a_response_breach_by_the_business_time_late(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 1, MONDAY_0800)  # handling due 10:00
    actions.reply(ticket, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 13, 30))
    ticket.refresh_from_db()
    assert ticket.handling_started_at == at(2026, 3, 9, 13, 30)
    assert ticket.response_breached_at == at(2026, 3, 9, 10)
    # 10:00–12:00 and 13:00–13:30: lunch does not count.
    summary = clock.breach_summary(ticket, now=at(2026, 3, 9, 14))
    assert summary["response"] == timedelta(hours=2, minutes=30)
    assert summary["resolution"] is None  # 16:00 has not passed


def test_handling_in_time_is_no_breach(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 1, MONDAY_0800)
    actions.reply(ticket, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 10))
    ticket.refresh_from_db()
    assert ticket.response_breached_at is None
    assert clock.breach_summary(ticket, now=at(2026, 3, 9, 11)) == {
        "response": None,
        "resolution": None,
    }


def test_closing_after_the_resolution_target_records_the_breach(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 1, MONDAY_0800)  # resolution due Monday 16:00
    actions.reply(ticket, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 9))
    actions.close(
        ticket,
        specialist_hantverk,
        "duplicate",
        reason="Samma som 2026-000001",
        now=at(2026, 3, 10, 9),
    )
    ticket.refresh_from_db()
    assert ticket.next_due_at is None
    assert ticket.resolution_breached_at == at(2026, 3, 9, 16)
    # Tuesday 08:00–09:00; the night does not count. Later reading does not grow it.
    assert clock.breach_summary(ticket, now=at(2026, 3, 20))["resolution"] == timedelta(hours=1)
    assert clock.state(ticket, now=at(2026, 3, 20)) is None


def test_closing_a_never_handled_ticket_late_is_a_response_breach(
    org_a, superuser_a, specialist_hantverk
):
    ticket = support(org_a, superuser_a, MONDAY_0800)  # 8 h: handling due Tuesday 09:00
    actions.close(
        ticket,
        specialist_hantverk,
        "withdrawn",
        reason="Kunden löste det själv",
        now=at(2026, 3, 10, 10),
    )
    ticket.refresh_from_db()
    assert ticket.response_breached_at == at(2026, 3, 10, 9)
    assert clock.breach_summary(ticket, now=at(2026, 4, 1))["response"] == timedelta(hours=1)


def test_the_clock_state_shows_business_time_left_and_urgency(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 3, MONDAY_0800)  # due Tuesday 14:00, warn Tuesday 10:00
    ticket.refresh_from_db()
    state = clock.state(ticket, now=at(2026, 3, 9, 15))
    # Monday 15–16, Tuesday 08–12 and 13–14.
    assert (state.kind, state.seconds_left, state.urgency) == ("response", 6 * 3600, "ok")
    assert clock.state(ticket, now=at(2026, 3, 10, 10, 30)).urgency == "soon"
    late = clock.state(ticket, now=at(2026, 3, 10, 15))
    assert (late.seconds_left, late.urgency) == (-3600, "late")
