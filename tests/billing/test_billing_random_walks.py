"""Random walks with billing in them: whatever anyone tries, no billable work happens
without an accepted cost proposal, and the ticket stays consistent."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import CostProposal, TimeEntry
from kundcenter.tickets.workflows import Category, CloseReason, Status
from tests import factories
from tests.domain.helpers import snapshot
from tests.domain.test_workflow_properties import assert_consistent

pytestmark = pytest.mark.django_db(transaction=False)

STEPS = (
    "offered",
    "offered",
    "offered",
    "propose",
    "propose",
    "decide",
    "decide",
    "withdraw",
    "billable",
    "time",
    "category",
    "setup",
    "close",
)
BILLABLE_WORK = (Status.PLANNED, Status.IN_PROGRESS, Status.DELIVERED)


def assert_billing_rules(ticket):
    ticket.refresh_from_db()
    proposals = CostProposal.objects.filter(ticket=ticket)
    accepted = proposals.filter(state=CostProposal.State.ACCEPTED).exists()
    assert proposals.filter(state=CostProposal.State.PENDING).count() <= 1
    if ticket.category == Category.ORDER:
        current = ticket.resume_status if ticket.status == Status.WAITING else ticket.status
        if current in BILLABLE_WORK or ticket.close_reason == CloseReason.RESOLVED:
            assert accepted, f"an order in {current} without an accepted proposal"
    if TimeEntry.objects.filter(ticket=ticket, billable=True).exists():
        assert accepted, "billable time without an accepted proposal"


def attempt(data, ticket, people):
    step = data.draw(st.sampled_from(STEPS), label="what")
    user = people[data.draw(st.sampled_from(sorted(people)), label="who")]
    if step == "offered":
        offered = [
            (name, move["target"])
            for name, person in sorted(people.items())
            for move in actions.available_transitions(ticket, person)
        ]
        if offered:
            name, target = data.draw(st.sampled_from(offered), label="offered move")
            return lambda: actions.transition(ticket, people[name], target)
        step = "propose"
    if step == "propose":
        pricing = data.draw(st.sampled_from(["fixed", "hourly"]), label="pricing")
        return lambda: billing.propose_cost(
            ticket,
            user,
            description="Arbete",
            pricing=pricing,
            fixed_price="1000",
            estimated_hours="2,5",
            hourly_rate="1100",
        )
    if step == "decide":
        accept = data.draw(st.booleans(), label="accept")
        on_decline = data.draw(st.sampled_from(["close", "return"]), label="on decline")
        return lambda: billing.decide_pending(ticket, user, accept=accept, on_decline=on_decline)
    if step == "withdraw":
        return lambda: billing.withdraw_proposal(
            billing.pending_proposal(ticket) or CostProposal(pk=0, ticket=ticket), user
        )
    if step == "billable":
        billable = data.draw(st.booleans(), label="billable")
        return lambda: billing.mark_billable(ticket, user, reason="Kundens IT", billable=billable)
    if step == "time":
        billable = data.draw(st.booleans(), label="billable time")
        reason = data.draw(st.sampled_from(["", "order", "customer_it"]), label="reason")
        return lambda: billing.record_time(
            ticket, user, minutes=30, billable=billable, reason=reason
        )
    if step == "category":
        category = data.draw(st.sampled_from(Category.values), label="category")
        return lambda: actions.change_category(
            ticket, user, category, reason="Omklassad", service_level=3
        )
    if step == "setup":
        return lambda: billing.needs_setup_change(ticket, user, reason="Ny inställning")
    code = data.draw(st.sampled_from(CloseReason.values), label="code")
    return lambda: actions.close(ticket, user, code, reason="Stängt")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), category=st.sampled_from([Category.ORDER, Category.SUPPORT]))
def test_no_billable_work_without_an_accepted_proposal(
    data,
    category,
    org_a,
    superuser_a,
    superuser_b,
    specialist_hantverk,
    product_dev,
    consultant,
    manager,
):
    people = {
        "customer-superuser": superuser_a,
        "other-org-superuser": superuser_b,
        "specialist": specialist_hantverk,
        "product-department": product_dev,
        "consultant": consultant,
        "manager": manager,
    }
    ticket = factories.make_ticket(org_a, superuser_a, category=category)
    for _step in range(data.draw(st.integers(1, 20), label="steps")):
        ticket.refresh_from_db()
        before = snapshot(ticket)
        proposals_before = list(CostProposal.objects.filter(ticket=ticket).values())
        try:
            attempt(data, ticket, people)()
        except ActionError as refused:
            assert refused.message
            assert snapshot(ticket) == before, "a refused action must change nothing"
            assert list(CostProposal.objects.filter(ticket=ticket).values()) == proposals_before
        assert_consistent(ticket)
        assert_billing_rules(ticket)
