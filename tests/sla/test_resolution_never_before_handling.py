"""The resolution target is never earlier than the handling target: nobody can resolve
a ticket before handling is due, so the sweep reports no breach nobody could avoid.

13 March 2026 is a Friday; 16 March a Monday (default opening hours).
"""

import pytest

from kundcenter.sla import sweep
from kundcenter.tickets import actions
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


def bug(org, reporter, level, now):
    return factories.make_ticket(
        org, reporter, category="bug", service_level=level, module="lon", now=now
    )


def test_level_1_registered_friday_afternoon_is_due_monday_for_both(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 1, at(2026, 3, 13, 15, 50))
    ticket.refresh_from_db()
    # 2 h: Friday 15:50–16:00, Monday 08:00–09:50. "Same day" would be Friday 16:00.
    assert ticket.response_due_at == at(2026, 3, 16, 9, 50)
    assert ticket.resolution_due_at == at(2026, 3, 16, 9, 50)


def test_level_2_registered_friday_is_not_due_for_resolution_before_handling(org_a, superuser_a):
    ticket = bug(org_a, superuser_a, 2, at(2026, 3, 13, 13))
    ticket.refresh_from_db()
    assert ticket.response_due_at == at(2026, 3, 16, 9)  # Fri 13–16, Mon 08–09
    assert ticket.resolution_due_at == at(2026, 3, 16, 9)  # not "same week": Friday 16:00


def test_the_sweep_reports_no_unavoidable_resolution_breach(
    org_a, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks
):
    ticket = bug(org_a, superuser_a, 1, at(2026, 3, 13, 15, 50))
    actions.reply(ticket, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 13, 15, 55))
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.sweep(now=at(2026, 3, 13, 17))
    assert result.resolution_breached == []


def test_a_workaround_keeps_resolution_at_or_after_handling(
    org_a, superuser_a, specialist_hantverk
):
    ticket = bug(org_a, superuser_a, 2, at(2026, 3, 13, 15))
    actions.provide_workaround(
        ticket, specialist_hantverk, reason="Manuell rutin", now=at(2026, 3, 13, 15, 30)
    )
    ticket.refresh_from_db()
    assert ticket.resolution_due_at >= ticket.response_due_at
