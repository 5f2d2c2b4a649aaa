"""In the embedded default (no REDIS_URL, no worker) what a change recorded in the outbox
is delivered in-process as soon as the change commits, before the call that committed it
returns."""

import pytest

from kundcenter.celery import app
from kundcenter.outbox.models import OutboxItem
from kundcenter.outbox.tasks import deliver
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_notification_is_sent_when_the_change_commits(
    org_a, superuser_a, mailoutbox, django_capture_on_commit_callbacks
):
    assert app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = factories.make_ticket(org_a, superuser_a)
    # Recorded with the ticket, not sent: the transaction has not committed.
    assert OutboxItem.objects.filter(topic="ticket_registered", channel="mail").count() == 1
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the commit
            callback()

    assert superuser_a.email in [m.to[0] for m in mailoutbox]
    assert ticket.number in mailoutbox[0].subject
    assert not OutboxItem.objects.exists()  # delivered rows are removed


def test_the_delivery_task_runs_at_once(org_a, superuser_a, mailoutbox):
    factories.make_ticket(org_a, superuser_a)  # on_commit hooks are not run here
    ids = list(OutboxItem.objects.filter(channel="mail").values_list("pk", flat=True))
    result = deliver.delay(ids)
    assert result.successful()
    assert result.get().startswith("delivered 1,")
    # The fan-out recorded one mail per recipient; their hand-over waits for a commit.
    assert OutboxItem.objects.filter(topic="email").count() >= 1


def test_the_sla_sweep_job_runs_in_process(db):
    from kundcenter.sla.tasks import sla_sweep

    summary = sla_sweep()
    assert summary.startswith("warned 0, handling late 0, resolution late 0")
