"""`manage.py bench_mail` never sends real mail and never feeds a real worker's queue."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kundcenter.celery import app
from kundcenter.mail.management.commands import bench_mail
from kundcenter.mail.models import InboundMessage
from kundcenter.outbox import delivery, events


def test_processes_it_starts_get_the_dummy_backend_and_no_broker(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://mail-worker.example:6379/0")
    monkeypatch.setenv("CACHE_URL", "redis://mail-worker.example:6379/1")
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    env = bench_mail.child_env(MAIL_GATE_TOKEN="x")
    assert "REDIS_URL" not in env and "CACHE_URL" not in env
    assert env["EMAIL_BACKEND"] == "django.core.mail.backends.dummy.EmailBackend"
    assert env["MAIL_GATE_TOKEN"] == "x"


def test_the_processes_it_starts_park_what_they_record(monkeypatch):
    assert bench_mail.child_env()["OUTBOX_KEPT_LOCAL"] == "1"


@pytest.mark.django_db
def test_what_the_bench_records_is_parked_and_no_worker_delivers_it(
    superuser_a, django_capture_on_commit_callbacks
):
    before = app.conf.task_always_eager, app.conf.broker_url
    with (
        bench_mail.bench_tasks(run_now=False),
        events.kept_local(),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert app.conf.broker_url.startswith("memory://")
        [row] = events.record_mail({"to": [superuser_a.email], "subject": "x", "body": "y"})
    assert (app.conf.task_always_eager, app.conf.broker_url) == before
    row.refresh_from_db()
    assert row.next_attempt_at is None and row.attempts == 0  # parked, not handed to anyone
    # A worker's periodic job, a long time later, does not deliver it either.
    assert delivery.deliver_due(now=timezone.now() + timedelta(days=1)).delivered == 0
    assert mail.outbox == []
    assert events.clear_parked() == 1


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
