"""A support question staff mark as outside free support needs an accepted cost proposal
before work starts; the customer reads the marking in the history."""

import pytest

from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.workflows import Status
from tests.billing.helpers import agent_url, messages_of, portal_url, propose
from tests.domain.helpers import snapshot


@pytest.fixture
def billable_question(ticket_a, specialist_hantverk):
    return billing.mark_billable(
        ticket_a, specialist_hantverk, reason="Felet ligger i kundens egen brandvägg."
    )


def test_a_billable_question_cannot_go_in_progress_until_accepted(
    billable_question, specialist_hantverk, superuser_a
):
    before = snapshot(billable_question)
    with pytest.raises(ActionError) as refused:
        actions.transition(billable_question, specialist_hantverk, Status.IN_PROGRESS)
    assert refused.value.message == (
        "Billable work starts only after the customer has accepted a cost proposal."
    )
    assert snapshot(billable_question) == before

    propose(billable_question, specialist_hantverk, fixed_price="1500")
    billable_question.refresh_from_db()
    assert billable_question.status == Status.NEW  # no Cost proposal state for questions
    billing.decide_pending(billable_question, superuser_a, accept=True)
    started = actions.transition(billable_question, specialist_hantverk, Status.IN_PROGRESS)
    assert started.status == Status.IN_PROGRESS


def test_a_free_question_gets_no_cost_proposal(ticket_a, specialist_hantverk):
    with pytest.raises(ActionError) as refused:
        propose(ticket_a, specialist_hantverk)
    assert refused.value.message == (
        "Support questions are free: mark the ticket outside free support first."
    )


def test_marking_needs_a_reason(ticket_a, specialist_hantverk):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError) as refused:
        billing.mark_billable(ticket_a, specialist_hantverk, reason="  ")
    assert refused.value.message == "Say why the ticket is or is not outside free support."
    assert snapshot(ticket_a) == before


def test_customers_cannot_mark_a_ticket_billable(ticket_a, superuser_a):
    with pytest.raises(ActionError, match="Only staff"):
        billing.mark_billable(ticket_a, superuser_a, reason="Jag vill betala")


def test_declining_on_a_question_closes_it_as_withdrawn(
    billable_question, specialist_hantverk, superuser_a
):
    propose(billable_question, specialist_hantverk, fixed_price="1500")
    billing.decide_pending(billable_question, superuser_a, accept=False, on_decline="close")
    billable_question.refresh_from_db()
    assert (billable_question.status, billable_question.close_reason) == (
        Status.CLOSED,
        "withdrawn",
    )


def test_the_toggle_on_the_agent_page_and_the_customer_sees_it(
    client, ticket_a, specialist_hantverk, superuser_a
):
    client.force_login(specialist_hantverk)
    response = client.post(
        agent_url(ticket_a, "billable"),
        {"billable-billable": "1", "billable-reason": "Kundens egen IT-miljö"},
        follow=True,
    )
    assert "outside free support now" in " ".join(messages_of(response))
    ticket_a.refresh_from_db()
    assert ticket_a.billable
    assert "Write a cost proposal" in response.content.decode()

    client.force_login(superuser_a)
    html = client.get(portal_url(ticket_a)).content.decode()
    assert "Outside free support: no → yes" in html
    assert "Kundens egen IT-miljö" in html
    assert "You get a cost proposal to accept before any billable work starts." in html

    client.force_login(specialist_hantverk)
    client.post(
        agent_url(ticket_a, "billable"),
        {"billable-billable": "0", "billable-reason": "Det var ändå vårt fel"},
    )
    ticket_a.refresh_from_db()
    assert not ticket_a.billable


def test_the_toggle_without_a_reason_shows_the_refusal(client, ticket_a, specialist_hantverk):
    client.force_login(specialist_hantverk)
    response = client.post(agent_url(ticket_a, "billable"), {"billable-billable": "1"}, follow=True)
    assert "Say why the ticket is or is not outside free support." in messages_of(response)
    ticket_a.refresh_from_db()
    assert not ticket_a.billable
