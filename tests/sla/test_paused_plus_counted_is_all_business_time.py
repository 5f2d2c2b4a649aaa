"""Property (hypothesis): for any sequence of workflow moves — staff and customer
transitions, waiting and resuming, replies, marking billable, cost proposals written,
withdrawn, accepted or declined — with
random gaps between them, the business time paused plus the business time counted equals
the business time between registration and now (or the close).

"Counted" is worked out here independently of the clock, from the ticket's history rows
and the workflow table: the business time in which the move was ours.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kundcenter.lib.errors import ActionError
from kundcenter.sla import policy
from kundcenter.sla.display import paused_business_seconds
from kundcenter.tickets import actions, billing
from kundcenter.tickets.models import TicketEvent
from kundcenter.tickets.workflows import (
    Actor,
    Category,
    Status,
    pauses_clock,
    workflow_for,
)
from tests import factories
from tests.sla.helpers import at

START = at(2026, 3, 2, 7)  # a Monday, before opening
MINUTE = timedelta(minutes=1)

# Each step: (gap in minutes up to four calendar days, which move to try).
steps = st.lists(
    st.tuples(st.integers(0, 4 * 24 * 60), st.integers(0, 99), st.booleans()), max_size=12
)


def counted_seconds(ticket, end) -> int:
    """Business seconds in which the move was ours, from the history rows alone.

    The status rows say where the workflow table pauses; the proposal rows say when a
    cost proposal waited for the customer's answer.
    """
    calendar = policy.get_calendar()
    status, pending, since, total = Status.NEW, False, ticket.created_at, timedelta(0)
    rows = ticket.events.filter(
        kind__in=[TicketEvent.Kind.STATUS, TicketEvent.Kind.PROPOSAL]
    ).order_by("created_at", "pk")
    for row in rows:
        if status != Status.CLOSED and not pending and not pauses_clock(ticket.category, status):
            total += calendar.between(since, row.created_at)
        if row.kind == TicketEvent.Kind.STATUS:
            status = row.new_value
        else:
            pending = row.new_value == "pending"
        since = row.created_at
    if status != Status.CLOSED and not pending and not pauses_clock(ticket.category, status):
        total += calendar.between(since, end)
    return int(total.total_seconds())


def try_move(ticket, people, choice, public_reply, now):
    """One valid move chosen by `choice`, made the way the UI would make it."""
    ticket.refresh_from_db()
    if ticket.status == Status.CLOSED:
        return
    customer, staff = people[Actor.CUSTOMER], people[Actor.SPECIALIST]
    options = []
    if ticket.status == Status.WAITING:
        options += [("resume",), ("customer_reply",)]
    else:
        for t in workflow_for(ticket.category).transitions_from(ticket.status):
            options.append(("move", t))
        options += [("wait",)]
        if billing.pending_proposal(ticket) is not None:
            options += [("accept",), ("decline",), ("withdraw",)]
        elif billing.needs_proposal(ticket):
            options += [("propose",)]
        else:
            options += [("billable",)]
    options += [("staff_reply",), ("customer_reply",)]
    option = options[choice % len(options)]
    try:
        if option[0] == "move":
            move = option[1]
            actor = sorted(move.actors)[choice % len(move.actors)]
            actions.transition(ticket, people[actor], move.target, now=now)
        elif option[0] == "wait":
            actions.transition(ticket, staff, Status.WAITING, now=now)
        elif option[0] == "resume":
            actions.transition(ticket, staff, ticket.resume_status, now=now)
        elif option[0] == "propose":
            billing.propose_cost(
                ticket,
                people[Actor.CONSULTANT],
                description="Arbete",
                pricing="fixed",
                fixed_price="1000",
                now=now,
            )
        elif option[0] == "billable":
            billing.mark_billable(ticket, staff, reason="Kundens miljö", now=now)
        elif option[0] == "withdraw":
            billing.withdraw_proposal(billing.pending_proposal(ticket), staff, now=now)
        elif option[0] in ("accept", "decline"):
            proposal = billing.pending_proposal(ticket)
            billing.decide_proposal(proposal, customer, accept=option[0] == "accept", now=now)
        elif option[0] == "staff_reply":
            actions.reply(ticket, staff, "Svar.", internal=not public_reply, now=now)
        else:
            actions.reply(ticket, customer, "Kundens svar.", now=now)
    except ActionError:
        pass  # refused (e.g. billable work before an accepted proposal): nothing changed


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    category=st.sampled_from(list(Category)),
    registered_after=st.integers(0, 7 * 24 * 60),
    plan=steps,
    tail=st.integers(0, 4 * 24 * 60),
)
def test_paused_plus_counted_is_the_business_time_since_registration(
    org_a,
    superuser_a,
    specialist_hantverk,
    product_dev,
    consultant,
    category,
    registered_after,
    plan,
    tail,
):
    people = {
        Actor.CUSTOMER: superuser_a,
        Actor.SPECIALIST: specialist_hantverk,
        Actor.PRODUCT: product_dev,
        Actor.CONSULTANT: consultant,
    }
    now = START + registered_after * MINUTE
    ticket = factories.make_ticket(
        org_a,
        superuser_a,
        category=category,
        service_level=2 if category == Category.BUG else None,
        now=now,
    )
    for gap, choice, public_reply in plan:
        now += gap * MINUTE
        try_move(ticket, people, choice, public_reply, now)
    now += tail * MINUTE
    ticket.refresh_from_db()
    event(f"{ticket.category} ends {ticket.status}, paused {ticket.paused_seconds > 0}")
    end = ticket.closed_at or now
    calendar = policy.get_calendar()
    everything = int(calendar.between(ticket.created_at, end).total_seconds())
    paused = paused_business_seconds(ticket, end)
    assert paused + counted_seconds(ticket, end) == everything
    # While the customer has the move, the clock stands still and nothing is due.
    if ticket.status != Status.CLOSED:
        customers_turn = pauses_clock(ticket.category, ticket.status) or (
            billing.pending_proposal(ticket) is not None
        )
        assert (ticket.paused_at is not None) is customers_turn
        if customers_turn:
            assert ticket.next_due_at is None
