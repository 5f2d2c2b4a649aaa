"""The customer's answer: accepting plans the order; declining closes it or returns it to
support, as the customer chooses. Through the portal's proposal card and its workflow step."""

import pytest

from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import CostProposal
from kundcenter.tickets.workflows import Lane, Status
from tests.billing.helpers import decide_url, messages_of, portal_url, propose
from tests.domain.helpers import snapshot


def _answer(client, ticket, **data):
    proposal = billing.pending_proposal(ticket)
    return client.post(decide_url(ticket, proposal), data, follow=True)


def test_propose_then_the_customer_accepts_and_the_order_is_planned(
    client, proposed_order, superuser_a
):
    client.force_login(superuser_a)
    response = _answer(client, proposed_order, decision="accept", reason="Kör!")
    assert "You have accepted the cost proposal" in " ".join(messages_of(response))
    proposed_order.refresh_from_db()
    assert proposed_order.status == Status.PLANNED
    proposal = CostProposal.objects.get(ticket=proposed_order)
    assert proposal.state == CostProposal.State.ACCEPTED
    assert proposal.decided_by == superuser_a and proposal.decided_at is not None
    # The history says who accepted, when, and the status change.
    event = proposed_order.events.filter(kind="proposal").last()
    assert (event.old_value, event.new_value, event.actor, event.reason) == (
        "pending",
        "accepted",
        superuser_a,
        "Kör!",
    )
    assert "Accepted" in response.content.decode()


def test_decline_and_close_closes_the_order(client, proposed_order, superuser_a):
    client.force_login(superuser_a)
    response = _answer(client, proposed_order, decision="decline", on_decline="close")
    assert "The ticket is closed" in " ".join(messages_of(response))
    proposed_order.refresh_from_db()
    assert (proposed_order.status, proposed_order.close_reason) == (Status.CLOSED, "declined")
    assert CostProposal.objects.get().state == CostProposal.State.DECLINED
    assert proposed_order.events.filter(kind="status").last().reason == "Cost proposal declined"


def test_decline_and_return_goes_back_to_received_in_the_support_lane(
    client, proposed_order, superuser_a, consultant
):
    actions.assign(proposed_order, consultant, consultant)
    client.force_login(superuser_a)
    response = _answer(client, proposed_order, decision="decline", on_decline="return")
    assert "Support will contact you" in " ".join(messages_of(response))
    proposed_order.refresh_from_db()
    assert proposed_order.status == Status.RECEIVED
    assert proposed_order.lane == Lane.SUPPORT
    assert proposed_order.assignee is None
    assert proposed_order.is_open
    lane_event = proposed_order.events.filter(kind="lane").last()
    assert (lane_event.old_value, lane_event.new_value) == (Lane.CONSULTANT, Lane.SUPPORT)
    # Support can write a new proposal, which moves the order on again.
    propose(proposed_order, consultant, fixed_price="9800")
    proposed_order.refresh_from_db()
    assert proposed_order.status == Status.COST_PROPOSAL


def test_the_workflow_step_also_records_the_answer_on_the_proposal(
    client, proposed_order, superuser_a
):
    client.force_login(superuser_a)
    client.post(f"{portal_url(proposed_order)}steg/", {"target": Status.PLANNED, "reason": "Ja"})
    proposed_order.refresh_from_db()
    assert proposed_order.status == Status.PLANNED
    assert CostProposal.objects.get().state == CostProposal.State.ACCEPTED


def test_a_decline_needs_a_choice_between_close_and_return(proposed_order, superuser_a):
    before = snapshot(proposed_order)
    with pytest.raises(ActionError) as refused:
        billing.decide_pending(proposed_order, superuser_a, accept=False, on_decline="maybe")
    assert refused.value.message == ("Choose whether to close the ticket or return it to support.")
    assert snapshot(proposed_order) == before


def test_an_answered_proposal_cannot_be_answered_again(proposed_order, superuser_a):
    proposal = billing.pending_proposal(proposed_order)
    billing.decide_proposal(proposal, superuser_a, accept=True)
    with pytest.raises(ActionError) as refused:
        billing.decide_proposal(proposal, superuser_a, accept=False)
    assert refused.value.message == "This cost proposal has already been answered."
    proposed_order.refresh_from_db()
    assert proposed_order.status == Status.PLANNED


def test_the_answer_ends_a_wait_for_the_customer(proposed_order, consultant, superuser_a):
    actions.transition(proposed_order, consultant, Status.WAITING)
    billing.decide_pending(proposed_order, superuser_a, accept=True)
    proposed_order.refresh_from_db()
    assert (proposed_order.status, proposed_order.resume_status) == (Status.PLANNED, "")
    assert proposed_order.paused_at is None
    statuses = list(
        proposed_order.events.filter(kind="status").values_list("old_value", "new_value")
    )
    assert statuses[-2:] == [
        (Status.WAITING, Status.COST_PROPOSAL),
        (Status.COST_PROPOSAL, Status.PLANNED),
    ]


def test_no_proposal_is_written_while_the_order_waits_for_the_customer(order, consultant):
    ticket = actions.transition(order, consultant, Status.WAITING)
    with pytest.raises(ActionError) as refused:
        propose(ticket, consultant)
    assert "waiting for the customer" in refused.value.message


def test_staff_cannot_answer_for_the_customer(proposed_order, manager):
    before = snapshot(proposed_order)
    with pytest.raises(ActionError) as refused:
        billing.decide_pending(proposed_order, manager, accept=True)
    assert refused.value.message == (
        "Only the customer's SuperUsers can accept or decline a proposal."
    )
    assert snapshot(proposed_order) == before


def test_an_overdue_customer_is_told_why_it_cannot_answer(proposed_order, org_a, superuser_a):
    org_a.payment_standing = "overdue"
    org_a.save(update_fields=["payment_standing"])
    proposed_order.refresh_from_db()
    with pytest.raises(ActionError) as refused:
        billing.decide_pending(proposed_order, superuser_a, accept=True)
    assert "overdue payment" in refused.value.message
    assert billing.pending_proposal(proposed_order) is not None
