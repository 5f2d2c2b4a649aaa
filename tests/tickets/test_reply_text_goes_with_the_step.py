"""Text typed in the reply box is not dropped when a workflow button is pressed: the step
buttons send the reply form, and the text is saved with the step (portal and agent)."""

import re

from django.urls import reverse

from kundcenter.tickets.models import Message, Ticket
from kundcenter.tickets.workflows import Category, Status
from tests import factories


def _step_buttons_send_the_reply_form(html: str):
    reply_form = re.search(r'<form[^>]*id="reply-form"[^>]*>(.*?)</form>', html, re.S)
    assert reply_form, "no reply form"
    assert 'name="body"' in reply_form.group(1)
    buttons = re.findall(r'<button[^>]*name="target"[^>]*>', html)
    assert buttons
    for button in buttons:
        assert 'form="reply-form"' in button, button
        assert "formaction=" in button, button


def test_portal_step_buttons_belong_to_the_reply_form(client, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.VALIDATION)
    client.force_login(superuser_a)
    html = client.get(reverse("portal:ticket", args=[ticket.number])).content.decode()
    _step_buttons_send_the_reply_form(html)


def test_portal_step_saves_the_typed_reply(client, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.VALIDATION)
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:step", args=[ticket.number]),
        {"target": Status.CLOSED, "body": "Tack, nu fungerar lönekörningen igen."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert Message.objects.filter(
        ticket=ticket, body="Tack, nu fungerar lönekörningen igen.", internal=False
    ).exists()


def test_a_refused_step_keeps_the_text_and_saves_nothing(client, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:step", args=[ticket.number]),
        {"target": Status.CLOSED, "body": "Min text som inte får försvinna"},
    )
    assert response.status_code == 200
    assert "Min text som inte får försvinna" in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()


def test_agent_step_buttons_belong_to_the_reply_form(client, org_a, superuser_a, manager):
    ticket = factories.make_ticket(org_a, superuser_a)
    client.force_login(manager)
    html = client.get(reverse("agent:ticket", args=[ticket.number])).content.decode()
    _step_buttons_send_the_reply_form(html)


def test_agent_step_saves_the_typed_reply(client, org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a)
    client.force_login(specialist_hantverk)
    response = client.post(
        reverse("agent:transition", args=[ticket.number]),
        {"target": Status.IN_PROGRESS, "kind": "public", "body": "Vi tittar på det nu."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert Message.objects.filter(ticket=ticket, body="Vi tittar på det nu.").exists()
