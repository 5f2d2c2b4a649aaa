"""Specialists may not change a customer's setup: "needs a setup change" turns the
support question into an Order for the consultants, keeping its number and history."""

import pytest

from kundcenter.tickets import actions, billing
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import Message, TicketEvent
from kundcenter.tickets.workflows import Category, Lane, Status
from tests.billing.helpers import agent_url, messages_of, propose
from tests.domain.helpers import snapshot


@pytest.fixture
def discussed_question(ticket_a, specialist_hantverk, superuser_a):
    ticket = actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    ticket = actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)
    actions.reply(ticket, superuser_a, "Kan ni lägga upp nya OB-regler åt oss?")
    actions.reply(ticket, specialist_hantverk, "Det är en inställningsändring.", internal=True)
    ticket.refresh_from_db()
    return ticket


def test_the_question_becomes_an_order_in_the_consultants_lane(
    discussed_question, specialist_hantverk, consultant
):
    _row, events_before, messages_before = snapshot(discussed_question)
    ticket = billing.needs_setup_change(
        discussed_question, specialist_hantverk, reason="Nya OB-regler enligt avtal"
    )
    ticket.refresh_from_db()
    assert ticket.number == discussed_question.number
    assert (ticket.category, ticket.lane, ticket.assignee) == (
        Category.ORDER,
        Lane.CONSULTANT,
        None,
    )
    # Work started as free support starts over: the consultants acknowledge and propose.
    assert ticket.status == Status.NEW
    _row, events_after, messages_after = snapshot(ticket)
    assert messages_after == messages_before
    assert events_after[: len(events_before)] == events_before
    reasons = {e["reason"] for e in events_after[len(events_before) :]}
    assert reasons == {"Needs a setup change: Nya OB-regler enligt avtal"}
    assert Message.objects.get(ticket=ticket, internal=True)

    # The consultant sees it, acknowledges it and sends the cost proposal.
    assert ticket in type(ticket).objects.visible_to(consultant)
    ticket = actions.transition(ticket, consultant, Status.RECEIVED)
    propose(ticket, consultant)
    ticket.refresh_from_db()
    assert ticket.status == Status.COST_PROPOSAL


def test_the_setup_change_needs_a_description(discussed_question, specialist_hantverk):
    before = snapshot(discussed_question)
    with pytest.raises(ActionError) as refused:
        billing.needs_setup_change(discussed_question, specialist_hantverk, reason="")
    assert refused.value.message == "Describe the setup change that is needed."
    assert snapshot(discussed_question) == before


def test_customers_cannot_order_it_this_way(discussed_question, superuser_a):
    before = snapshot(discussed_question)
    with pytest.raises(ActionError, match="Only staff"):
        billing.needs_setup_change(discussed_question, superuser_a, reason="Gör det")
    assert snapshot(discussed_question) == before


def test_the_action_on_the_agent_page(client, discussed_question, specialist_hantverk):
    client.force_login(specialist_hantverk)
    response = client.post(
        agent_url(discussed_question, "setup_change"),
        {"setup-reason": "Ny kontoplan"},
        follow=True,
    )
    assert "now an order for the consultants" in " ".join(messages_of(response))
    discussed_question.refresh_from_db()
    assert discussed_question.category == Category.ORDER
    html = response.content.decode()
    assert TicketEvent.objects.filter(ticket=discussed_question, kind="lane").exists()
    assert "Needs a setup change: Ny kontoplan" in html
