"""The job retry_pending_mail sends kept mail once the server is back, the same message,
once; a mail still failing waits longer each time, and is given up after two days."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage

from kundcenter.mail import outbox
from kundcenter.mail.models import PendingMail
from kundcenter.mail.tasks import retry_pending_mail, send_email

pytestmark = pytest.mark.django_db


def payload(n=1):
    return {
        "to": [f"kund{n}@example.se"],
        "subject": f"[Ticket 2026-00000{n}] Test",
        "body": "Text",
        "html": "<p>Text</p>",
        "headers": {
            "Message-ID": f"<pending-{n}@kundcenter.example>",
            "In-Reply-To": "<kc.2026-000001.root@kundcenter.example>",
        },
    }


@pytest.fixture
def kept(smtp, as_on_a_running_site):
    """Mails the send task gave up on while the server was down (the server stays down)."""
    smtp.stop()

    def keep(*numbers):
        for n in numbers:
            send_email.delay(payload(n))
        return list(PendingMail.objects.order_by("created_at", "pk"))

    return keep


def test_the_job_delivers_a_kept_mail_once_the_server_is_back(smtp, kept):
    [row] = kept(1)
    smtp.start()

    result = outbox.send_due(now=row.next_attempt_at)

    assert (result.sent, result.failed) == (1, 0)
    [mail] = smtp.to("kund1@example.se")
    # The same message: its Message-ID and threading headers, so it joins the thread.
    assert mail["Message-ID"] == "<pending-1@kundcenter.example>"
    assert mail["In-Reply-To"] == "<kc.2026-000001.root@kundcenter.example>"
    assert mail["Subject"] == "[Ticket 2026-000001] Test"
    assert not PendingMail.objects.exists()
    # Sent once: a later run finds nothing.
    outbox.send_due(now=row.next_attempt_at + timedelta(hours=1))
    assert len(smtp.to("kund1@example.se")) == 1


def test_the_periodic_task_sends_mail_that_is_due(smtp, kept):
    [row] = kept(1)
    smtp.start()
    outbox.try_again_now(PendingMail.objects.all())

    assert retry_pending_mail() == "sent 1, failed 0, given up 0, expired 0"
    assert len(smtp.to("kund1@example.se")) == 1


def test_a_kept_mail_waits_for_its_time(smtp, kept):
    [row] = kept(1)
    smtp.start()

    outbox.send_due(now=row.next_attempt_at - timedelta(seconds=1))

    assert smtp.to("kund1@example.se") == []
    assert PendingMail.objects.get().attempts == 0


def test_the_oldest_mail_goes_first(smtp, kept):
    rows = kept(1, 2, 3)
    smtp.start()

    outbox.send_due(now=rows[-1].next_attempt_at)

    assert [m["To"] for m in smtp.messages] == [
        "kund1@example.se",
        "kund2@example.se",
        "kund3@example.se",
    ]


def test_a_mail_still_failing_is_tried_later_each_time_and_the_error_recorded(smtp, kept):
    [row] = kept(1)
    now, waits = row.next_attempt_at, []
    for _ in range(8):
        result = outbox.send_due(now=now)
        assert result.failed == 1
        row.refresh_from_db()
        waits.append(int((row.next_attempt_at - now).total_seconds() // 60))
        now = row.next_attempt_at
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]  # minutes, at most an hour
    assert row.attempts == 8 and row.gave_up_at is None
    assert "ConnectionRefusedError" in row.last_error


def test_a_failing_server_stops_the_run_after_one_mail(smtp, kept):
    """While the server cannot be reached, one run tries one mail, not each in turn."""
    rows = kept(1, 2, 3)

    result = outbox.send_due(now=rows[-1].next_attempt_at)

    assert result.failed == 1
    assert [r.attempts for r in PendingMail.objects.order_by("created_at", "pk")] == [1, 0, 0]


def test_a_mail_refused_by_the_server_does_not_hold_up_the_others(smtp, kept, monkeypatch):
    rows = kept(1, 2)
    smtp.start()
    real_send = EmailMessage.send

    def refuse_the_first(self, fail_silently=False):
        if self.to == ["kund1@example.se"]:
            raise smtplib.SMTPRecipientsRefused({"kund1@example.se": (452, b"Mailbox full")})
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", refuse_the_first)

    result = outbox.send_due(now=rows[-1].next_attempt_at)

    assert (result.sent, result.failed) == (1, 1)
    assert len(smtp.to("kund2@example.se")) == 1
    assert "Mailbox full" in PendingMail.objects.get().last_error


def test_after_the_give_up_period_the_mail_is_no_longer_tried(smtp, kept, settings):
    settings.PENDING_MAIL_GIVE_UP_HOURS = 48
    [row] = kept(1)
    almost = row.created_at + timedelta(hours=47, minutes=59)
    outbox.send_due(now=almost)
    row.refresh_from_db()
    assert row.gave_up_at is None and row.next_attempt_at is not None

    past = row.created_at + timedelta(hours=48, minutes=30)
    result = outbox.send_due(now=past)

    assert result.given_up == 1
    row.refresh_from_db()
    assert row.gave_up_at == past and row.next_attempt_at is None
    smtp.start()
    outbox.send_due(now=past + timedelta(days=1))
    assert smtp.to("kund1@example.se") == []  # given up: not sent even with the server back
    assert PendingMail.objects.get().attempts == 2


def test_staff_trying_again_sends_a_given_up_mail(smtp, kept):
    [row] = kept(1)
    past = row.created_at + timedelta(days=3)
    outbox.send_due(now=past)
    smtp.start()

    outbox.try_again_now(PendingMail.objects.all(), now=past + timedelta(hours=1))
    outbox.send_due(now=past + timedelta(hours=1))

    assert len(smtp.to("kund1@example.se")) == 1
    assert not PendingMail.objects.exists()


def test_a_given_up_mail_is_deleted_after_the_keeping_period(smtp, kept, settings):
    settings.PENDING_MAIL_KEEP_DAYS = 30
    [row] = kept(1)
    gave_up = row.created_at + timedelta(days=3)
    outbox.send_due(now=gave_up)

    outbox.send_due(now=gave_up + timedelta(days=29))
    assert PendingMail.objects.exists()
    result = outbox.send_due(now=gave_up + timedelta(days=30))
    assert result.deleted == 1 and not PendingMail.objects.exists()
