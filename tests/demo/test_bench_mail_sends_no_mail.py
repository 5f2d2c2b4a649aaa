"""`manage.py bench_mail` never sends real mail and never feeds a real worker's queue."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from kundcenter.celery import app
from kundcenter.mail.management.commands import bench_mail
from kundcenter.mail.models import InboundMessage


def test_processes_it_starts_get_the_dummy_backend_and_no_broker(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://mail-worker.example:6379/0")
    monkeypatch.setenv("CACHE_URL", "redis://mail-worker.example:6379/1")
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    env = bench_mail.child_env(MAIL_GATE_TOKEN="x")
    assert "REDIS_URL" not in env and "CACHE_URL" not in env
    assert env["EMAIL_BACKEND"] == "django.core.mail.backends.dummy.EmailBackend"
    assert env["MAIL_GATE_TOKEN"] == "x"


def test_queued_tasks_go_to_memory_and_nothing_runs_them(monkeypatch):
    ran = []
    monkeypatch.setattr(
        "kundcenter.mail.notifications.dispatch", lambda event, **kw: ran.append(event) or []
    )
    before = app.conf.task_always_eager, app.conf.broker_url
    with bench_mail.bench_tasks(run_now=False):
        assert app.conf.broker_url.startswith("memory://")
        from kundcenter.mail.tasks import notify

        notify.delay("ticket_registered", ticket_id=1)
    assert ran == []
    assert (app.conf.task_always_eager, app.conf.broker_url) == before


@pytest.mark.django_db
def test_the_in_process_run_sends_nothing():
    out = io.StringIO()
    call_command(
        "bench_mail", count=4, gate_count=0, pipe_count=0, no_imap=True, verbosity=0, stdout=out
    )
    assert "ingest() in one process, notifications queued for a worker" in out.getvalue()
    assert "notifications sent in-process" in out.getvalue()
    assert InboundMessage.objects.count() == 1 + 2 * (bench_mail.WARM_UP + 4)
    assert mail.outbox == []
