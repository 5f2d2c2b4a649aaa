"""The agent workspace (tags, canned replies, bulk actions, saved views) in the access
matrix: customers never see tags or canned replies, not even their own ticket's, and every
workspace URL is a 404 to them that changes nothing; staff outside a ticket's lane cannot
tag it."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import Membership
from kundcenter.tickets import actions, macros
from kundcenter.tickets.models import Macro, SavedView, TicketTag
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.domain.helpers import snapshot

TAG = "INTERNAL-TAG-svår-kund"
MACRO_NAME = "INTERNAL-MACRO-Avfärda"
MACRO_TEXT = "INTERNAL-MACRO-TEXT {{ kund }}"
CUSTOMERS = ["superuser_a", "customer_user_a", "superuser_b", "plain_user_b"]


@pytest.fixture
def plain_user_b(org_b):
    user = factories.make_user("lisa.plain@handelshuset.se", name="Lisa Vanlig")
    factories.add_member(user, org_b, Membership.Role.USER)
    return user


@pytest.fixture
def case(ticket_a, specialist_hantverk, team_hantverk):
    """Customer A's ticket, tagged and answered with a canned reply."""
    macro = Macro.objects.create(
        name=MACRO_NAME, team=team_hantverk, body_sv=MACRO_TEXT, add_tags=TAG
    )
    macros.send_with_macro(
        ticket_a, specialist_hantverk, macro, "Vi tittar på det.", channel="portal"
    )
    actions.add_tags(ticket_a, specialist_hantverk, "andra-taggen")
    actions.remove_tag(ticket_a, specialist_hantverk, "andra-taggen")
    SavedView.objects.create(owner=specialist_hantverk, name="Mina", query="status=open")
    ticket_a.refresh_from_db()
    return ticket_a


@pytest.fixture
def macro(case):
    return Macro.objects.get(name=MACRO_NAME)


def test_the_reporter_never_sees_tags_or_canned_reply_names(client, case, superuser_a):
    client.force_login(superuser_a)
    for url in (reverse("portal:ticket", args=[case.number]), reverse("portal:list")):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert case.title in html  # the page shows the ticket
        for secret in (TAG, "andra-taggen", MACRO_NAME, "INTERNAL-MACRO-TEXT"):
            assert secret not in html, (url, secret)


def test_tag_events_are_internal(case):
    tag_events = case.events.filter(kind="tag")
    assert tag_events.count() == 3 and not tag_events.filter(public=True).exists()


@pytest.mark.parametrize("persona", CUSTOMERS)
def test_workspace_pages_are_404_to_customers(client, request, case, macro, persona):
    client.force_login(request.getfixturevalue(persona))
    view = SavedView.objects.get()
    gets = [
        reverse("agent:macros"),
        reverse("agent:macro_new"),
        reverse("agent:macro_edit", args=[macro.pk]),
        reverse("agent:macro_picker", args=[case.number]),
        reverse("agent:macro_insert", args=[case.number, macro.pk]),
        reverse("agent:glance", args=[case.number]),
        reverse("agent:saved_views"),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        assert MACRO_NAME not in response.content.decode()
    before = (snapshot(case), list(TicketTag.objects.values()), Macro.objects.count())
    posts = [
        (reverse("agent:add_tags", args=[case.number]), {"tags-names": "kund-tagg"}),
        (reverse("agent:remove_tag", args=[case.number]), {"tag": TAG}),
        (reverse("agent:macro_delete", args=[macro.pk]), {}),
        (reverse("agent:macro_new"), {"name": "x", "scope": "personal", "body_sv": "x"}),
        (
            reverse("agent:bulk"),
            {
                "bulk-action": "transition",
                "bulk-target": Status.CLOSED,
                "bulk-tickets": [case.number],
            },
        ),
        (reverse("agent:save_view"), {"view-name": "x", "view-query": ""}),
        (reverse("agent:delete_view", args=[view.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    after = (snapshot(case), list(TicketTag.objects.values()), Macro.objects.count())
    assert after == before
    assert SavedView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize("persona", ["product_dev", "consultant"])
def test_staff_outside_the_lane_cannot_tag_or_bulk_change(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(case)
    url = reverse("agent:add_tags", args=[case.number])
    assert client.post(url, {"tags-names": "x"}).status_code == 404
    client.post(
        reverse("agent:bulk"),
        {"bulk-action": "tag", "bulk-tag": "x", "bulk-tickets": [case.number]},
    )
    assert snapshot(case) == before
    assert not case.ticket_tags.filter(tag__name="x").exists()


def test_another_teams_specialist_does_not_see_the_team_macro(
    client, case, macro, specialist_handel
):
    client.force_login(specialist_handel)
    assert MACRO_NAME not in client.get(reverse("agent:macros")).content.decode()
    picker = reverse("agent:macro_picker", args=[case.number])
    assert MACRO_NAME not in client.get(picker).content.decode()
    insert = reverse("agent:macro_insert", args=[case.number, macro.pk])
    assert client.get(insert).status_code == 404
