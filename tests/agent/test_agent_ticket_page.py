"""The staff ticket page: everything the customer sees plus notes, history and tools."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from kundcenter.tickets import actions
from kundcenter.tickets.models import Channel, Message, TicketEvent
from kundcenter.tickets.workflows import Status
from tests.agent.helpers import ticket_url

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_page_shows_ticket_customer_and_reporter(client, specialist_hantverk, ticket_a, org_a):
    client.force_login(specialist_hantverk)
    html = client.get(ticket_url(ticket_a)).content.decode()
    assert ticket_a.number in html and ticket_a.title in html and ticket_a.description in html
    assert org_a.name.replace("&", "&amp;") in html and org_a.org_number in html
    assert "anna.berg@byggmontage.se" in html
    assert "Take it" in html


def test_overdue_customer_is_flagged(client, specialist_hantverk, ticket_a, org_a):
    org_a.payment_standing = "overdue"
    org_a.save(update_fields=["payment_standing"])
    client.force_login(specialist_hantverk)
    html = client.get(ticket_url(ticket_a)).content.decode()
    assert 'class="badge level-1"' in html and "Overdue payment" in html


def test_internal_note_and_internal_history_are_shown_to_staff(
    client, specialist_hantverk, manager, ticket_a
):
    actions.reply(ticket_a, manager, "Kunden har gammal version.", internal=True)
    actions.assign(ticket_a, manager, specialist_hantverk)
    client.force_login(specialist_hantverk)
    html = client.get(ticket_url(ticket_a)).content.decode()
    assert "Kunden har gammal version." in html
    assert "internal" in html.split("Kunden har gammal version.")[0].rsplit("<li", 1)[1]
    history = html.split('class="history"')[1]
    assert "Assigned" in history and "Sara Specialist" in history


def test_public_reply_reaches_the_customer(
    client, specialist_hantverk, ticket_a, django_capture_on_commit_callbacks
):
    client.force_login(specialist_hantverk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ticket_url(ticket_a, "reply"), {"kind": "public", "body": "Prova att uppdatera."}
        )
    assert response.status_code == 302
    message = Message.objects.get(ticket=ticket_a)
    assert not message.internal and message.channel == Channel.PORTAL
    assert [m.to for m in mail.outbox] == [["anna.berg@byggmontage.se"]]


def test_internal_note_stays_internal(
    client, specialist_hantverk, ticket_a, django_capture_on_commit_callbacks
):
    client.force_login(specialist_hantverk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ticket_url(ticket_a, "reply"), {"kind": "internal", "body": "Bara för oss."})
    message = Message.objects.get(ticket=ticket_a)
    assert message.internal
    assert mail.outbox == []
    assert ticket_a.events.get(kind=TicketEvent.Kind.NOTE).public is False


def test_phone_call_is_logged_with_attachment(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    upload = SimpleUploadedFile("skarm.png", PNG, content_type="image/png")
    client.post(
        ticket_url(ticket_a, "reply"),
        {"kind": "phone", "body": "Ringde kunden, löst.", "files": [upload]},
    )
    message = Message.objects.get(ticket=ticket_a)
    assert message.channel == Channel.PHONE and not message.internal
    assert message.attachments.get().filename == "skarm.png"
    assert ticket_a.events.filter(kind=TicketEvent.Kind.PHONE).exists()
    html = client.get(ticket_url(ticket_a)).content.decode()
    assert "Ringde kunden, löst." in html and "skarm.png" in html


def test_refused_reply_keeps_the_typed_text(client, specialist_hantverk, manager, ticket_a):
    actions.close(ticket_a, manager, "duplicate", reason="Dubblett")
    client.force_login(specialist_hantverk)
    long_text = "Ett långt svar som inte får försvinna. " * 20
    response = client.post(ticket_url(ticket_a, "reply"), {"kind": "public", "body": long_text})
    assert response.status_code == 200
    html = response.content.decode()
    assert long_text.strip() in html
    assert "is closed" in html
    assert not Message.objects.filter(ticket=ticket_a).exists()


def test_transition_buttons_escalate_a_bug(client, specialist_hantverk, bug_a):
    client.force_login(specialist_hantverk)
    html = client.get(ticket_url(bug_a)).content.decode()
    assert 'name="target" value="escalated"' in html
    client.post(ticket_url(bug_a, "transition"), {"target": "escalated"})
    bug_a.refresh_from_db()
    assert bug_a.status == Status.ESCALATED and bug_a.lane == "product"


def test_customer_and_anonymous_get_404(client, superuser_a, ticket_a):
    assert client.get(ticket_url(ticket_a)).status_code == 404
    client.force_login(superuser_a)
    assert client.get(ticket_url(ticket_a)).status_code == 404
    response = client.post(ticket_url(ticket_a, "reply"), {"kind": "internal", "body": "x"})
    assert response.status_code == 404


def test_product_department_sees_only_its_lane(client, specialist_hantverk, product_dev, bug_a):
    client.force_login(product_dev)
    assert client.get(ticket_url(bug_a)).status_code == 404
    actions.transition(bug_a, specialist_hantverk, Status.ESCALATED)
    html = client.get(ticket_url(bug_a)).content.decode()
    assert 'name="target" value="in_progress"' in html


def test_consultant_cannot_open_support_lane_ticket(client, consultant, ticket_a):
    client.force_login(consultant)
    assert client.get(ticket_url(ticket_a)).status_code == 404


def test_assign_and_team_selects_follow_staff_and_teams(
    client, specialist_hantverk, manager, ticket_a, team_handel
):
    """The assign and move-team selects are drawn once per process for what they show:
    a renamed or new colleague, a new team or a new assignee shows on the next page."""
    from kundcenter.accounts.models import Team
    from tests import factories

    client.force_login(specialist_hantverk)
    url = ticket_url(ticket_a)
    first = client.get(url).content.decode()
    assert _select(client.get(url).content.decode(), "assign-assignee") == _select(
        first, "assign-assignee"
    )
    select = _select(first, "assign-assignee")
    assert specialist_hantverk.full_name in select and "selected" not in select
    specialist_hantverk.full_name = "Omdöpt Specialist"
    specialist_hantverk.save(update_fields=["full_name"])
    assert "Omdöpt Specialist" in _select(client.get(url).content.decode(), "assign-assignee")
    newcomer = factories.make_user(name="Ny Kollega", staff_role="specialist", team=ticket_a.team)
    assert "Ny Kollega" in _select(client.get(url).content.decode(), "assign-assignee")
    actions.assign(ticket_a, specialist_hantverk, newcomer)
    select = _select(client.get(url).content.decode(), "assign-assignee")
    assert f'value="{newcomer.pk}" selected' in select
    assert "Nya teamet" not in _select(first, "team-team")
    Team.objects.create(name="Nya teamet", slug="nya")
    assert "Nya teamet" in _select(client.get(url).content.decode(), "team-team")


def _select(html, name):
    return html.split(f'<select name="{name}"')[1].split("</select>")[0]
