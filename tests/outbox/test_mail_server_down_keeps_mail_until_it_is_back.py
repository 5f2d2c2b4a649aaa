"""A mail server that is down loses no mail: the mail waits in the outbox with why, and the
outbox job sends it once the server is back, the same message, once."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from kundcenter.outbox import delivery
from kundcenter.outbox.events import record_mail
from kundcenter.outbox.models import OutboxItem
from kundcenter.outbox.tasks import deliver_outbox
from tests.mail_outbound.smtp_server import free_port
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


def test_a_mail_sent_while_the_server_is_down_waits_with_why(smtp, send_mail):
    smtp.stop()

    [row] = send_mail(mail())

    assert row is not None  # kept, not lost
    assert row.payload == mail()  # exactly what was recorded
    assert (row.recipient, row.summary) == ("kund@example.se", "[Ticket 2026-000001] Test")
    assert row.attempts == 1 and row.gave_up_at is None
    assert "ConnectionRefusedError" in row.last_error
    # Tried again by the outbox job half a minute later.
    assert timedelta(seconds=29) < row.next_attempt_at - row.created_at < timedelta(seconds=32)


def test_the_job_sends_a_waiting_mail_once_the_server_is_back(smtp, send_mail):
    smtp.stop()
    [row] = send_mail(mail())
    smtp.start()

    result = delivery.deliver_due(now=row.next_attempt_at)

    assert (result.delivered, result.failed) == (1, 0)
    [sent] = smtp.to("kund@example.se")
    # The same message: its Message-ID and threading headers, so it joins the thread.
    assert sent["Message-ID"] == "<outbox-1@kundcenter.example>"
    assert sent["In-Reply-To"] == "<kc.2026-000001.root@kundcenter.example>"
    assert sent["Subject"] == "[Ticket 2026-000001] Test"
    assert not OutboxItem.objects.exists()
    # Sent once: a later run finds nothing.
    delivery.deliver_due(now=row.next_attempt_at + timedelta(hours=1))
    assert len(smtp.to("kund@example.se")) == 1


def test_the_periodic_task_sends_mail_that_is_due(smtp, send_mail):
    smtp.stop()
    send_mail(mail())
    smtp.start()
    delivery.try_again_now(OutboxItem.objects.all())

    assert deliver_outbox() == "delivered 1, failed 0, given up 0, expired 0"
    assert len(smtp.to("kund@example.se")) == 1


def test_mail_whose_hand_over_never_happened_is_sent_by_the_job(smtp, waiting_mail):
    """The broker was down at commit: nothing was sent then, the job sends it."""
    [row] = waiting_mail(mail())
    assert smtp.messages == [] and row.attempts == 0

    delivery.deliver_due()

    assert len(smtp.to("kund@example.se")) == 1
    assert not OutboxItem.objects.exists()


def test_a_waiting_mail_waits_for_its_time(smtp, send_mail):
    smtp.stop()
    [row] = send_mail(mail())
    smtp.start()

    result = delivery.deliver_due(now=row.next_attempt_at - timedelta(seconds=1))

    assert result.delivered == 0
    assert smtp.to("kund@example.se") == []
    assert OutboxItem.objects.get().attempts == 1


def test_the_oldest_mail_goes_first(smtp, waiting_mail):
    waiting_mail(*(mail(f"kund{n}@example.se", n) for n in (1, 2, 3)))

    delivery.deliver_due()

    assert [m["To"] for m in smtp.messages] == [
        "kund1@example.se",
        "kund2@example.se",
        "kund3@example.se",
    ]


def test_a_server_that_is_down_is_tried_once_per_run_not_once_per_mail(smtp, waiting_mail):
    rows = waiting_mail(*(mail(f"kund{n}@example.se", n) for n in (1, 2, 3)))
    smtp.stop()

    result = delivery.deliver_due()

    assert (result.delivered, result.failed) == (0, 1)
    assert [OutboxItem.objects.get(pk=r.pk).attempts for r in rows] == [1, 0, 0]


def test_a_mail_refused_for_now_does_not_hold_up_the_others(smtp, waiting_mail):
    """Greylisting is about one mail, not the server: the next mail still goes."""
    waiting_mail(mail("kund@later.example", 1), mail("kund2@example.se", 2))

    result = delivery.deliver_due()

    assert (result.delivered, result.failed) == (1, 1)
    assert len(smtp.to("kund2@example.se")) == 1
    [left] = OutboxItem.objects.all()
    assert left.recipient == "kund@later.example"
    assert "Greylisted" in left.last_error and left.gave_up_at is None


def test_a_mail_without_a_message_id_gets_one_kept_for_every_attempt(smtp, send_mail, settings):
    """Account mail has no Message-ID of its own: recording gives it one, so every attempt
    sends the same message; the same text recorded twice is two mails."""
    smtp.stop()
    account_mail = {"to": ["ny@example.se"], "subject": "Confirm", "body": "Link"}

    rows = send_mail(account_mail, account_mail)

    ids = [row.payload["headers"]["Message-ID"] for row in rows]
    assert len(set(ids)) == 2
    assert all(i.endswith(f"@{settings.EMAIL_MESSAGE_ID_DOMAIN}>") for i in ids)
    smtp.start()
    delivery.deliver_due(now=max(row.next_attempt_at for row in rows))
    assert sorted(m["Message-ID"] for m in smtp.to("ny@example.se")) == sorted(ids)


def test_nothing_is_sent_before_the_change_commits(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_mail(mail())
        assert smtp.messages == []  # still inside the change's transaction
    assert len(callbacks) == 1
    assert len(smtp.to("kund@example.se")) == 1


@pytest.fixture
def server_refusing_our_login(settings):
    """A mail server that refuses Kundcenter's login (535): the password in the settings
    is wrong or expired, which an operator fixes."""

    class Accept:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    controller = Controller(
        Accept(),
        hostname="127.0.0.1",
        port=free_port(),
        auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "kundcenter", "expired"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield
    controller.stop()


def test_a_login_the_server_refuses_keeps_the_mail_for_later(server_refusing_our_login, send_mail):
    """Wrong credentials are the server's problem, not this mail's: it waits."""
    [row] = send_mail(mail())

    assert "SMTPAuthenticationError" in row.last_error
    assert row.gave_up_at is None and row.next_attempt_at is not None
