"""In the embedded default (no REDIS_URL, no worker) a notification is sent synchronously,
inside the call that queues it."""

import pytest

from kundcenter.celery import app
from kundcenter.mail.tasks import notify as notify_task
from kundcenter.tickets import notify
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_queued_notification_is_in_the_outbox_when_the_call_returns(
    org_a, superuser_a, mailoutbox
):
    assert app.conf.task_always_eager
    ticket = factories.make_ticket(org_a, superuser_a)  # on_commit hooks are not run here
    assert mailoutbox == []

    notify.ticket_registered(ticket)

    [mail] = mailoutbox
    assert mail.to == [superuser_a.email] and ticket.number in mail.subject


def test_the_task_result_is_there_at_once(org_a, superuser_a, mailoutbox):
    ticket = factories.make_ticket(org_a, superuser_a)
    result = notify_task.delay("ticket_registered", ticket_id=ticket.pk)
    assert result.successful() and result.get() == 1
    assert len(mailoutbox) == 1


def test_the_sla_sweep_job_runs_in_process(db):
    from kundcenter.mail.tasks import sla_sweep

    summary = sla_sweep()
    assert summary.startswith("warned 0, handling late 0, resolution late 0")
