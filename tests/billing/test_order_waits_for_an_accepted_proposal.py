"""An order cannot reach Cost proposal without a written proposal, nor Planned or In
progress before the customer has accepted one. Refusals say why and change nothing."""

import pytest

from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import CostProposal
from kundcenter.tickets.workflows import Category, Status
from tests import factories
from tests.billing.helpers import propose
from tests.domain.helpers import snapshot

WRITE_FIRST = "Write the cost proposal first; the customer is always told before billable work."
ACCEPT_FIRST = "Billable work starts only after the customer has accepted a cost proposal."


def test_an_order_cannot_go_to_cost_proposal_without_a_proposal(order, consultant):
    before = snapshot(order)
    with pytest.raises(ActionError) as refused:
        actions.transition(order, consultant, Status.COST_PROPOSAL)
    assert refused.value.message == WRITE_FIRST
    assert snapshot(order) == before


def test_an_order_cannot_be_planned_before_acceptance(proposed_order, superuser_a):
    before = snapshot(proposed_order)
    with pytest.raises(ActionError) as refused:
        actions.transition(proposed_order, superuser_a, Status.PLANNED)
    assert refused.value.message == ACCEPT_FIRST
    assert snapshot(proposed_order) == before


def test_the_customer_cannot_close_past_a_waiting_proposal(proposed_order, superuser_a):
    # Declining is recorded on the proposal: decide_proposal, not a bare transition.
    before = snapshot(proposed_order)
    with pytest.raises(ActionError) as refused:
        actions.transition(proposed_order, superuser_a, Status.CLOSED)
    assert refused.value.message == "Accept or decline the cost proposal."
    assert snapshot(proposed_order) == before


def test_writing_the_proposal_moves_the_order_to_cost_proposal(order, consultant):
    proposal = propose(order, consultant)
    order.refresh_from_db()
    assert order.status == Status.COST_PROPOSAL
    assert proposal.state == CostProposal.State.PENDING
    assert proposal.total == 12500
    kinds = list(order.events.values_list("kind", "new_value").order_by("pk"))[-3:]
    # The answer is the customer's: the clock pauses as the proposal is written.
    assert kinds == [("proposal", "pending"), ("sla", "paused"), ("status", Status.COST_PROPOSAL)]


def test_a_new_order_is_acknowledged_when_its_proposal_is_written(
    org_a, superuser_a, specialist_hantverk
):
    order = factories.make_ticket(org_a, superuser_a, category=Category.ORDER)
    propose(order, specialist_hantverk)
    order.refresh_from_db()
    assert order.status == Status.COST_PROPOSAL
    assert order.lane == "consultant"
    statuses = order.events.filter(kind="status").values_list("new_value", flat=True)
    assert list(statuses) == [Status.RECEIVED, Status.COST_PROPOSAL]


def test_a_proposal_refused_by_the_workflow_is_not_kept(order, product_dev, manager):
    # The product department may not move an order: neither proposal nor move happens.
    actions.hand_over(order, manager, "product")
    order.refresh_from_db()
    before = snapshot(order)
    with pytest.raises(ActionError):
        propose(order, product_dev)
    assert snapshot(order) == before
    assert not CostProposal.objects.exists()


def test_after_acceptance_the_consultant_starts_the_work(planned_order, consultant):
    assert planned_order.status == Status.PLANNED
    started = actions.transition(planned_order, consultant, Status.IN_PROGRESS)
    assert started.status == Status.IN_PROGRESS


def test_turning_a_question_in_progress_into_an_order_starts_it_over(ticket_a, specialist_hantverk):
    ticket = actions.transition(ticket_a, specialist_hantverk, Status.IN_PROGRESS)
    ticket = actions.change_category(
        ticket, specialist_hantverk, Category.ORDER, reason="Beställning"
    )
    ticket.refresh_from_db()
    assert (ticket.category, ticket.status) == (Category.ORDER, Status.NEW)
    with pytest.raises(ActionError) as refused:
        billing.record_time(ticket, specialist_hantverk, minutes=30, billable=True, reason="order")
    assert "accepted" in refused.value.message
