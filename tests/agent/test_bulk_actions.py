"""Bulk actions on the tickets ticked in the queue: each ticket changes exactly as by one
action, or, if the action is refused for any of them, nothing changes and the refused
tickets are named."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket, TicketEvent
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.domain.helpers import snapshot

Kind = TicketEvent.Kind


@pytest.fixture
def three(org_a, superuser_a):
    return [factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}") for i in range(3)]


def _bulk(client, tickets, **data):
    payload = {f"bulk-{k}": v for k, v in data.items()}
    payload["bulk-tickets"] = [t.number for t in tickets]
    payload["next"] = reverse("agent:queue") + "?status=all"
    response = client.post(reverse("agent:bulk"), payload, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


def _events(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .exclude(kind=Kind.CREATED)
        .values_list("kind", "old_value", "new_value", "public", "actor_id")
    )


def test_bulk_assign_three(client, specialist_hantverk, three):
    client.force_login(specialist_hantverk)
    shown = _bulk(client, three, action="assign", assignee="me")
    assert shown == ["Done for 3 tickets."]
    for ticket in three:
        ticket.refresh_from_db()
        assert ticket.assignee == specialist_hantverk
        assert _events(ticket) == [
            (Kind.ASSIGNED, "", "Sara Specialist", False, specialist_hantverk.pk)
        ]


def test_bulk_events_are_those_of_a_single_action(
    client, specialist_hantverk, org_a, superuser_a, three
):
    by_hand = factories.make_ticket(org_a, superuser_a)
    actions.transition(by_hand, specialist_hantverk, Status.IN_PROGRESS)
    outbox_by_hand = OutboxItem.objects.filter(topic="status_changed").count()
    client.force_login(specialist_hantverk)
    _bulk(client, three, action="transition", target=Status.IN_PROGRESS)
    for ticket in three:
        assert _events(ticket) == _events(by_hand)
    assert OutboxItem.objects.filter(topic="status_changed").count() == 4 * outbox_by_hand


def test_bulk_move_team_and_tag(client, specialist_hantverk, team_handel, three):
    client.force_login(specialist_hantverk)
    _bulk(client, three, action="team", team=team_handel.pk)
    _bulk(client, three, action="tag", tag="Moms")
    for ticket in three:
        ticket.refresh_from_db()
        assert ticket.team == team_handel
        assert [t.tag.name for t in ticket.ticket_tags.all()] == ["Moms"]
        kinds = [e[0] for e in _events(ticket)]
        assert kinds == [Kind.TEAM, Kind.TAG]


def test_a_transition_not_valid_for_some_changes_none_and_names_them(
    client, specialist_hantverk, three
):
    started = actions.transition(three[1], specialist_hantverk, Status.IN_PROGRESS)
    before = [snapshot(t) for t in three]
    client.force_login(specialist_hantverk)
    shown = _bulk(client, three, action="transition", target=Status.IN_PROGRESS)
    assert len(shown) == 1
    assert shown[0].startswith("Nothing was changed: not possible for ticket")
    assert started.number in shown[0]
    assert three[0].number not in shown[0] and three[2].number not in shown[0]
    assert [snapshot(t) for t in three] == before


def test_several_refusals_are_all_named(client, specialist_hantverk, three):
    client.force_login(specialist_hantverk)
    shown = _bulk(client, three, action="transition", target=Status.DELIVERED)
    assert "these tickets" in shown[0]
    assert all(t.number in shown[0] for t in three)
    assert not Ticket.objects.filter(status=Status.DELIVERED).exists()


def test_tickets_the_user_cannot_see_are_refused(client, product_dev, specialist_hantverk, three):
    # The product department sees only its own lane.
    client.force_login(product_dev)
    shown = _bulk(client, three, action="assign", assignee="me")
    assert "No ticket you can see has the number" in shown[0]
    assert not Ticket.objects.filter(assignee=product_dev).exists()


def test_nothing_selected_is_refused(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    assert _bulk(client, [], action="assign", assignee="me") == ["Select at least one ticket."]


def test_customers_cannot_post_bulk_actions(client, superuser_a, three):
    client.force_login(superuser_a)
    response = client.post(
        reverse("agent:bulk"),
        {"bulk-action": "tag", "bulk-tag": "x", "bulk-tickets": [three[0].number]},
    )
    assert response.status_code == 404
    assert not three[0].ticket_tags.exists()


def test_bulk_queries_grow_only_with_the_tickets_changed(
    client, django_assert_max_num_queries, specialist_hantverk, org_a, superuser_a
):
    """Reading and checking the selection is a fixed cost; each ticket costs its action."""
    tickets = [factories.make_ticket(org_a, superuser_a) for _ in range(6)]
    client.force_login(specialist_hantverk)

    def cost(batch):
        with django_assert_max_num_queries(200) as captured:
            _bulk(client, batch, action="tag", tag="Moms")
        return len(captured.captured_queries)

    one, five = cost(tickets[:1]), cost(tickets[1:6])
    per_ticket = (five - one) / 4
    assert per_ticket <= 8, per_ticket
