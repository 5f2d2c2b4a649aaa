"""A mail server that is down does not lose the mail: the send task retries."""

import pytest

from kundcenter.celery import app as celery_app
from kundcenter.mail.tasks import send_email
from kundcenter.tickets import notify
from tests import factories

pytestmark = pytest.mark.django_db


def payload(to):
    return {
        "to": [to],
        "subject": "[Ticket 2026-000001] Test",
        "body": "Text",
        "html": "<p>Text</p>",
        "headers": {"Message-ID": "<retry-test@kundcenter.example>"},
    }


@pytest.fixture
def retries(monkeypatch):
    """Record each retry the task asks for, and run a hook before it goes ahead.

    As on a running site, a failing attempt is retried rather than raised at once (the
    rest of the suite raises, so that a broken notification fails its test).
    """
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    asked, hooks = [], []
    real_retry = send_email.retry

    def spy(*args, **kwargs):
        asked.append(kwargs)
        for hook in hooks:
            hook()
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(send_email, "retry", spy)
    return asked, hooks


def test_the_task_retries_and_delivers_once_the_server_is_back(smtp, retries):
    asked, hooks = retries
    smtp.stop()  # connection refused on the first attempt
    hooks.append(smtp.start)

    result = send_email.apply(args=[payload("kund@example.se")])

    assert result.successful()
    assert len(asked) == 1
    assert isinstance(asked[0]["exc"], OSError) and asked[0]["countdown"] >= 0
    [mail] = smtp.to("kund@example.se")
    assert mail["Message-ID"] == "<retry-test@kundcenter.example>"  # the same message


def test_the_task_gives_up_after_five_retries(smtp, retries):
    asked, _hooks = retries
    smtp.stop()

    result = send_email.apply(args=[payload("kund@example.se")])

    assert result.failed()
    assert len(asked) == 6  # five retries, then the sixth failure is final
    assert isinstance(result.result, OSError)


def test_a_registration_while_the_server_is_down_arrives_after_a_retry(
    smtp, retries, org_a, english, django_capture_on_commit_callbacks
):
    asked, hooks = retries
    ticket = factories.make_ticket(org_a, english)
    smtp.stop()
    hooks.append(lambda: smtp.start() if smtp.controller is None else None)

    notify.ticket_registered(ticket)

    assert len(asked) == 1
    [mail] = smtp.to(english.email)
    assert ticket.number in mail["Subject"]
