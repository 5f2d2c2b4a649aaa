"""After erasure the person's name, address and phone are in no text column anywhere,
the processing log included; the log's entries about them stay, by account."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.privacy.erasure import ANONYMOUS_NAME, erase_person
from kundcenter.privacy.models import DataSubjectRequest, ProcessingLogEntry
from kundcenter.privacy.requests import register_request
from kundcenter.tickets.models import Attachment, CostProposal, Message, TimeEntry
from tests.privacy_rights.seed import EMAIL, NAME, PHONE


def _leftovers():
    """Every text and binary column of every table, the append-only processing log too."""
    needles = [EMAIL.lower(), NAME.lower(), PHONE.lower(), "greta e."]
    found = []
    for model in apps.get_models():
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


def _staff_process_the_person(client, manager, person, ticket):
    """A manager reads, searches for, corrects, exports and answers the person: every kind
    of processing-log entry, written through the pages, with the name and address typed."""
    client.force_login(manager)
    client.get(reverse("agent:ticket", args=[ticket.number]))
    client.get(reverse("agent:queue"), {"q": EMAIL})
    client.get(reverse("agent:queue"), {"q": NAME})
    client.get(reverse("accounts:organization"), {"q": NAME})
    client.get(reverse("accounts:organization_detail", args=[ticket.organization_id]))
    client.post(reverse("agent:reply", args=[ticket.number]), {"kind": "public", "body": "Hej!"})
    client.post(
        reverse("privacy:person_edit", args=[person.pk]),
        {"full_name": NAME, "email": EMAIL, "phone": PHONE},
    )
    dsr = register_request(by=manager, kind="export", email=EMAIL)
    client.get(reverse("privacy:request_detail", args=[dsr.pk]))
    b"".join(client.get(reverse("privacy:request_export", args=[dsr.pk])).streaming_content)


def test_log_entries_stay_without_name_or_address(client, person, seeded, manager, admin_user):
    _staff_process_the_person(client, manager, person, seeded["ticket"])
    about_person = ProcessingLogEntry.objects.filter(subject=person)
    actions = set(about_person.values_list("action", flat=True))
    assert actions == {"read", "change", "export"}
    kept = about_person.count()

    erase_person(by=admin_user, user=person)

    assert _leftovers() == []
    # Still there, counted by the (now anonymised) account, plus the erasure itself.
    assert about_person.count() == kept + 1
    assert about_person.filter(action="erase", actor=admin_user).exists()


def test_after_erasure_the_log_reads_as_the_anonymised_account(
    client, person, seeded, manager, admin_user
):
    _staff_process_the_person(client, manager, person, seeded["ticket"])
    erase_person(by=admin_user, user=person)
    client.force_login(manager)
    url = reverse("privacy:log_search")
    page = client.get(url, {"person": person.pk}).content.decode()
    assert ANONYMOUS_NAME in page and f"anon-{person.pk}@invalid" in page
    assert NAME not in page and EMAIL not in page
    # The former address belongs to no account now: it finds none of the account's
    # entries (only the seed's entry from before they had one, kept as its keyed hash).
    page = client.get(url, {"subject": EMAIL}).content.decode()
    assert ANONYMOUS_NAME not in page and f"person={person.pk}" not in page


def test_erasure_removes_the_persons_two_factor_devices(person, seeded, admin_user):
    assert TOTPDevice.objects.filter(user=person).exists()
    assert StaticDevice.objects.filter(user=person).exists()
    erase_person(by=admin_user, user=person)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
