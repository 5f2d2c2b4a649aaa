"""Collision warning: the ticket page says when a colleague has the ticket open or is
writing, and a reply posted on top of a newer message asks before sending."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import actions
from kundcenter.tickets.models import Message, TicketEvent, TicketPresence

pytestmark = pytest.mark.django_db


def test_a_colleague_with_the_ticket_open_is_shown(
    client, specialist_hantverk, specialist_handel, ticket_a
):
    url = reverse("agent:presence", args=[ticket_a.number])
    client.force_login(specialist_handel)
    first = client.get(url).content.decode()
    assert 'id="collision-warning"' not in first  # nobody else yet
    client.force_login(specialist_hantverk)
    answer = client.get(url).content.decode()
    assert "Hans Specialist also has this ticket open." in answer
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert 'id="collision-warning"' in page  # shown at once, before the first poll
    assert f'hx-get="{url}"' in page and "every 12s" in page


def test_a_colleague_writing_is_shown_as_writing(
    client, specialist_hantverk, specialist_handel, ticket_a
):
    url = reverse("agent:presence", args=[ticket_a.number])
    client.force_login(specialist_handel)
    client.get(url, {"writing": "1"})
    client.force_login(specialist_hantverk)
    assert "Hans Specialist is writing a reply on this ticket." in client.get(url).content.decode()


def test_a_colleague_who_left_is_no_longer_shown(
    client, specialist_hantverk, specialist_handel, ticket_a, settings
):
    TicketPresence.objects.create(
        ticket=ticket_a,
        user=specialist_handel,
        seen_at=timezone.now() - timedelta(seconds=settings.PRESENCE_STALE_SECONDS + 1),
    )
    client.force_login(specialist_hantverk)
    answer = client.get(reverse("agent:presence", args=[ticket_a.number])).content.decode()
    assert "Hans Specialist" not in answer


def test_the_poll_writes_only_the_heartbeat(client, specialist_hantverk, ticket_a):
    before = (ticket_a.updated_at, ticket_a.last_activity_at, ticket_a.events.count())
    client.force_login(specialist_hantverk)
    for _i in range(3):
        client.get(reverse("agent:presence", args=[ticket_a.number]))
    ticket_a.refresh_from_db()
    assert (ticket_a.updated_at, ticket_a.last_activity_at, ticket_a.events.count()) == before
    assert TicketPresence.objects.filter(ticket=ticket_a).count() == 1


def test_customers_and_strangers_cannot_poll(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    assert client.get(reverse("agent:presence", args=[ticket_a.number])).status_code == 404
    assert not TicketPresence.objects.exists()


def test_a_reply_on_top_of_a_newer_message_asks_before_sending(
    client, specialist_hantverk, specialist_handel, superuser_a, ticket_a
):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert 'name="last_seen" value="0"' in page
    # While she writes, the customer answers and a colleague notes something.
    actions.reply(ticket_a, superuser_a, "Nu fungerar det igen!")
    actions.reply(ticket_a, specialist_handel, "Jag har ringt kunden", internal=True)
    post = {"kind": "public", "body": "Prova att starta om.", "last_seen": "0"}
    response = client.post(reverse("agent:reply", args=[ticket_a.number]), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="reply-collision"' in page
    assert "Nu fungerar det igen!" in page and "Jag har ringt kunden" in page
    assert "Prova att starta om.</textarea>" in page  # the text is kept
    assert 'id="reply-send-anyway"' in page
    assert not Message.objects.filter(body="Prova att starta om.").exists()

    # "Send anyway" sends it.
    response = client.post(
        reverse("agent:reply", args=[ticket_a.number]), {**post, "send_anyway": "on"}
    )
    assert response.status_code == 302
    assert Message.objects.filter(body="Prova att starta om.").exists()


def test_a_reply_after_only_ones_own_messages_is_sent_at_once(
    client, specialist_hantverk, ticket_a
):
    client.force_login(specialist_hantverk)
    actions.reply(ticket_a, specialist_hantverk, "Min egen anteckning", internal=True)
    response = client.post(
        reverse("agent:reply", args=[ticket_a.number]),
        {"kind": "public", "body": "Hej!", "last_seen": "0"},
    )
    assert response.status_code == 302
    assert ticket_a.events.filter(kind=TicketEvent.Kind.REPLY).exists()


def test_old_heartbeats_are_forgotten_by_the_periodic_job(specialist_hantverk, ticket_a):
    from kundcenter.tickets.tasks import forget_presence

    old = TicketPresence.objects.create(
        ticket=ticket_a, user=specialist_hantverk, seen_at=timezone.now() - timedelta(days=2)
    )
    assert forget_presence() == "forgot 1 presence rows"
    assert not TicketPresence.objects.filter(pk=old.pk).exists()


def test_polling_does_not_keep_an_idle_staff_session_alive(
    client, specialist_hantverk, ticket_a, settings
):
    from django.contrib.sessions.models import Session

    from kundcenter.accounts.middleware import REFRESHED

    client.force_login(specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    key = client.session.session_key
    expiry = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=expiry)
    response = client.get(reverse("agent:presence", args=[ticket_a.number]))
    assert response.status_code == 200
    client.get(reverse("notices:bell"))
    assert Session.objects.get(session_key=key).expire_date == expiry
    # A real request (opening the page) does start the idle period again, once the last
    # start is SESSION_REFRESH_SECONDS old.
    session = client.session
    session[REFRESHED] -= settings.SESSION_REFRESH_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=expiry)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    assert Session.objects.get(session_key=key).expire_date > expiry
