"""Internal notes are for staff: customers cannot write them or see them or their files."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kundcenter.tickets import actions
from kundcenter.tickets.access import get_attachment_for
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import Attachment, TicketEvent
from kundcenter.tickets.workflows import Status
from tests.domain.helpers import snapshot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.mark.parametrize("persona", ["superuser_a", "customer_user_a", "superuser_b"])
def test_customers_cannot_write_internal_notes(request, ticket_a, persona):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError):
        actions.reply(
            ticket_a,
            request.getfixturevalue(persona),
            "Hemligt",
            internal=True,
            files=[png("kund.png")],
        )
    assert snapshot(ticket_a) == before
    assert not Attachment.objects.exists()


def test_superuser_is_told_internal_notes_are_for_staff(ticket_a, superuser_a):
    with pytest.raises(ActionError, match="Only support staff can write internal notes"):
        actions.reply(ticket_a, superuser_a, "Hemligt", internal=True)


@pytest.mark.parametrize(
    "persona", ["specialist_hantverk", "manager", "product_dev", "consultant", "admin_user"]
)
def test_staff_write_internal_notes(request, ticket_a, persona):
    user = request.getfixturevalue(persona)
    note = actions.reply(ticket_a, user, "Kunden har en gammal version.", internal=True)
    assert note.internal
    event = ticket_a.events.get(kind=TicketEvent.Kind.NOTE)
    assert (event.actor, event.public) == (user, False)


def test_internal_note_attachment_is_internal(ticket_a, specialist_hantverk, superuser_a):
    note = actions.reply(
        ticket_a,
        specialist_hantverk,
        "Logg från servern",
        internal=True,
        files=[png("serverlogg.png")],
    )
    public = actions.reply(ticket_a, superuser_a, "Skärmbild", files=[png("skarm.png")])
    internal_file = note.attachments.get()
    public_file = public.attachments.get()
    assert internal_file.internal and not public_file.internal

    # The customer reaches the public file and gets 404 for the internal one.
    assert get_attachment_for(superuser_a, ticket_a.number, public_file.pk) == public_file
    with pytest.raises(Http404):
        get_attachment_for(superuser_a, ticket_a.number, internal_file.pk)
    # Staff reach both.
    assert get_attachment_for(specialist_hantverk, ticket_a.number, internal_file.pk).internal


def test_internal_note_sends_no_mail_to_the_customer(
    ticket_a, specialist_hantverk, superuser_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, specialist_hantverk, "Internt: ring säljaren", internal=True)
    assert not any("ring säljaren" in m.body for m in mail.outbox)
    assert not any(superuser_a.email in m.to for m in mail.outbox)
    # Whereas a public reply does reach the customer.
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, specialist_hantverk, "Svar till kunden")
    assert any(superuser_a.email in m.to for m in mail.outbox)


def test_internal_note_does_not_resume_a_waiting_ticket(ticket_a, specialist_hantverk):
    ticket = actions.transition(ticket_a, specialist_hantverk, Status.IN_PROGRESS)
    ticket = actions.transition(ticket, specialist_hantverk, Status.WAITING)
    actions.reply(ticket, specialist_hantverk, "Påminn kunden på fredag", internal=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
