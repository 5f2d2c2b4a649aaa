"""A mail the send task gives up on is kept in the outbox, once, instead of being lost."""

from datetime import timedelta

import pytest

from kundcenter.mail.models import PendingMail, RefusalNotice
from kundcenter.mail.tasks import send_email
from kundcenter.tickets import notify
from tests import factories

pytestmark = pytest.mark.django_db

MESSAGE_ID = "<kept-test@kundcenter.example>"


def payload(to="kund@example.se", **extra):
    return {
        "to": [to],
        "subject": "[Ticket 2026-000001] Test",
        "body": "Text",
        "html": "<p>Text</p>",
        "from_email": "Kundcenter <support@kundcenter.example>",
        "reply_to": ["support@kundcenter.example"],
        "headers": {"Message-ID": MESSAGE_ID, "X-Kundcenter-Ticket": "2026-000001"},
        **extra,
    }


def test_a_mail_that_fails_every_retry_is_kept_on_a_running_site(smtp, as_on_a_running_site):
    smtp.stop()

    result = send_email.delay(payload())

    assert result.failed()
    [kept] = PendingMail.objects.all()
    assert kept.payload == payload()  # exactly what the task was given
    assert kept.recipient == "kund@example.se"
    assert kept.subject == "[Ticket 2026-000001] Test"
    assert kept.attempts == 0 and kept.gave_up_at is None
    assert "ConnectionRefusedError" in kept.last_error
    # Tried again by the outbox job a minute later.
    assert kept.next_attempt_at == kept.created_at + timedelta(minutes=1)


def test_a_ticket_mail_while_the_server_is_down_is_kept(
    smtp, as_on_a_running_site, org_a, english, django_capture_on_commit_callbacks
):
    ticket = factories.make_ticket(org_a, english)
    smtp.stop()

    with django_capture_on_commit_callbacks(execute=True):
        notify.ticket_registered(ticket)

    [kept] = PendingMail.objects.all()
    assert kept.recipient == english.email
    assert ticket.number in kept.subject
    assert kept.payload["headers"]["X-Kundcenter-Ticket"] == ticket.number


def test_a_mail_already_waiting_is_not_kept_twice(smtp, as_on_a_running_site):
    smtp.stop()

    send_email.delay(payload())
    send_email.delay(payload())  # the same mail failing again (a task delivered twice)

    assert PendingMail.objects.count() == 1


def test_a_mail_without_a_message_id_gets_one_and_is_kept_once(smtp, as_on_a_running_site):
    """Account mail has no Message-ID of its own: the outbox gives it one, so every later
    attempt sends the same message; the task id tells a second failure of it apart."""
    smtp.stop()
    account_mail = {"to": ["ny@example.se"], "subject": "Confirm", "body": "Link"}

    send_email.apply(args=[account_mail], task_id="task-1")
    send_email.apply(args=[account_mail], task_id="task-1")
    send_email.apply(args=[account_mail], task_id="task-2")  # another mail, same text

    kept = list(PendingMail.objects.all())
    assert len(kept) == 2
    ids = {row.payload["headers"]["Message-ID"] for row in kept}
    assert len(ids) == 2 and all(i.endswith("@kundcenter.example>") for i in ids)


def test_a_refusal_explanation_is_not_kept_and_the_sender_may_be_answered_again(
    smtp, as_on_a_running_site
):
    """The explanation of a refused inbound mail is a courtesy: not kept for later."""
    smtp.stop()
    RefusalNotice.objects.create(sender_email="kund@example.se", last_sent_at="2026-01-01T00:00Z")

    send_email.delay(payload(answers_inbound=12345))

    assert not PendingMail.objects.exists()
    assert not RefusalNotice.objects.exists()


def test_a_mail_that_cannot_be_built_is_not_kept(smtp, as_on_a_running_site):
    """Only mail server failures are kept: a broken payload would fail the same way later."""
    broken = payload()
    del broken["subject"]

    result = send_email.delay(broken)

    assert result.failed() and isinstance(result.result, KeyError)
    assert not PendingMail.objects.exists()
