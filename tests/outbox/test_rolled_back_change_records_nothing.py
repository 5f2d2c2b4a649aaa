"""A change that is rolled back has no consequences: its outbox rows go with it and
nothing is sent, while what the same transaction kept still goes out."""

import pytest
from django.db import transaction

from kundcenter.outbox.events import record_mail
from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets.models import Ticket
from tests import factories
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


class Failed(Exception):
    pass


def test_a_ticket_registration_rolled_back_sends_nothing(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Failed),
        transaction.atomic(),
    ):
        factories.make_ticket(org_a, english)
        raise Failed  # something later in the same change fails

    assert not Ticket.objects.exists()
    assert not OutboxItem.objects.exists()
    assert smtp.messages == []


def test_a_mail_recorded_in_a_savepoint_rolled_back_is_not_sent(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record_mail(mail("kept@example.se", 1))
        with pytest.raises(Failed), transaction.atomic():
            record_mail(mail("dropped@example.se", 2))
            raise Failed

    assert [m["To"] for m in smtp.messages] == ["kept@example.se"]
    assert not OutboxItem.objects.exists()
