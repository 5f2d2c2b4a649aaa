"""Related tickets (the same bug from several customers): linked across customers,
answered together, and never revealing one customer to another."""

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import Message, TicketLink
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket_b(org_b, superuser_b):
    return factories.make_ticket(org_b, superuser_b, title="Lönefil felar", description="Fel")


@pytest.fixture
def linked(specialist_hantverk, ticket_a, ticket_b):
    actions.link_tickets(ticket_a, specialist_hantverk, ticket_b)
    return ticket_a, ticket_b


def test_staff_link_tickets_of_two_customers_and_see_both_ends(
    client, specialist_hantverk, ticket_a, ticket_b
):
    client.force_login(specialist_hantverk)
    client.post(reverse("agent:link", args=[ticket_a.number]), {"number": ticket_b.number})
    assert TicketLink.objects.filter(kind="related").count() == 1
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert f'href="/agent/arenden/{ticket_b.number}/"' in page
    assert "Handelshuset Syd AB" in page
    page = client.get(reverse("agent:ticket", args=[ticket_b.number])).content.decode()
    assert f'href="/agent/arenden/{ticket_a.number}/"' in page


def test_a_customer_never_sees_the_other_customers_ticket_or_name(
    client, superuser_a, superuser_b, linked
):
    ticket_a, ticket_b = linked
    for user, own, other, other_name in (
        (superuser_a, ticket_a, ticket_b, "Handelshuset"),
        (superuser_b, ticket_b, ticket_a, "Bygg &amp; Montage"),
    ):
        client.force_login(user)
        page = client.get(reverse("portal:ticket", args=[own.number])).content.decode()
        assert other.number not in page
        assert other_name not in page
        assert "Linked tickets" not in page  # nothing at all about the link


def test_a_customer_sees_a_link_between_two_of_their_own_tickets(
    client, org_a, superuser_a, specialist_hantverk, ticket_a
):
    second = factories.make_ticket(org_a, superuser_a, title="Samma sak")
    actions.link_tickets(ticket_a, specialist_hantverk, second)
    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert f'href="/arenden/{second.number}/"' in page


def test_linking_twice_or_to_itself_is_refused(specialist_hantverk, linked):
    ticket_a, ticket_b = linked
    with pytest.raises(ActionError, match="already linked"):
        actions.link_tickets(ticket_b, specialist_hantverk, ticket_a)
    with pytest.raises(ActionError, match="itself"):
        actions.link_tickets(ticket_a, specialist_hantverk, ticket_a)


def test_customers_cannot_link_or_unlink(client, superuser_a, superuser_b, linked):
    ticket_a, ticket_b = linked
    with pytest.raises(ActionError):
        actions.link_tickets(ticket_a, superuser_a, ticket_b)
    client.force_login(superuser_a)
    assert (
        client.post(
            reverse("agent:unlink", args=[ticket_a.number]), {"number": ticket_b.number}
        ).status_code
        == 404
    )
    assert TicketLink.objects.count() == 1


def test_unlinking_removes_the_link(client, specialist_hantverk, linked):
    ticket_a, ticket_b = linked
    client.force_login(specialist_hantverk)
    client.post(reverse("agent:unlink", args=[ticket_b.number]), {"number": ticket_a.number})
    assert not TicketLink.objects.exists()


def test_a_reply_to_linked_tickets_tells_every_reporter_about_their_own_ticket(
    client,
    specialist_hantverk,
    superuser_a,
    superuser_b,
    linked,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    ticket_a, ticket_b = linked
    client.force_login(specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agent:reply", args=[ticket_a.number]),
            {"kind": "public", "body": "Felet är rättat i version 5.2.", "notify_linked": "on"},
            follow=True,
        )
    assert f"also posted on {ticket_b.number}" in response.content.decode()
    assert Message.objects.filter(ticket=ticket_b, body="Felet är rättat i version 5.2.").exists()
    by_person = {m.to[0]: m for m in mailoutbox}
    mail_b = by_person[superuser_b.email]
    assert ticket_b.number in mail_b.subject
    assert ticket_a.number not in mail_b.body + mail_b.subject
    assert "Bygg" not in mail_b.body
    assert ticket_a.number in by_person[superuser_a.email].subject


def test_without_the_option_only_the_main_ticket_gets_the_reply(
    client, specialist_hantverk, linked
):
    ticket_a, ticket_b = linked
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert 'name="notify_linked"' in page
    client.post(
        reverse("agent:reply", args=[ticket_a.number]), {"kind": "public", "body": "Bara A"}
    )
    assert not Message.objects.filter(ticket=ticket_b).exists()


def test_closed_linked_tickets_are_skipped(specialist_hantverk, linked):
    ticket_a, ticket_b = linked
    actions.close(ticket_b, specialist_hantverk, "declined", reason="Nej")
    _message, also = actions.reply_to_linked(ticket_a, specialist_hantverk, "Rättat")
    assert also == []
