"""A mail the server refuses for good (5xx: no such mailbox) is given up at once and kept
for staff — sending it again cannot help — while "try again later" (4xx) is tried again."""

import smtplib
from datetime import timedelta

import pytest
from django.utils import timezone

from kundcenter.mail.models import RefusalNotice
from kundcenter.mail.sending import is_permanent
from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


def test_no_such_mailbox_is_given_up_at_once(smtp, send_mail):
    [row] = send_mail(mail("finns.inte@nowhere.example"))

    assert row.attempts == 1
    assert row.gave_up_at is not None and row.next_attempt_at is None
    assert "No such mailbox" in row.last_error
    assert smtp.messages == []
    # Not tried again, however long the job runs.
    result = delivery.deliver_due(now=timezone.now() + timedelta(hours=3))
    assert result.delivered == result.failed == 0
    assert OutboxItem.objects.get().attempts == 1


def test_try_again_later_is_tried_again(smtp, send_mail):
    [row] = send_mail(mail("kund@later.example"))

    assert row.gave_up_at is None and row.next_attempt_at is not None
    assert "Greylisted" in row.last_error
    result = delivery.deliver_due(now=row.next_attempt_at)
    assert result.failed == 1
    assert OutboxItem.objects.get().attempts == 2


def test_a_refused_mail_does_not_hold_up_the_others(smtp, waiting_mail):
    waiting_mail(mail("finns.inte@nowhere.example", 1), mail("kund@example.se", 2))

    result = delivery.deliver_due()

    assert (result.delivered, result.given_up) == (1, 1)
    assert len(smtp.to("kund@example.se")) == 1


def test_a_refusal_explanation_given_up_lets_the_sender_be_answered_again(smtp, send_mail):
    """The explanation of a refused inbound mail never reached its sender: the next mail
    they send may be answered."""
    RefusalNotice.objects.create(
        sender_email="finns.inte@nowhere.example", last_sent_at=timezone.now()
    )
    RefusalNotice.objects.create(sender_email="kund@example.se", last_sent_at=timezone.now())

    send_mail(mail("finns.inte@nowhere.example", answers_inbound=12345))

    assert list(RefusalNotice.objects.values_list("sender_email", flat=True)) == ["kund@example.se"]


def test_only_a_refusal_of_every_recipient_for_good_is_permanent():
    mixed = smtplib.SMTPRecipientsRefused({"a@x.se": (550, b"no"), "b@x.se": (451, b"later")})
    assert not is_permanent(mixed)
    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@x.se": (550, b"no")}))
    assert is_permanent(smtplib.SMTPDataError(554, b"rejected as spam"))
    assert not is_permanent(smtplib.SMTPDataError(451, b"try later"))
    assert not is_permanent(smtplib.SMTPServerDisconnected("gone"))
