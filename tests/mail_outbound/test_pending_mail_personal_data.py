"""Mail waiting in the outbox is the recipient's personal data: in their export, and
deleted (never sent) when they are erased."""

import pytest
from django.utils import timezone

from kundcenter.mail.models import PendingMail
from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.export import export_json
from kundcenter.privacy.subject import personal_data

pytestmark = pytest.mark.django_db


def pending(address, n):
    now = timezone.now()
    return PendingMail.objects.create(
        key=f"pd-{n}@kundcenter.example",
        recipient=address,
        subject="Ärende 2026-000001",
        payload={"to": [address], "subject": "Ärende 2026-000001", "body": "Hej"},
        created_at=now,
        next_attempt_at=now,
    )


def test_mail_waiting_for_a_person_is_in_their_export(superuser_a):
    row = pending(superuser_a.email.upper(), 1)

    doc = export_json(personal_data(user=superuser_a))

    [section] = [s for s in doc["sections"] if s["key"] == "mail.pendingmail.mentions"]
    assert [r["id"] for r in section["records"]] == [row.pk]
    assert section["records"][0]["payload"]["body"] == "Hej"


def test_erasing_a_person_deletes_the_mail_waiting_for_them(superuser_a, admin_user):
    pending(superuser_a.email.upper(), 1)
    other = pending("someone.else@example.se", 2)

    erase_person(by=admin_user, user=superuser_a)

    assert list(PendingMail.objects.all()) == [other]
