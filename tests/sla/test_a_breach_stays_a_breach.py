"""A breach that has happened stays a breach: a workaround, a level change or a pause
afterwards never clears it, and a level change recomputes only the targets still ahead.

Level 1 bug registered Monday 9 March 2026 08:00: handling due 10:00, resolution 16:00.
"""

from datetime import timedelta

import pytest

from kundcenter.sla import clock, sweep
from kundcenter.sla.display import facts
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def level_1(org_a, superuser_a):
    return factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=1, module="lon", now=at(2026, 3, 9, 8)
    )


def run_sweep(capture, now):
    with capture(execute=True):
        return sweep.sweep(now=now)


def test_a_workaround_after_a_missed_handling_deadline_keeps_the_breach(
    level_1, specialist_hantverk, django_capture_on_commit_callbacks
):
    result = run_sweep(django_capture_on_commit_callbacks, at(2026, 3, 9, 10, 30))
    assert result.response_breached == [level_1.pk]
    actions.provide_workaround(
        level_1, specialist_hantverk, reason="Kör lönen manuellt", now=at(2026, 3, 9, 11)
    )
    level_1.refresh_from_db()
    assert level_1.service_level == 3
    assert level_1.response_breached_at == at(2026, 3, 9, 10)
    assert level_1.response_due_at == at(2026, 3, 9, 10)  # the missed target stays
    summary = clock.breach_summary(level_1, now=at(2026, 3, 9, 11))
    assert summary["response"] == timedelta(hours=1)
    assert facts(level_1, now=at(2026, 3, 9, 11)).response_late_by == "1 h"
    # Reported once; the next sweep finds nothing new.
    result = run_sweep(django_capture_on_commit_callbacks, at(2026, 3, 9, 15))
    assert result.response_breached == []


def test_a_level_change_after_a_missed_resolution_keeps_the_breach(
    level_1, specialist_hantverk, django_capture_on_commit_callbacks
):
    actions.reply(level_1, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 9))
    result = run_sweep(django_capture_on_commit_callbacks, at(2026, 3, 10, 9))
    assert result.resolution_breached == [level_1.pk]
    actions.change_service_level(
        level_1, specialist_hantverk, 5, reason="Mindre viktigt", now=at(2026, 3, 10, 10)
    )
    level_1.refresh_from_db()
    assert level_1.resolution_breached_at == at(2026, 3, 9, 16)
    assert level_1.resolution_due_at == at(2026, 3, 9, 16)
    assert clock.breach_summary(level_1, now=at(2026, 3, 10, 10))["resolution"] is not None


def test_a_pause_after_a_breach_keeps_it(
    level_1, specialist_hantverk, superuser_a, django_capture_on_commit_callbacks
):
    run_sweep(django_capture_on_commit_callbacks, at(2026, 3, 9, 10, 30))
    actions.transition(level_1, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 11))
    actions.reply(level_1, superuser_a, "Svar.", now=at(2026, 3, 10, 11))
    level_1.refresh_from_db()
    assert level_1.response_breached_at == at(2026, 3, 9, 10)
    assert level_1.response_due_at == at(2026, 3, 9, 10)
    assert level_1.handling_started_at == at(2026, 3, 9, 11)


def test_a_level_change_recomputes_only_future_targets(level_1, specialist_hantverk):
    actions.reply(level_1, specialist_hantverk, "Vi är på det.", now=at(2026, 3, 9, 9))
    actions.change_service_level(
        level_1, specialist_hantverk, 3, reason="Det finns en väg runt", now=at(2026, 3, 9, 11)
    )
    level_1.refresh_from_db()
    # Handling was met at 09:00 under level 1: that target is history and stays.
    assert level_1.response_due_at == at(2026, 3, 9, 10)
    assert level_1.response_breached_at is None
    # The resolution target is still ahead: level 3, 28 days = Tuesday 7 April 16:00.
    assert level_1.resolution_due_at == at(2026, 4, 7, 16)


def test_a_level_change_before_handling_moves_a_handling_target_not_yet_missed(
    level_1, specialist_hantverk
):
    actions.change_service_level(
        level_1, specialist_hantverk, 2, reason="Färre drabbade", now=at(2026, 3, 9, 9)
    )
    level_1.refresh_from_db()
    assert level_1.response_due_at == at(2026, 3, 9, 12)  # 4 h: 08–12
    assert level_1.response_breached_at is None
