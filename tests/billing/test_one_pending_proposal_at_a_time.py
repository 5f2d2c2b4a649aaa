"""A ticket has at most one proposal waiting for the customer; a withdrawn or answered one
makes room for the next."""

import pytest

from kundcenter.tickets import billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import CostProposal
from tests.billing.helpers import agent_url, propose


def test_a_second_pending_proposal_is_refused(proposed_order, consultant):
    with pytest.raises(ActionError) as refused:
        propose(proposed_order, consultant, fixed_price="9000")
    assert refused.value.message == "A cost proposal is already waiting for the customer."
    assert CostProposal.objects.filter(ticket=proposed_order).count() == 1


def test_a_withdrawn_proposal_makes_room_for_a_better_one(proposed_order, consultant):
    first = billing.pending_proposal(proposed_order)
    billing.withdraw_proposal(first, consultant)
    first.refresh_from_db()
    assert first.state == CostProposal.State.WITHDRAWN
    second = propose(proposed_order, consultant, fixed_price="9000")
    assert billing.pending_proposal(proposed_order) == second
    with pytest.raises(ActionError, match="already been answered"):
        billing.withdraw_proposal(first, consultant)


def test_customers_cannot_withdraw_a_proposal(proposed_order, superuser_a):
    with pytest.raises(ActionError) as refused:
        billing.withdraw_proposal(billing.pending_proposal(proposed_order), superuser_a)
    assert refused.value.message == "Only staff can withdraw cost proposals."


def test_the_agent_page_offers_the_form_only_while_none_is_pending(client, order, consultant):
    client.force_login(consultant)
    assert "Write a cost proposal" in client.get(agent_url(order)).content.decode()
    propose(order, consultant)
    html = client.get(agent_url(order)).content.decode()
    assert "Write a cost proposal" not in html
    assert "Waiting for the customer" in html


def test_a_second_proposal_through_the_page_is_refused_with_the_text_kept(
    client, proposed_order, consultant
):
    client.force_login(consultant)
    response = client.post(
        agent_url(proposed_order, "propose"),
        {
            "proposal-description": "Extra korrekturrunda",
            "proposal-pricing": "fixed",
            "proposal-fixed_price": "2 000",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A cost proposal is already waiting for the customer." in html
    assert "Extra korrekturrunda" in html and 'value="2 000"' in html
    assert CostProposal.objects.filter(ticket=proposed_order).count() == 1
