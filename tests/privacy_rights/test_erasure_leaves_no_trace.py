"""After erasure the person's name, address and phone are in no text column anywhere."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from kundcenter.privacy.erasure import ANONYMOUS_NAME, erase_person
from kundcenter.privacy.models import DataSubjectRequest, ProcessingLogEntry
from kundcenter.tickets.models import Attachment, CostProposal, Message, TimeEntry
from tests.privacy_rights.seed import EMAIL, NAME, PHONE

# The processing log is append-only accountability evidence (the application and a
# database trigger refuse to change it); it is the one place allowed to keep the address.
KEPT_BY_LAW = {"privacy.processinglogentry"}


def _leftovers():
    needles = [EMAIL.lower(), NAME.lower(), PHONE.lower(), "greta e."]
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in KEPT_BY_LAW:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                for row in model._base_manager.values_list("pk", field.attname):
                    text = (row[1] or "").lower()
                    found += [
                        f"{model._meta.label_lower}.{field.name}#{row[0]}"
                        for needle in needles
                        if needle in text
                    ]
            elif isinstance(field, models.BinaryField):
                for row in model._base_manager.values_list("pk", field.attname):
                    raw = bytes(row[1] or b"").lower()
                    found += [
                        f"{model._meta.label_lower}.{field.name}#{row[0]}"
                        for needle in needles
                        if needle.encode() in raw
                    ]
    return found


def test_the_seed_is_found_before_erasure(person, seeded):
    # Guards the test below against passing because the search finds nothing at all.
    assert len(_leftovers()) > 15


def test_erasure_leaves_no_name_address_or_phone(person, seeded, admin_user):
    attachment = seeded["attachment"]
    storage, file_name = attachment.file.storage, attachment.file.name
    with pytest.MonkeyPatch.context() as mp:
        # Run on-commit hooks now: the test transaction never commits.
        mp.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
        erase_person(by=admin_user, user=person)
    assert _leftovers() == []

    person.refresh_from_db()
    assert person.full_name == ANONYMOUS_NAME
    assert person.email == f"anon-{person.pk}@invalid"
    assert not person.is_active and not person.has_usable_password()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(file_name)
    assert person.memberships.count() == 0


def test_tickets_stay_readable_for_the_customer(client, person, seeded, admin_user, superuser_a):
    ticket = seeded["ticket"]
    erase_person(by=admin_user, user=person)
    message = Message.objects.filter(ticket=ticket, author=person).get()
    assert message.body.startswith(f"Hälsningar {ANONYMOUS_NAME}")
    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket.number])).content.decode()
    assert ANONYMOUS_NAME in page
    assert NAME not in page


def test_billing_rows_within_the_bookkeeping_period_are_kept(person, seeded, admin_user):
    entry = TimeEntry.objects.get(user=person)
    proposal = CostProposal.objects.get(decided_by=person)
    erase_person(by=admin_user, user=person)
    entry.refresh_from_db()
    proposal.refresh_from_db()
    assert (entry.minutes, entry.billable, entry.user_id) == (30, True, person.pk)
    assert entry.note == f"Samtal med {ANONYMOUS_NAME}"
    assert proposal.description == "Import av kundregister" and proposal.state == "accepted"


def test_erasure_is_audited(person, seeded, admin_user):
    erase_person(by=admin_user, user=person)
    dsr = DataSubjectRequest.objects.get(user=person, kind="erasure")
    assert dsr.status == "done" and dsr.handled_by == admin_user
    assert ProcessingLogEntry.objects.filter(
        actor=admin_user, subject=person, action="erase"
    ).exists()


def test_erasure_by_address_only_clears_refused_mail(db, admin_user):
    from kundcenter.mail.models import InboundMessage

    mail = InboundMessage.objects.create(
        message_key="x@y",
        source="pipe",
        sender_email="okand@exempel.se",
        sender_name="Okänd Avsändare",
        outcome="refused",
        raw=b"From: Okand Avsandare <okand@exempel.se>\r\n\r\nhej",
    )
    erase_person(by=admin_user, email="okand@exempel.se")
    mail.refresh_from_db()
    assert b"okand@exempel.se" not in bytes(mail.raw)
    assert mail.sender_email == "anon-x@invalid"
    assert mail.sender_name == ANONYMOUS_NAME
