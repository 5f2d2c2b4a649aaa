"""Closing a ticket as a duplicate of another of the same customer: it closes with reason
Duplicate, its reporter is told, and its conversation shows on the surviving ticket."""

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import TicketEvent, TicketLink
from kundcenter.tickets.workflows import CloseReason, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, title="Momsen igen", description="Samma fel")
    actions.reply(ticket, superuser_a, "Det gäller även april.")
    actions.reply(ticket, specialist_hantverk, "Intern: samma som förra", internal=True)
    return ticket


def test_merging_closes_the_duplicate_and_tells_its_reporter(
    client, specialist_hantverk, ticket_a, duplicate, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agent:merge", args=[duplicate.number]),
            {"merge-number": ticket_a.number, "merge-reason": "Samma momsfel"},
            follow=True,
        )
    assert f"closed as a duplicate of {ticket_a.number}" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.close_reason == CloseReason.DUPLICATE
    assert TicketLink.objects.filter(ticket=duplicate, other=ticket_a, kind="duplicate").exists()
    assert duplicate.events.filter(kind=TicketEvent.Kind.MERGED).exists()
    assert ticket_a.events.filter(kind=TicketEvent.Kind.MERGED, old_value=duplicate.number)
    merged = [
        m for m in mailoutbox if m.extra_headers.get("X-Kundcenter-Notification") == "ticket_merged"
    ]
    assert len(merged) == 1
    assert merged[0].to == [duplicate.reporter.email]
    assert ticket_a.number in merged[0].body
    assert f"/arenden/{ticket_a.number}/" in merged[0].body


def test_the_surviving_ticket_shows_the_duplicates_messages_to_staff_and_the_customer(
    client, specialist_hantverk, superuser_a, ticket_a, duplicate
):
    actions.mark_duplicate(duplicate, specialist_hantverk, ticket_a)
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert "From merged duplicates" in page
    assert "Det gäller även april." in page
    assert "Intern: samma som förra" in page  # staff see internal notes too

    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert "Det gäller även april." in page
    assert "Intern: samma som förra" not in page
    page = client.get(reverse("portal:ticket", args=[duplicate.number])).content.decode()
    assert f'href="/arenden/{ticket_a.number}/"' in page


def test_a_customer_who_may_not_see_the_duplicate_does_not_see_its_messages(
    client, org_a, superuser_a, customer_user_a, specialist_hantverk
):
    # A plain user sees only what they reported; the duplicate is a SuperUser's.
    own = factories.make_ticket(org_a, superuser_a, title="Eget")
    own.reporter = customer_user_a
    own.save(update_fields=["reporter"])
    other = factories.make_ticket(org_a, superuser_a, title="Annans")
    actions.reply(other, superuser_a, "Hemligt för Olle")
    actions.mark_duplicate(other, specialist_hantverk, own)
    client.force_login(customer_user_a)
    page = client.get(reverse("portal:ticket", args=[own.number])).content.decode()
    assert "Hemligt för Olle" not in page
    assert other.number not in page


def test_merging_across_customers_is_refused(
    client, specialist_hantverk, ticket_a, org_b, superuser_b
):
    ticket_b = factories.make_ticket(org_b, superuser_b)
    with pytest.raises(ActionError, match="same customer"):
        actions.mark_duplicate(ticket_b, specialist_hantverk, ticket_a)
    client.force_login(specialist_hantverk)
    response = client.post(
        reverse("agent:merge", args=[ticket_b.number]),
        {"merge-number": ticket_a.number},
        follow=True,
    )
    assert "Only tickets of the same customer can be merged" in response.content.decode()
    ticket_b.refresh_from_db()
    assert ticket_b.is_open
    assert not TicketLink.objects.exists()


def test_merging_into_itself_a_closed_duplicate_or_a_duplicate_is_refused(
    specialist_hantverk, ticket_a, duplicate, org_a, superuser_a
):
    with pytest.raises(ActionError, match="itself"):
        actions.mark_duplicate(ticket_a, specialist_hantverk, ticket_a)
    actions.mark_duplicate(duplicate, specialist_hantverk, ticket_a)
    with pytest.raises(ActionError, match="already closed"):
        actions.mark_duplicate(duplicate, specialist_hantverk, ticket_a)
    third = factories.make_ticket(org_a, superuser_a)
    with pytest.raises(ActionError, match="itself a duplicate"):
        actions.mark_duplicate(third, specialist_hantverk, duplicate)


def test_customers_cannot_merge(client, superuser_a, ticket_a, duplicate):
    with pytest.raises(ActionError):
        actions.mark_duplicate(duplicate, superuser_a, ticket_a)
    client.force_login(superuser_a)
    response = client.post(
        reverse("agent:merge", args=[duplicate.number]), {"merge-number": ticket_a.number}
    )
    assert response.status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.is_open


def test_reading_a_merged_conversation_is_logged_as_reading_the_duplicate(
    client, specialist_hantverk, ticket_a, duplicate
):
    from kundcenter.privacy.models import ProcessingLogEntry

    actions.mark_duplicate(duplicate, specialist_hantverk, ticket_a)
    client.force_login(specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    assert ProcessingLogEntry.objects.filter(
        actor=specialist_hantverk,
        subject=duplicate.reporter,
        object_description=f"ticket {duplicate.number}",
    ).exists()
