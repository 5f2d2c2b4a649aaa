"""What waits in the outbox for a person is their personal data: in their export, and
deleted (never sent) when they are erased."""

import pytest
from django.db import transaction

from kundcenter.accounts import registration
from kundcenter.outbox.models import OutboxItem
from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.export import export_json
from kundcenter.privacy.subject import personal_data
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


def outbox_section(doc):
    [section] = [s for s in doc["sections"] if s["key"] == "outbox.outboxitem.mentions"]
    return section["records"]


def test_mail_waiting_for_a_person_is_in_their_export(superuser_a, waiting_mail):
    [row] = waiting_mail(mail(superuser_a.email.upper(), body="Hej Anna"))
    waiting_mail(mail("someone.else@example.se", 2))

    doc = export_json(personal_data(user=superuser_a))

    [exported] = outbox_section(doc)
    assert exported["id"] == row.pk
    assert exported["recipient"] == superuser_a.email.upper()
    assert exported["summary"] == row.summary and exported["topic"] == "email"
    # The content is not exported: a waiting mail may hold a reset or confirmation link.
    assert "payload" not in exported


def test_erasing_a_person_deletes_the_mail_waiting_for_them(
    superuser_a, admin_user, waiting_mail, smtp
):
    waiting_mail(mail(superuser_a.email.upper(), 1))
    [other] = waiting_mail(mail("someone.else@example.se", 2))

    erase_person(by=admin_user, user=superuser_a)

    assert list(OutboxItem.objects.all()) == [other]


def test_erasing_an_address_deletes_its_waiting_registration_and_reset(
    admin_user, django_capture_on_commit_callbacks, smtp
):
    """Registrations and password resets wait as rows with the address (the broker was
    down): erased with the address, they never create an account or mail anyone."""
    with django_capture_on_commit_callbacks(execute=False):
        registration.request_registration(
            email="ny.person@example.se", full_name="Ny Person", password="Ett-langt-losen-42"
        )
        registration.request_password_reset("ny.person@example.se")
        registration.request_password_reset("annan@example.se")
    assert OutboxItem.objects.filter(recipient="ny.person@example.se").count() == 2

    erase_person(by=admin_user, email="Ny.Person@example.se")

    assert list(OutboxItem.objects.values_list("recipient", flat=True)) == ["annan@example.se"]


def test_a_waiting_registration_is_exported_without_its_password_hash(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        registration.request_registration(
            email="ny.person@example.se", full_name="Ny Person", password="Ett-langt-losen-42"
        )
    [row] = OutboxItem.objects.all()
    password_hash = row.payload["password_hash"]

    doc = export_json(personal_data(email="ny.person@example.se"))

    [exported] = outbox_section(doc)
    assert exported["recipient"] == "ny.person@example.se"  # the row is there
    assert password_hash not in str(doc)
