"""Without REDIS_URL tasks run in-process; with it they go through Redis to a worker, whose
beat runs the periodic jobs (IMAP polling only when a mailbox is configured; the SLA sweep,
delivering what waits in the outbox and deleting unconfirmed registrations always)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from kundcenter.celery import app, periodic_jobs

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from kundcenter.celery import app
app.loader.import_default_modules()
print(json.dumps({
    "broker": app.conf.broker_url,
    "backend": app.conf.result_backend,
    "eager": app.conf.task_always_eager,
    "beat": sorted(app.conf.beat_schedule),
    "tasks": sorted(name for name in app.tasks if name.startswith("kundcenter.")),
}))
"""


def probe(tmp_path, **env):
    """The Celery configuration a fresh process (not a test run) gets from `env`."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "IMAP_HOST", "DATABASE_URL"}
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="kundcenter.settings",
        KUNDCENTER_TESTING="0",
        KUNDCENTER_VAR_DIR=str(tmp_path),
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_embedded_default_runs_tasks_in_process_without_a_broker(tmp_path):
    conf = probe(tmp_path)
    assert conf["eager"] is True
    assert conf["broker"].startswith("memory://") and conf["backend"] is None
    assert conf["beat"] == [
        "clear_expired_sessions",
        "delete_unconfirmed_accounts",
        "deliver_outbox",
        "forget_pending_uploads",
        "forget_presence",
        "forget_webhook_deliveries",
        "purge_processing_log",
        "sla_sweep",
        "team_digests",
    ]
    assert {
        "kundcenter.outbox.tasks.deliver",
        "kundcenter.outbox.tasks.deliver_outbox",
        "kundcenter.sla.tasks.sla_sweep",
        "kundcenter.mail.tasks.poll_imap",
        "kundcenter.mail.tasks.team_digests",
        "kundcenter.accounts.tasks.delete_unconfirmed_accounts",
        "kundcenter.accounts.tasks.clear_expired_sessions",
        "kundcenter.tickets.tasks.forget_presence",
        "kundcenter.tickets.tasks.forget_pending_uploads",
        "kundcenter.webhooks.tasks.forget_webhook_deliveries",
    } <= set(conf["tasks"])


def test_redis_url_makes_redis_the_broker_and_result_backend(tmp_path):
    conf = probe(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3", IMAP_HOST="imap.example.se")
    assert conf["eager"] is False
    assert conf["broker"] == conf["backend"] == "redis://127.0.0.1:6379/3"
    assert conf["beat"] == [
        "clear_expired_sessions",
        "delete_unconfirmed_accounts",
        "deliver_outbox",
        "forget_pending_uploads",
        "forget_presence",
        "forget_webhook_deliveries",
        "poll_imap",
        "purge_processing_log",
        "sla_sweep",
        "team_digests",
    ]


def test_tests_run_tasks_in_process():
    assert app.conf.task_always_eager is True


def test_imap_polling_is_scheduled_only_with_a_mailbox(settings):
    settings.IMAP_HOST = ""
    assert [job.name for job in periodic_jobs()] == [
        "sla_sweep",
        "deliver_outbox",
        "team_digests",
        "delete_unconfirmed_accounts",
        "clear_expired_sessions",
        "purge_processing_log",
        "forget_presence",
        "forget_pending_uploads",
        "forget_webhook_deliveries",
    ]
    settings.IMAP_HOST = "imap.example.se"
    settings.IMAP_POLL_INTERVAL_SECONDS = 300
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["poll_imap"].interval == 300 and jobs["sla_sweep"].interval == 60


def test_the_outbox_job_runs_every_half_minute_by_default(settings):
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["deliver_outbox"].task == "kundcenter.outbox.tasks.deliver_outbox"
    assert jobs["deliver_outbox"].interval == 30
    settings.OUTBOX_INTERVAL_SECONDS = 300
    assert jobs["deliver_outbox"].interval == 300
