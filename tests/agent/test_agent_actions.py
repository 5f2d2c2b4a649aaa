"""Staff actions from the ticket page: each one changes the ticket, or changes nothing
and says why."""

from django.contrib.messages import get_messages

from kundcenter.tickets import actions
from kundcenter.tickets.models import Message, Ticket, TicketEvent
from kundcenter.tickets.workflows import Lane, Status
from tests.agent.helpers import ticket_url

Kind = TicketEvent.Kind


def _post(client, ticket, name, data):
    response = client.post(ticket_url(ticket, name), data, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]


def _fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_take_it_assigns_me(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    _post(client, ticket_a, "assign", {"assign-assignee": "me"})
    assert _fresh(ticket_a).assignee == specialist_hantverk
    assert ticket_a.events.filter(kind=Kind.ASSIGNED).count() == 1


def test_assign_someone_and_unassign(client, specialist_hantverk, product_dev, ticket_a):
    client.force_login(specialist_hantverk)
    _post(client, ticket_a, "assign", {"assign-assignee": product_dev.pk})
    assert _fresh(ticket_a).assignee == product_dev
    _post(client, ticket_a, "assign", {"assign-assignee": "none"})
    assert _fresh(ticket_a).assignee is None


def test_cannot_assign_outside_the_list(client, specialist_hantverk, superuser_a, ticket_a):
    client.force_login(specialist_hantverk)
    shown = _post(client, ticket_a, "assign", {"assign-assignee": superuser_a.pk})
    assert shown  # the form error, in the UI language
    assert _fresh(ticket_a).assignee is None


def test_level_change_needs_a_reason(client, specialist_hantverk, bug_a):
    client.force_login(specialist_hantverk)
    shown = _post(client, bug_a, "service_level", {"level-level": "3", "level-reason": ""})
    assert "why" in shown[0].lower()
    assert _fresh(bug_a).service_level == 2
    assert not bug_a.events.filter(kind=Kind.SERVICE_LEVEL).exists()


def test_level_change_is_recorded(client, specialist_hantverk, bug_a):
    client.force_login(specialist_hantverk)
    _post(
        client, bug_a, "service_level", {"level-level": "3", "level-reason": "Workaround provided"}
    )
    assert _fresh(bug_a).service_level == 3
    event = bug_a.events.get(kind=Kind.SERVICE_LEVEL)
    assert (event.old_value, event.new_value, event.reason) == ("2", "3", "Workaround provided")
    html = client.get(ticket_url(bug_a)).content.decode()
    assert "Workaround provided" in html


def test_support_question_becomes_a_bug_keeping_number_and_messages(
    client, specialist_hantverk, superuser_a, ticket_a
):
    actions.reply(ticket_a, superuser_a, "Det kraschar när jag skriver ut.")
    client.force_login(specialist_hantverk)
    _post(
        client,
        ticket_a,
        "category",
        {
            "category-category": "bug",
            "category-service_level": "2",
            "category-reason": "It is a software bug",
        },
    )
    changed = _fresh(ticket_a)
    assert changed.number == ticket_a.number
    assert changed.category == "bug" and changed.service_level == 2
    assert Message.objects.filter(ticket=ticket_a).count() == 1
    assert ticket_a.events.filter(kind=Kind.CATEGORY).exists()


def test_category_change_to_bug_without_level_is_refused(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    shown = _post(
        client,
        ticket_a,
        "category",
        {"category-category": "bug", "category-reason": "A bug"},
    )
    assert "service level" in shown[0]
    assert _fresh(ticket_a).category == "support"


def test_move_to_the_other_team(client, specialist_hantverk, team_handel, ticket_a):
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    client.force_login(specialist_hantverk)
    _post(client, ticket_a, "team", {"team-team": team_handel.pk, "team-reason": "Handel"})
    moved = _fresh(ticket_a)
    assert moved.team == team_handel and moved.assignee is None


def test_hand_over_to_consultants_and_back(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    _post(client, ticket_a, "hand_over", {"handover-lane": Lane.CONSULTANT})
    assert _fresh(ticket_a).lane == Lane.CONSULTANT
    _post(client, ticket_a, "hand_over", {"handover-lane": Lane.SUPPORT})
    assert _fresh(ticket_a).lane == Lane.SUPPORT
    assert ticket_a.events.filter(kind=Kind.LANE).count() == 2


def test_escalating_a_new_bug_to_product_follows_its_workflow(client, specialist_hantverk, bug_a):
    client.force_login(specialist_hantverk)
    _post(client, bug_a, "hand_over", {"handover-lane": Lane.PRODUCT})
    escalated = _fresh(bug_a)
    assert escalated.lane == Lane.PRODUCT and escalated.status == Status.ESCALATED


def test_early_close_requires_a_reason(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    shown = _post(client, ticket_a, "close", {"close-close_reason": "duplicate"})
    assert "why" in shown[0].lower()
    assert _fresh(ticket_a).status == Status.NEW
    _post(
        client,
        ticket_a,
        "close",
        {"close-close_reason": "duplicate", "close-reason": "Same as 2026-000009"},
    )
    closed = _fresh(ticket_a)
    assert closed.status == Status.CLOSED and closed.close_reason == "duplicate"


def test_refused_transition_shows_message_and_changes_nothing(
    client, specialist_hantverk, ticket_a
):
    client.force_login(specialist_hantverk)
    response = client.post(ticket_url(ticket_a, "transition"), {"target": "delivered"}, follow=True)
    html = response.content.decode()
    assert 'class="error"' in html and "cannot go from" in html
    assert _fresh(ticket_a).status == Status.NEW


def test_product_department_cannot_act_on_support_lane(client, product_dev, ticket_a):
    client.force_login(product_dev)
    response = client.post(ticket_url(ticket_a, "assign"), {"assign-assignee": "me"})
    assert response.status_code == 404
    assert _fresh(ticket_a).assignee is None


def test_actions_only_accept_post(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    assert client.get(ticket_url(ticket_a, "close")).status_code == 405
