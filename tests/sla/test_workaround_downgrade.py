"""A workaround on a level 1 or 2 bug makes it level 3, with the reason in the history.

Hand-computed with the default opening hours; 9 March 2026 is an ordinary Monday, 6 April
2026 is Easter Monday.
"""

from datetime import timedelta

import pytest
from django.utils import translation

from kundcenter.sla import clock
from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import TicketEvent
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

REFUSAL = "Only a level 1 or 2 bug can be downgraded for a workaround."


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so the assertions hold once the Swedish translation lands."""
    with translation.override("en"):
        yield


def bug(org, reporter, level, now=None):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=level, module="lon", now=now
    )


@pytest.mark.parametrize("level", [1, 2])
def test_a_workaround_sets_level_3_and_recomputes(org_a, superuser_a, specialist_hantverk, level):
    ticket = bug(org_a, superuser_a, level, at(2026, 3, 9, 8))
    actions.provide_workaround(
        ticket, specialist_hantverk, reason="Kör lönen från reservmodulen", now=at(2026, 3, 9, 9)
    )
    ticket.refresh_from_db()
    assert ticket.service_level == 3
    # Level 3 from the original clock start: 12 h = Mon 7 h + Tue 08–12, 13–14; 28 days
    # after 9 March is Easter Monday, so Tuesday 7 April.
    assert ticket.response_due_at == at(2026, 3, 10, 14)
    assert ticket.resolution_due_at == at(2026, 4, 7, 16)
    event = ticket.events.get(kind=TicketEvent.Kind.SERVICE_LEVEL)
    assert (event.old_value, event.new_value) == (str(level), "3")
    assert event.reason == "Workaround provided: Kör lönen från reservmodulen"
    assert event.public  # the customer sees why the level changed


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_workaround_is_refused_on_levels_3_to_5(org_a, superuser_a, specialist_hantverk, level):
    ticket = bug(org_a, superuser_a, level)
    with pytest.raises(ActionError) as excinfo:
        actions.provide_workaround(ticket, specialist_hantverk, reason="Omväg")
    assert excinfo.value.message == REFUSAL
    ticket.refresh_from_db()
    assert ticket.service_level == level
    assert not ticket.events.filter(kind=TicketEvent.Kind.SERVICE_LEVEL).exists()


def test_a_workaround_is_refused_on_a_support_question(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a)
    with pytest.raises(ActionError) as excinfo:
        actions.provide_workaround(ticket, specialist_hantverk, reason="Omväg")
    assert excinfo.value.message == REFUSAL


def test_a_workaround_needs_a_description(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 1)
    with pytest.raises(ActionError) as excinfo:
        actions.provide_workaround(ticket, specialist_hantverk, reason="  ")
    assert excinfo.value.message == "Describe the workaround."
    ticket.refresh_from_db()
    assert ticket.service_level == 1


def test_a_customer_cannot_downgrade_their_own_bug(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 1)
    with pytest.raises(ActionError):
        actions.provide_workaround(ticket, superuser_a, reason="Vi klarar oss")
    ticket.refresh_from_db()
    assert ticket.service_level == 1


def test_a_late_response_stays_late_after_a_workaround(org_a, superuser_a, specialist_hantverk):
    ticket = bug(org_a, superuser_a, 1, at(2026, 3, 9, 8))  # handling due 10:00
    actions.reply(ticket, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 13, 30))
    actions.provide_workaround(
        ticket, specialist_hantverk, reason="Kör lönen manuellt", now=at(2026, 3, 9, 14)
    )
    ticket.refresh_from_db()
    assert ticket.service_level == 3
    # Handling has started: its target is decided and stays the level 1 one.
    assert ticket.response_due_at == at(2026, 3, 9, 10)
    # Handling started 13:30 against the level 1 promise of 10:00: that stays recorded.
    assert ticket.response_breached_at == at(2026, 3, 9, 10)
    summary = clock.breach_summary(ticket, now=at(2026, 3, 9, 15))
    assert summary["response"] == timedelta(hours=2, minutes=30)  # 10–12, 13–13:30
