"""Every state where the next move is the customer's stops the clock: Väntar på kund,
Validering (the fix is delivered, the customer tests it), a cost proposal awaiting the
customer's answer and an order delivered for the customer to confirm. The workflow table
says which (`pauses_clock`); entering such a state pauses, leaving it by any path resumes,
and each pause and resumption leaves a history row the customer sees too.

Hand-computed with the default opening hours. 9–13 March 2026 is an ordinary week.
"""

import importlib
from html import unescape

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from kundcenter.sla import clock, sweep
from kundcenter.sla.templatetags.sla import sla_target
from kundcenter.tickets import actions, billing
from kundcenter.tickets.models import Ticket, TicketEvent
from kundcenter.tickets.workflows import WORKFLOWS, Category, Status, pauses_clock
from tests import factories
from tests.billing.helpers import propose
from tests.sla.helpers import at

pytestmark = pytest.mark.django_db

CUSTOMERS_TURN = {
    Category.SUPPORT: set(),
    Category.BUG: {Status.VALIDATION},
    Category.REQUEST: set(),
    Category.ORDER: {Status.COST_PROPOSAL, Status.DELIVERED},
}


@pytest.mark.parametrize(
    ("category", "status"),
    [(c, s) for c, w in WORKFLOWS.items() for s in (*w.states, Status.WAITING)],
)
def test_the_workflow_table_says_where_the_clock_stands_still(category, status):
    expected = status == Status.WAITING or status in CUSTOMERS_TURN[category]
    assert pauses_clock(category, status) is expected


def clock_events(ticket):
    return list(
        ticket.events.filter(kind=TicketEvent.Kind.SLA)
        .order_by("pk")
        .values_list("new_value", "public")
    )


@pytest.fixture
def delivered_bug(org_a, superuser_a, specialist_hantverk, product_dev):
    """A level 2 bug registered Monday 08:00 (handling due 12:00, resolution Friday 16:00),
    its fix delivered Monday 10:00."""
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=2, module="lon", now=at(2026, 3, 9, 8)
    )
    actions.transition(ticket, specialist_hantverk, Status.ESCALATED, now=at(2026, 3, 9, 9))
    actions.transition(ticket, product_dev, Status.IN_PROGRESS, now=at(2026, 3, 9, 9, 30))
    actions.transition(ticket, product_dev, Status.DELIVERED, now=at(2026, 3, 9, 10))
    ticket.refresh_from_db()
    assert ticket.resolution_due_at == at(2026, 3, 13, 16)
    return ticket


def test_validation_pauses_the_clock_and_the_sweep_leaves_it_alone(
    delivered_bug, specialist_hantverk, django_capture_on_commit_callbacks
):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    delivered_bug.refresh_from_db()
    assert delivered_bug.paused_at == at(2026, 3, 9, 11)
    assert delivered_bug.next_due_at is None
    assert clock_events(delivered_bug) == [("paused", True)]
    # A week later the customer is still testing: nothing is late, nothing is mailed.
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.sweep(now=at(2026, 3, 20, 10))
    assert result.resolution_breached == [] and result.response_breached == []
    delivered_bug.refresh_from_db()
    assert delivered_bug.resolution_breached_at is None
    assert clock.breach_summary(delivered_bug, now=at(2026, 3, 20, 10)).get("resolution") is None
    # The customer's list says the clock waits for them, not "the resolution was due".
    assert sla_target(delivered_bug) == "Paused while we wait for you"


def test_a_rejected_fix_resumes_the_clock_with_the_time_paused_added(
    delivered_bug, specialist_hantverk, superuser_a
):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    actions.transition(delivered_bug, superuser_a, Status.IN_PROGRESS, now=at(2026, 3, 10, 11))
    delivered_bug.refresh_from_db()
    assert delivered_bug.paused_at is None
    assert delivered_bug.paused_seconds == 7 * 3600  # Mon 11–12, 13–16, Tue 08–11
    # Friday 16:00 plus 7 business hours: Monday 16 March 16:00.
    assert delivered_bug.resolution_due_at == at(2026, 3, 16, 16)
    assert delivered_bug.next_due_at == at(2026, 3, 16, 16)
    assert clock_events(delivered_bug) == [("paused", True), ("resumed", True)]


def test_a_confirmed_fix_closes_in_time_when_only_the_customer_was_slow(
    delivered_bug, specialist_hantverk, superuser_a
):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    # Confirmed the Wednesday after the Friday target: the whole wait was the customer's.
    actions.transition(delivered_bug, superuser_a, Status.CLOSED, now=at(2026, 3, 18, 9))
    delivered_bug.refresh_from_db()
    assert delivered_bug.resolution_breached_at is None
    assert delivered_bug.paused_at is None and delivered_bug.paused_seconds > 0
    assert clock.breach_summary(delivered_bug)["resolution"] is None


def test_waiting_from_validation_is_one_pause(delivered_bug, specialist_hantverk):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    actions.transition(delivered_bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 13))
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 14)
    )
    delivered_bug.refresh_from_db()
    # Still the customer's move: the clock stopped at 11:00 and has not run since.
    assert delivered_bug.paused_at == at(2026, 3, 9, 11)
    assert delivered_bug.paused_seconds == 0
    assert clock_events(delivered_bug) == [("paused", True)]


@pytest.fixture
def order(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(
        org_a, superuser_a, category=Category.ORDER, title="Ny mall", now=at(2026, 3, 9, 8)
    )
    return actions.transition(ticket, specialist_hantverk, Status.RECEIVED, now=at(2026, 3, 9, 9))


def test_a_cost_proposal_awaiting_the_customer_pauses_and_accepting_resumes(
    order, consultant, superuser_a
):
    propose(order, consultant, now=at(2026, 3, 9, 10))
    order.refresh_from_db()
    assert order.status == Status.COST_PROPOSAL
    assert order.paused_at == at(2026, 3, 9, 10)
    assert order.next_due_at is None
    proposal = billing.pending_proposal(order)
    billing.decide_proposal(proposal, superuser_a, accept=True, now=at(2026, 3, 10, 10))
    order.refresh_from_db()
    assert order.status == Status.PLANNED
    assert order.paused_at is None
    assert order.paused_seconds == 7 * 3600  # Mon 10–12, 13–16, Tue 08–10
    assert [e for e, _public in clock_events(order)] == ["paused", "resumed"]


def test_a_declined_proposal_returned_to_support_resumes_the_clock(order, consultant, superuser_a):
    propose(order, consultant, now=at(2026, 3, 9, 10))
    proposal = billing.pending_proposal(order)
    billing.decide_proposal(
        proposal,
        superuser_a,
        accept=False,
        on_decline=billing.DECLINE_RETURN,
        now=at(2026, 3, 9, 11),
    )
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert (order.paused_at, order.paused_seconds) == (None, 3600)


def test_a_declined_proposal_that_closes_ends_the_pause(order, consultant, superuser_a):
    propose(order, consultant, now=at(2026, 3, 9, 10))
    proposal = billing.pending_proposal(order)
    billing.decide_proposal(proposal, superuser_a, accept=False, now=at(2026, 3, 9, 11))
    order.refresh_from_db()
    assert order.status == Status.CLOSED
    assert (order.paused_at, order.paused_seconds, order.next_due_at) == (None, 3600, None)


def test_a_delivered_order_waits_for_the_customers_confirmation(order, consultant, superuser_a):
    proposal = propose(order, consultant, now=at(2026, 3, 9, 10))
    billing.decide_proposal(proposal, superuser_a, accept=True, now=at(2026, 3, 10, 9))
    actions.transition(order, consultant, Status.IN_PROGRESS, now=at(2026, 3, 11, 9))
    actions.transition(order, consultant, Status.DELIVERED, now=at(2026, 3, 11, 10))
    order.refresh_from_db()
    assert order.paused_at == at(2026, 3, 11, 10)
    actions.transition(order, superuser_a, Status.CLOSED, now=at(2026, 3, 11, 11))
    order.refresh_from_db()
    assert order.paused_at is None and order.status == Status.CLOSED


def test_the_pause_shows_in_the_customers_and_the_staffs_history(
    client, delivered_bug, specialist_hantverk, superuser_a
):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    for user, page in ((superuser_a, "portal:ticket"), (specialist_hantverk, "agent:ticket")):
        client.force_login(user)
        html = unescape(client.get(reverse(page, args=[delivered_bug.number])).content.decode())
        assert "the clock is paused: the next move is the customer's" in html


def test_tickets_already_in_the_customers_turn_are_paused_by_the_migration(
    delivered_bug, specialist_hantverk
):
    actions.transition(
        delivered_bug, specialist_hantverk, Status.VALIDATION, now=at(2026, 3, 9, 11)
    )
    # As it was before this change: in Validation with a running clock.
    running = {"paused_at": None, "next_due_at": at(2026, 3, 13, 16)}
    Ticket.objects.filter(pk=delivered_bug.pk).update(**running)
    migration = importlib.import_module(
        "kundcenter.tickets.migrations.0005_pause_clocks_in_customer_turn"
    )
    migration.pause_clocks(django_apps, None)
    delivered_bug.refresh_from_db()
    assert delivered_bug.paused_at == at(2026, 3, 9, 11)
    assert delivered_bug.next_due_at is None


@pytest.fixture
def billable_bug(org_a, superuser_a, specialist_hantverk):
    """A level 3 bug in the customer's own IT environment: outside free support."""
    ticket = factories.make_ticket(
        org_a, superuser_a, category="bug", service_level=3, module="lon", now=at(2026, 3, 9, 8)
    )
    billing.mark_billable(
        ticket, specialist_hantverk, reason="Kundens nätverk", now=at(2026, 3, 9, 8)
    )
    ticket.refresh_from_db()
    return ticket


def test_a_proposal_waiting_on_any_ticket_pauses_and_the_answer_resumes(
    billable_bug, specialist_hantverk, superuser_a
):
    proposal = propose(billable_bug, specialist_hantverk, now=at(2026, 3, 9, 9))
    billable_bug.refresh_from_db()
    assert billable_bug.status == Status.NEW  # a bug has no proposal state; still paused
    assert billable_bug.paused_at == at(2026, 3, 9, 9)
    assert billable_bug.handling_started_at == at(2026, 3, 9, 9)
    billing.decide_proposal(proposal, superuser_a, accept=True, now=at(2026, 3, 9, 11))
    billable_bug.refresh_from_db()
    assert (billable_bug.paused_at, billable_bug.paused_seconds) == (None, 2 * 3600)
    assert [e for e, _public in clock_events(billable_bug)] == ["paused", "resumed"]


def test_a_withdrawn_proposal_gives_the_move_back_to_us(billable_bug, specialist_hantverk):
    proposal = propose(billable_bug, specialist_hantverk, now=at(2026, 3, 9, 9))
    billing.withdraw_proposal(proposal, specialist_hantverk, now=at(2026, 3, 9, 10))
    billable_bug.refresh_from_db()
    assert (billable_bug.paused_at, billable_bug.paused_seconds) == (None, 3600)


def test_resuming_from_waiting_keeps_the_clock_paused_while_a_proposal_waits(
    billable_bug, specialist_hantverk
):
    propose(billable_bug, specialist_hantverk, now=at(2026, 3, 9, 9))
    actions.transition(billable_bug, specialist_hantverk, Status.WAITING, now=at(2026, 3, 9, 10))
    actions.transition(billable_bug, specialist_hantverk, Status.NEW, now=at(2026, 3, 9, 11))
    billable_bug.refresh_from_db()
    assert billable_bug.paused_at == at(2026, 3, 9, 9)
