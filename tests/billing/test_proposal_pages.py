"""The cost proposal as staff write it and as the customer reads and answers it."""

import pytest
from django.conf import settings

from kundcenter.tickets import billing
from kundcenter.tickets.models import CostProposal
from kundcenter.tickets.workflows import Status
from tests.billing.helpers import agent_url, messages_of, portal_url, propose


def _post_proposal(client, ticket, **data):
    fields = {
        "description": "Ny fakturamall",
        "pricing": "fixed",
        "fixed_price": "",
        "estimated_hours": "",
        "hourly_rate": "",
    }
    fields.update(data)
    return client.post(
        agent_url(ticket, "propose"), {f"proposal-{k}": v for k, v in fields.items()}
    )


def test_staff_write_a_proposal_with_hours_and_rate(client, order, consultant):
    client.force_login(consultant)
    response = _post_proposal(
        client, order, pricing="hourly", estimated_hours="6,5", hourly_rate="1 150"
    )
    assert response.status_code == 302
    proposal = CostProposal.objects.get(ticket=order)
    assert (proposal.estimated_hours, proposal.hourly_rate, proposal.total) == (6.5, 1150, 7475)
    order.refresh_from_db()
    assert order.status == Status.COST_PROPOSAL
    html = client.get(agent_url(order)).content.decode()
    assert "6.50 h × 1,150.00 kr = 7,475.00 kr" in html
    assert "Waiting for the customer" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": ""}, "Describe what the work covers."),
        ({"fixed_price": ""}, "Give the fixed price."),
        ({"fixed_price": "gratis"}, "The fixed price must be a number."),
        ({"fixed_price": "NaN"}, "The fixed price must be a number."),
        ({"fixed_price": "Infinity"}, "The fixed price must be a number."),
        ({"fixed_price": "-100"}, "The fixed price must be more than zero."),
        ({"fixed_price": "1000000000"}, "The fixed price is too large."),
        ({"pricing": "hourly", "estimated_hours": "4"}, "Give the hourly rate."),
    ],
    ids=["no-text", "no-price", "words", "nan", "infinity", "negative", "huge", "no-rate"],
)
def test_a_refused_proposal_keeps_everything_typed(client, order, consultant, data, message):
    client.force_login(consultant)
    response = _post_proposal(client, order, **{"description": "Ny fakturamall", **data})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    for value in data.values():
        if value:
            assert value in html
    assert not CostProposal.objects.exists()
    order.refresh_from_db()
    assert order.status == Status.RECEIVED


def test_the_customer_reads_the_price_the_swedish_way(client, proposed_order, superuser_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(superuser_a)
    html = client.get(portal_url(proposed_order)).content.decode()
    assert "12\xa0500,00 kr" in html
    assert "Ny fakturamall med logotyp, två korrekturrundor." in html


def test_a_superuser_sees_accept_and_decline_with_the_choice(client, proposed_order, superuser_a):
    client.force_login(superuser_a)
    html = client.get(portal_url(proposed_order)).content.decode()
    assert "A cost proposal waits for your answer." in html
    assert "12,500.00 kr" in html
    assert "Accept the cost proposal" in html and "Decline the cost proposal" in html
    assert "Close the ticket" in html and "Return it to support" in html
    # One place to answer: the workflow step buttons are not repeated.
    assert html.count("Accept the cost proposal") == 1


def test_answered_proposals_stay_on_the_page(client, proposed_order, superuser_a, consultant):
    billing.decide_pending(proposed_order, superuser_a, accept=False, on_decline="return")
    propose(proposed_order, consultant, fixed_price="9800", description="Enklare variant")
    client.force_login(superuser_a)
    html = client.get(portal_url(proposed_order)).content.decode()
    assert "Answered cost proposals" in html
    assert "Declined" in html and "Anna Berg" in html
    assert "9,800.00 kr" in html and "Enklare variant" in html


def test_withdrawn_proposals_are_not_shown_to_the_customer(
    client, proposed_order, consultant, superuser_a
):
    client.force_login(consultant)
    proposal = billing.pending_proposal(proposed_order)
    response = client.post(
        agent_url(proposed_order, "ticket") + f"kostnadsforslag/{proposal.pk}/aterkalla/",
        follow=True,
    )
    assert "The cost proposal has been withdrawn." in messages_of(response)
    assert "Write a cost proposal" in response.content.decode()
    client.force_login(superuser_a)
    html = client.get(portal_url(proposed_order)).content.decode()
    assert "Ny fakturamall med logotyp" not in html


def test_the_history_names_the_proposal_states(client, planned_order, superuser_a):
    client.force_login(superuser_a)
    html = client.get(portal_url(planned_order)).content.decode()
    assert "Cost proposal: sent, waiting for an answer" in html
    assert "Cost proposal: accepted" in html
