"""A mail the server refuses for good (5xx: no such mailbox) is neither retried nor kept
in the outbox — sending it again cannot help — while a "try again later" (4xx) is."""

import smtplib

import pytest

from kundcenter.mail import outbox
from kundcenter.mail.models import PendingMail
from kundcenter.mail.tasks import send_email

pytestmark = pytest.mark.django_db


def payload(to):
    return {
        "to": [to],
        "subject": "[Ticket 2026-000001] Test",
        "body": "Text",
        "headers": {"Message-ID": f"<refusal-{to}@kundcenter.example>"},
    }


@pytest.fixture
def retries(monkeypatch, as_on_a_running_site):
    asked = []
    real_retry = send_email.retry

    def spy(*args, **kwargs):
        asked.append(kwargs)
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(send_email, "retry", spy)
    return asked


def test_no_such_mailbox_is_given_up_at_once(smtp, retries):
    result = send_email.apply(args=[payload("finns.inte@nowhere.example")])
    assert result.failed()
    assert isinstance(result.result, outbox.PermanentlyRefused)
    assert retries == []  # not retried
    assert not PendingMail.objects.exists()  # not kept either


def test_try_again_later_is_retried_and_then_kept(smtp, retries):
    result = send_email.apply(args=[payload("kund@later.example")])
    assert result.failed()
    assert len(retries) == 6
    [kept] = PendingMail.objects.all()
    assert "Greylisted" in kept.last_error


def test_the_outbox_gives_up_a_permanently_refused_mail_at_once(smtp):
    row = outbox.keep(payload("finns.inte@nowhere.example"), OSError("down"))
    result = outbox.send_due(now=row.next_attempt_at)
    assert (result.sent, result.failed, result.given_up) == (0, 0, 1)
    row.refresh_from_db()
    assert row.gave_up_at is not None and row.next_attempt_at is None
    assert "No such mailbox" in row.last_error


def test_a_mixed_refusal_is_worth_another_try():
    mixed = smtplib.SMTPRecipientsRefused({"a@x.se": (550, b"no"), "b@x.se": (451, b"later")})
    assert not outbox.is_permanent(mixed)
    assert outbox.is_permanent(smtplib.SMTPRecipientsRefused({"a@x.se": (550, b"no")}))
    assert outbox.is_permanent(smtplib.SMTPDataError(554, b"rejected as spam"))
    assert not outbox.is_permanent(smtplib.SMTPServerDisconnected("gone"))
