"""Changing a bug's service level recomputes its due times from the original clock start.

Hand-computed with the default opening hours; 9 March 2026 is an ordinary Monday.
"""

import pytest
from django.utils import translation

from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import TicketEvent
from kundcenter.tickets.workflows import Category, Status
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so the assertions hold once the Swedish translation lands."""
    with translation.override("en"):
        yield


def bug(org, reporter, level, now):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=level, module="lon", now=now
    )


def test_a_higher_level_recomputes_from_the_original_clock_start_with_the_reason(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 3, at(2026, 3, 9, 8))
    actions.change_service_level(
        ticket, specialist_hantverk, 1, reason="Ingen kan köra lön", now=at(2026, 3, 9, 9)
    )
    ticket.refresh_from_db()
    assert ticket.service_level == 1
    assert ticket.sla_clock_start == at(2026, 3, 9, 8)  # not restarted at 09:00
    assert ticket.response_due_at == at(2026, 3, 9, 10)  # 2 h
    assert ticket.resolution_due_at == at(2026, 3, 9, 16)  # same day
    assert ticket.next_due_at == at(2026, 3, 9, 10)
    event = ticket.events.get(kind=TicketEvent.Kind.SERVICE_LEVEL)
    assert (event.old_value, event.new_value) == ("3", "1")
    assert event.reason == "Ingen kan köra lön"
    assert event.actor == specialist_hantverk
    assert event.created_at == at(2026, 3, 9, 9)


def test_a_lower_level_gives_more_time_and_lifts_a_breach_not_yet_reached(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 1, at(2026, 3, 9, 8))  # handling due 10:00
    actions.change_service_level(
        ticket, specialist_hantverk, 4, reason="Det finns en omväg", now=at(2026, 3, 9, 11)
    )
    ticket.refresh_from_db()
    # 48 h from Monday 08:00: 35 h that week, Mon 16 (7 h), Tue 17 08–12, 13–15.
    assert ticket.response_due_at == at(2026, 3, 17, 15)
    assert ticket.resolution_window_start == at(2026, 4, 9, 16)
    assert ticket.resolution_due_at == at(2026, 9, 9, 16)
    assert ticket.response_breached_at is None


def test_a_change_keeps_the_time_paused(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 3, at(2026, 3, 9, 8))
    actions.transition(ticket, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 9))
    actions.reply(ticket, superuser_a, "Svar.", now=at(2026, 3, 9, 11))  # 2 h paused
    actions.change_service_level(
        ticket, specialist_hantverk, 2, reason="Fler drabbade", now=at(2026, 3, 9, 13)
    )
    ticket.refresh_from_db()
    # Handling started with the staff's move at 09:00: the level 3 handling target
    # (Tuesday 14:00) is decided and does not move; only future targets do.
    assert ticket.handling_started_at == at(2026, 3, 9, 9)
    assert ticket.response_due_at == at(2026, 3, 10, 14)
    # Same week (Friday 16:00) plus 2 h: Monday 16 March 10:00.
    assert ticket.resolution_due_at == at(2026, 3, 16, 10)


def test_turning_a_support_question_into_a_bug_recomputes_with_the_reason(
    org_a, superuser_a, specialist_hantverk
):
    ticket = factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 9, 9, 30))
    actions.change_category(
        ticket,
        specialist_hantverk,
        Category.BUG,
        reason="Det är ett programfel",
        service_level=2,
        now=at(2026, 3, 9, 10),
    )
    ticket.refresh_from_db()
    # 4 h from the question's clock start, 09:30: 09:30–12, 13–14:30.
    assert ticket.response_due_at == at(2026, 3, 9, 14, 30)
    assert ticket.resolution_due_at == at(2026, 3, 13, 16)
    assert ticket.events.get(kind=TicketEvent.Kind.CATEGORY).reason == "Det är ett programfel"
    level_event = ticket.events.get(kind=TicketEvent.Kind.SERVICE_LEVEL)
    assert (level_event.old_value, level_event.new_value) == ("", "2")


@pytest.mark.parametrize(
    "level, reason, message",
    [
        (2, "", "Say why the service level changes."),
        (6, "Fel nivå", "A service level is a number from 1 to 5."),
    ],
)
def test_a_change_needs_a_valid_level_and_a_reason(
    org_a, superuser_a, specialist_hantverk, level, reason, message
):
    ticket = bug(org_a, superuser_a, 3, at(2026, 3, 9, 8))
    with pytest.raises(ActionError) as excinfo:
        actions.change_service_level(ticket, specialist_hantverk, level, reason=reason)
    assert excinfo.value.message == message
    ticket.refresh_from_db()
    assert ticket.service_level == 3
    assert ticket.response_due_at == at(2026, 3, 10, 14)


def test_customers_and_support_questions_cannot_change_a_level(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 3, at(2026, 3, 9, 8))
    with pytest.raises(ActionError):
        actions.change_service_level(ticket, superuser_a, 1, reason="Bråttom!")
    question = factories.make_ticket(org_a, superuser_a, now=at(2026, 3, 9, 8))
    with pytest.raises(ActionError) as excinfo:
        actions.change_service_level(question, specialist_hantverk, 1, reason="Bråttom")
    assert excinfo.value.message == "Only software bugs have a service level."
