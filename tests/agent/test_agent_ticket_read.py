"""The agent ticket page reads its ticket with the facts it shows (links, billing,
colleagues present) in one statement; for the roles that see every ticket that statement
is built once per process. It must read exactly what the ORM would, and still refuse
what the viewer may not see."""

from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.entitlements import active_grants, active_grants_list
from kundcenter.tickets import presence
from kundcenter.tickets.views import agent
from tests import factories
from tests.entitlements.helpers import grant_now

FACTS = ("has_links", "has_proposals", "has_time_entries", "has_others_present")


def _read(user, number):
    request = RequestFactory().get("/")
    request.user = user
    return agent._load(request, number)


def test_the_built_once_read_equals_the_orm_read(
    specialist_hantverk, specialist_handel, org_a, superuser_a
):
    ticket = factories.make_ticket(org_a, superuser_a, title="Lönekörningen stannar")
    presence.heartbeat(ticket, specialist_handel, writing=True)
    read = _read(specialist_hantverk, ticket.number)
    orm = agent._ticket_with_page_facts(specialist_hantverk).get(number=ticket.number)
    assert read.pk == ticket.pk and read.title == "Lönekörningen stannar"
    assert read.organization.industry.team == orm.organization.industry.team
    assert read.reporter == superuser_a and read.created_at == orm.created_at
    assert {f: getattr(read, f) for f in FACTS} == {f: getattr(orm, f) for f in FACTS}
    assert read.has_others_present is True  # a colleague has it open
    # The viewer's own heartbeat is not "another", and a stale one no longer counts.
    presence.heartbeat(
        ticket, specialist_handel, writing=False, now=timezone.now() - timedelta(days=1)
    )
    presence.heartbeat(ticket, specialist_hantverk, writing=False)
    assert _read(specialist_hantverk, ticket.number).has_others_present is False


def test_an_unknown_number_is_404_for_every_role(client, specialist_hantverk, product_dev):
    for user in (specialist_hantverk, product_dev):
        client.force_login(user)
        assert client.get(reverse("agent:ticket", args=["2026-999999"])).status_code == 404


def test_a_role_with_a_lane_still_sees_only_its_tickets(client, product_dev, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a)  # a support question, support's lane
    client.force_login(product_dev)
    assert client.get(reverse("agent:ticket", args=[ticket.number])).status_code == 404


def test_the_grants_listed_on_a_ticket_page_are_those_in_force(
    org_a, superuser_a, org_b, superuser_b
):
    in_force = grant_now(org_a, superuser_a)
    grant_now(org_b, superuser_b)  # another customer's
    assert active_grants_list(org_a) == list(active_grants(org_a)) == [in_force]
    later = timezone.now() + timedelta(days=400)
    assert active_grants_list(org_a, later) == []
