"""Proposals, time entries and the export belong to their customer and to staff: anyone
else gets a 404, and nothing changes."""

import pytest
from django.urls import reverse

from kundcenter.tickets import actions, billing
from kundcenter.tickets.models import CostProposal, TimeEntry
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.billing.helpers import agent_url, decide_url, portal_url, propose
from tests.domain.helpers import snapshot


def test_another_customers_proposal_decision_is_404(client, proposed_order, superuser_b):
    proposal = billing.pending_proposal(proposed_order)
    before = snapshot(proposed_order)
    client.force_login(superuser_b)
    response = client.post(decide_url(proposed_order, proposal), {"decision": "accept"})
    assert response.status_code == 404
    assert snapshot(proposed_order) == before
    assert CostProposal.objects.get().state == CostProposal.State.PENDING


def test_a_proposal_of_another_ticket_is_404_even_for_the_same_customer(
    client, proposed_order, org_a, superuser_a
):
    other = factories.make_ticket(org_a, superuser_a, title="Annat ärende")
    proposal = billing.pending_proposal(proposed_order)
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:decide_proposal", args=[other.number, proposal.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 404
    assert CostProposal.objects.get().state == CostProposal.State.PENDING


def test_another_customer_sees_nothing_of_the_proposal(client, proposed_order, superuser_b):
    client.force_login(superuser_b)
    assert client.get(portal_url(proposed_order)).status_code == 404


def test_a_plain_customer_user_reads_but_cannot_answer(
    client, org_a, customer_user_a, consultant, specialist_hantverk
):
    # A reporter who is not (or no longer) a SuperUser sees the ticket but does not decide.
    superuser = factories.make_superuser(org_a)
    order = factories.make_ticket(org_a, superuser, category="order", title="Beställning")
    order.reporter = customer_user_a
    order.save(update_fields=["reporter"])
    actions.transition(order, specialist_hantverk, Status.RECEIVED)
    propose(order, consultant)
    client.force_login(customer_user_a)
    html = client.get(portal_url(order)).content.decode()
    assert "12,500.00 kr" in html
    assert "Accept the cost proposal" not in html
    assert "SuperUsers accept or decline cost proposals" in html
    response = client.post(
        decide_url(order, billing.pending_proposal(order)), {"decision": "accept"}, follow=True
    )
    assert response.status_code == 200
    assert billing.pending_proposal(order) is not None


@pytest.mark.parametrize(
    "name", ["billable", "propose", "record_time", "setup_change"], ids=lambda n: n
)
def test_customers_cannot_reach_the_staff_billing_actions(
    client, proposed_order, superuser_a, name
):
    before = snapshot(proposed_order)
    client.force_login(superuser_a)
    response = client.post(
        agent_url(proposed_order, name),
        {"billable-billable": "1", "billable-reason": "x", "time-minutes": "60"},
    )
    assert response.status_code == 404
    assert snapshot(proposed_order) == before
    assert not TimeEntry.objects.exists()


def test_customers_cannot_withdraw_through_the_staff_url(client, proposed_order, superuser_a):
    proposal = billing.pending_proposal(proposed_order)
    client.force_login(superuser_a)
    response = client.post(
        reverse("agent:withdraw_proposal", args=[proposed_order.number, proposal.pk])
    )
    assert response.status_code == 404
    assert billing.pending_proposal(proposed_order) == proposal


@pytest.mark.parametrize("persona", ["superuser_a", "customer_user_a", "consultant", "product_dev"])
def test_the_export_is_404_to_customers_and_outside_support(db, request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("agent:billing_export"), {"month": "2026-03", "download": 1})
    assert response.status_code == 404


def test_the_export_asks_anonymous_visitors_to_log_in(db, client):
    response = client.get(reverse("agent:billing_export"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["specialist_hantverk", "manager", "admin_user"])
def test_support_its_manager_and_admins_reach_the_export(db, request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("agent:billing_export")).status_code == 200
