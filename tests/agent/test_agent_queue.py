"""The staff queue: role defaults, each filter, search, urgency order, paging, access."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Lane, Status
from tests import factories
from tests.agent.helpers import queue_numbers
from tests.sla.helpers import at

ALL = {"status": "all", "team": "", "lane": ""}


@pytest.fixture
def ticket_b(org_b, superuser_b):
    factories.add_module(org_b, "order")  # a ticket's module is licensed and trained for
    return factories.make_ticket(
        org_b,
        superuser_b,
        title="Kassan räknar fel",
        module="order",
        description="Kassaterminalen summerar kvittot fel.",
    )


def test_specialist_sees_own_team_by_default(client, specialist_hantverk, ticket_a, ticket_b):
    client.force_login(specialist_hantverk)
    assert queue_numbers(client) == [ticket_a.number]


def test_specialist_can_choose_all_teams(client, specialist_hantverk, ticket_a, ticket_b):
    client.force_login(specialist_hantverk)
    assert set(queue_numbers(client, team="")) == {ticket_a.number, ticket_b.number}


def test_manager_sees_every_open_ticket_by_default(client, manager, ticket_a, ticket_b):
    client.force_login(manager)
    assert set(queue_numbers(client)) == {ticket_a.number, ticket_b.number}


def test_default_queue_hides_closed_tickets(client, manager, ticket_a, ticket_b):
    actions.close(ticket_b, manager, "duplicate", reason="Same as another")
    client.force_login(manager)
    assert queue_numbers(client) == [ticket_a.number]
    assert queue_numbers(client, **{**ALL, "status": "closed"}) == [ticket_b.number]
    assert set(queue_numbers(client, **ALL)) == {ticket_a.number, ticket_b.number}


def test_filters_each_narrow_the_queue(
    client, manager, specialist_hantverk, team_handel, ticket_a, ticket_b, bug_a, org_b
):
    actions.assign(ticket_a, manager, specialist_hantverk)
    actions.transition(ticket_b, manager, Status.IN_PROGRESS)
    client.force_login(manager)
    everything = {ticket_a.number, ticket_b.number, bug_a.number}
    assert set(queue_numbers(client, **ALL)) == everything

    assert queue_numbers(client, **ALL | {"team": team_handel.pk}) == [ticket_b.number]
    assert queue_numbers(client, **ALL | {"category": "bug"}) == [bug_a.number]
    assert queue_numbers(client, **ALL | {"module": Module.objects.get(slug="order").pk}) == [
        ticket_b.number
    ]
    assert queue_numbers(client, **ALL | {"status": "in_progress"}) == [ticket_b.number]
    assert queue_numbers(client, **ALL | {"service_level": "2"}) == [bug_a.number]
    assert queue_numbers(client, **ALL | {"assignee": specialist_hantverk.pk}) == [ticket_a.number]
    assert set(queue_numbers(client, **ALL | {"assignee": "none"})) == {
        ticket_b.number,
        bug_a.number,
    }
    assert queue_numbers(client, **ALL | {"customer": "handelshuset"}) == [ticket_b.number]
    assert queue_numbers(client, **ALL | {"customer": org_b.org_number.replace("-", "")}) == [
        ticket_b.number
    ]
    assert queue_numbers(client, **ALL | {"customer": org_b.org_number[:10]}) == [ticket_b.number]


def test_lane_filter_and_assigned_to_me(client, specialist_hantverk, bug_a, ticket_a):
    actions.transition(bug_a, specialist_hantverk, Status.ESCALATED)
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    client.force_login(specialist_hantverk)
    assert queue_numbers(client, **ALL | {"lane": Lane.PRODUCT}) == [bug_a.number]
    assert queue_numbers(client, **ALL | {"assignee": "me"}) == [ticket_a.number]


def test_assignee_picker_lists_only_relevant_staff(
    client, specialist_hantverk, specialist_handel, product_dev, consultant, superuser_a
):
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:queue")).content.decode()
    assert "Sara Specialist" in html and product_dev.full_name in html
    assert consultant.full_name in html
    assert specialist_handel.full_name not in html
    assert superuser_a.full_name not in html


def test_search_by_title_and_number_prefix(client, manager, ticket_a, ticket_b):
    client.force_login(manager)
    assert queue_numbers(client, q="kassan") == [ticket_b.number]
    assert queue_numbers(client, q="momsrapporten") == [ticket_a.number]  # description
    prefix = ticket_a.number[:-1]
    assert set(queue_numbers(client, q=prefix)) == {ticket_a.number, ticket_b.number}


def test_search_by_full_number_opens_the_ticket(client, manager, ticket_a):
    client.force_login(manager)
    response = client.get(reverse("agent:queue"), {"q": ticket_a.number})
    assert response.status_code == 302
    assert response["Location"] == reverse("agent:ticket", args=[ticket_a.number])


def test_search_by_number_with_htmx_redirects_the_browser(client, manager, ticket_a):
    client.force_login(manager)
    response = client.get(reverse("agent:queue"), {"q": ticket_a.number}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("agent:ticket", args=[ticket_a.number])


def test_htmx_filter_change_returns_only_the_table(client, manager, ticket_a):
    client.force_login(manager)
    response = client.get(reverse("agent:queue"), {"status": "open"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert ticket_a.number in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_queue_is_ordered_by_nearest_due_then_age(
    client, manager, specialist_hantverk, org_a, superuser_a
):
    # Default opening hours (08–12, 13–16) and terms; 9 March 2026 is an ordinary Monday.
    def make(title, when, category="support", level=None):
        return factories.make_ticket(
            org_a,
            superuser_a,
            title=title,
            category=category,
            service_level=level,
            now=when,
        )

    # Level 1 (2 h): due Mon 15:00. Level 3 (12 h) from Friday 10:00: due Mon 16:00.
    level1 = make("Nivå ett", at(2026, 3, 9, 13), "bug", 1)
    level3 = make("Nivå tre", at(2026, 3, 6, 10), "bug", 3)
    # Questions (8 h) registered over the weekend both start Monday 08:00, due Tue 09:00:
    # the older one first.
    sunday_question = make("Söndagsfråga", at(2026, 3, 8, 10))
    saturday_question = make("Lördagsfråga", at(2026, 3, 7, 10))
    # Level 5 (48 h) registered the week before: due Tue 10 March 15:00, after them.
    level5 = make("Nivå fem", at(2026, 3, 2, 8), "bug", 5)
    # Waiting for the customer: no deadline while paused, so last.
    waiting = make("Väntar på kund", at(2026, 3, 2, 9))
    actions.transition(waiting, specialist_hantverk, Status.WAITING, now=at(2026, 3, 2, 10))
    client.force_login(manager)
    assert queue_numbers(client) == [
        level1.number,
        level3.number,
        saturday_question.number,
        sunday_question.number,
        level5.number,
        waiting.number,
    ]


def test_queue_is_paginated_without_counting(client, manager, org_a, superuser_a, settings):
    settings.TICKETS_PER_PAGE = 2
    tickets = [factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}") for i in range(5)]
    client.force_login(manager)
    first = client.get(reverse("agent:queue"))
    assert 'rel="next"' in first.content.decode()
    assert queue_numbers(client) == [t.number for t in tickets[:2]]
    assert queue_numbers(client, page=2) == [t.number for t in tickets[2:4]]
    last = client.get(reverse("agent:queue"), {"page": 3})
    assert 'rel="next"' not in last.content.decode()
    assert 'rel="prev"' in last.content.decode()
    assert queue_numbers(client, page=3) == [tickets[4].number]
    assert queue_numbers(client, page="nonsense") == [t.number for t in tickets[:2]]


def test_customer_gets_404_and_anonymous_goes_to_login(client, superuser_a, ticket_a):
    response = client.get(reverse("agent:queue"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(superuser_a)
    assert client.get(reverse("agent:queue")).status_code == 404


def test_product_department_sees_its_lane(
    client, specialist_hantverk, product_dev, bug_a, ticket_a
):
    client.force_login(product_dev)
    assert queue_numbers(client) == []
    actions.transition(bug_a, specialist_hantverk, Status.ESCALATED)
    assert queue_numbers(client) == [bug_a.number]
    # Even asking for all lanes shows nothing outside their lane.
    assert queue_numbers(client, **ALL) == [bug_a.number]


def test_consultants_see_their_lane(client, specialist_hantverk, consultant, org_a, superuser_a):
    order = factories.make_ticket(org_a, superuser_a, category="order", title="Ny rapport")
    factories.make_ticket(org_a, superuser_a)
    client.force_login(consultant)
    assert queue_numbers(client) == []
    actions.transition(order, specialist_hantverk, Status.RECEIVED)
    assert queue_numbers(client) == [order.number]


def test_search_finds_customers_and_reporters(
    client, manager, ticket_a, ticket_b, org_b, superuser_b
):
    client.force_login(manager)
    assert queue_numbers(client, q="handelshuset") == [ticket_b.number]  # customer name
    assert queue_numbers(client, q=org_b.org_number) == [ticket_b.number]  # org. number
    assert queue_numbers(client, q="erik lund") == [ticket_b.number]  # reporter's name
    assert queue_numbers(client, q="Anna Berg") == [ticket_a.number]
    assert queue_numbers(client, q="kassaterminalen") == [ticket_b.number]  # words
