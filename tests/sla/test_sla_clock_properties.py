"""Properties of the per-ticket clock under random pauses (hypothesis).

For any registration time, service level and sequence of pauses:
- handling due == calendar.add(clock start, response time + business time paused);
- resolution due == the level's target moved by the business time paused, or the
  handling due time if that is later (the resolution never comes first);
- pausing never moves a due time earlier;
- while paused there is no next deadline.

The clock functions work on an unsaved ticket, so each example costs no queries once the
calendar and terms are cached.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundcenter.sla import clock, policy
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, Status

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 1, 1, tzinfo=STOCKHOLM)
MINUTE = timedelta(minutes=1)

registrations = st.integers(0, 2 * 365 * 24 * 60).map(lambda m: START + m * MINUTE)
# Pauses as (gap before, length) in minutes, up to two weeks each.
pauses = st.lists(st.tuples(st.integers(0, 14 * 24 * 60), st.integers(0, 14 * 24 * 60)), max_size=5)


def fresh_ticket(category, level, registered):
    ticket = Ticket(
        category=category, service_level=level, status=Status.NEW, created_at=registered
    )
    clock.start(ticket, registered)
    return ticket


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    registered=registrations,
    level=st.integers(1, 5),
    category=st.sampled_from([Category.BUG, Category.SUPPORT, Category.ORDER]),
    pause_plan=pauses,
)
def test_due_times_move_by_exactly_the_business_time_paused(
    registered, level, category, pause_plan
):
    calendar = policy.get_calendar()
    level = level if category == Category.BUG else None
    ticket = fresh_ticket(category, level, registered)
    clock_start = ticket.sla_clock_start
    if category == Category.BUG:
        response = policy.levels_for(ticket.sla_terms_id)[level].response
        target = policy.levels_for(ticket.sla_terms_id)[level].resolution.target(
            calendar, clock_start
        )
    else:
        response = policy.category_response(ticket.sla_terms_id, category)
        target = None

    now, paused = registered, timedelta(0)
    for gap, length in pause_plan:
        before = (ticket.response_due_at, ticket.resolution_due_at)
        pause_at, resume_at = now + gap * MINUTE, now + (gap + length) * MINUTE
        clock.pause(ticket, pause_at)
        assert ticket.next_due_at is None
        clock.resume(ticket, resume_at)
        paused += calendar.between(pause_at, resume_at)
        now = resume_at

        assert ticket.paused_seconds == paused.total_seconds()
        assert ticket.response_due_at == calendar.add(clock_start, response + paused)
        assert ticket.response_due_at >= before[0]
        if target is not None:
            # The target is a closing instant; adding nothing must not push it to the
            # next opening.
            moved = calendar.add(target.due, paused) if paused else target.due
            # ...and it is never earlier than the handling target.
            assert ticket.resolution_due_at == max(moved, ticket.response_due_at)
            assert ticket.resolution_due_at >= before[1]
        else:
            assert ticket.resolution_due_at is None
        assert ticket.next_due_at == ticket.response_due_at
