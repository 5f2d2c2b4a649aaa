"""The background task layer: one Celery app, configured from Django settings.

With REDIS_URL set, tasks travel through Redis to workers, and one beat process runs
the periodic jobs: `celery -A kundcenter beat -l info`. Without it (the embedded
default) a task runs in-process as soon as it is queued, and `manage.py run_scheduler`
runs the same periodic jobs. Either way there is one list of periodic jobs, below.

With DEBUG off, the worker and beat refuse to start without SECRET_KEY, as the web server
does (kundcenter.ops.secret_key).
"""

import os
from dataclasses import dataclass

from celery import Celery
from celery.signals import beat_init, celeryd_init

from kundcenter.ops.secret_key import SecretKeyMissing, require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundcenter.settings")

app = Celery("kundcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _refuse_without_secret_key(process: str) -> None:
    # SystemExit, not the exception itself: Celery logs an exception raised by a signal
    # handler and carries on, while SystemExit ends the process with the message as its
    # last line on stderr (the unit's journal) and exit status 1.
    try:
        require_secret_key(process)
    except SecretKeyMissing as refusal:
        raise SystemExit(f"Error: {refusal}") from None


@celeryd_init.connect
def _worker_needs_a_secret_key(**kwargs):
    # celeryd_init: the `celery worker` program only, before it connects to the broker
    # (not a worker a test starts in a thread).
    _refuse_without_secret_key("Celery worker")


@beat_init.connect
def _beat_needs_a_secret_key(**kwargs):
    _refuse_without_secret_key("Celery beat")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str  # the Celery task's name
    interval_setting: str  # seconds between runs
    needs_setting: str = ""  # the job runs only when this setting is non-empty

    @property
    def interval(self) -> int:
        from django.conf import settings

        return max(1, int(getattr(settings, self.interval_setting)))

    @property
    def enabled(self) -> bool:
        from django.conf import settings

        return not self.needs_setting or bool(getattr(settings, self.needs_setting, ""))


PERIODIC_JOBS = (
    PeriodicJob("sla_sweep", "kundcenter.sla.tasks.sla_sweep", "SLA_SWEEP_INTERVAL_SECONDS"),
    PeriodicJob(
        "poll_imap",
        "kundcenter.mail.tasks.poll_imap",
        "IMAP_POLL_INTERVAL_SECONDS",
        needs_setting="IMAP_HOST",
    ),
    PeriodicJob(
        "deliver_outbox",
        "kundcenter.outbox.tasks.deliver_outbox",
        "OUTBOX_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "team_digests",
        "kundcenter.mail.tasks.team_digests",
        "TEAM_DIGEST_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "delete_unconfirmed_accounts",
        "kundcenter.accounts.tasks.delete_unconfirmed_accounts",
        "ACCOUNT_CLEANUP_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "clear_expired_sessions",
        "kundcenter.accounts.tasks.clear_expired_sessions",
        "SESSION_CLEANUP_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "purge_processing_log",
        "kundcenter.privacy.tasks.purge_processing_log",
        "PRIVACY_LOG_PURGE_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "purge_unanswered_searches",
        "kundcenter.knowledge.tasks.purge_unanswered_searches",
        "UNANSWERED_SEARCH_PURGE_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "forget_presence",
        "kundcenter.tickets.tasks.forget_presence",
        "PRESENCE_CLEANUP_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "forget_pending_uploads",
        "kundcenter.tickets.tasks.forget_pending_uploads",
        "PRESENCE_CLEANUP_INTERVAL_SECONDS",
    ),
    PeriodicJob(
        "forget_webhook_deliveries",
        "kundcenter.webhooks.tasks.forget_webhook_deliveries",
        "WEBHOOK_CLEANUP_INTERVAL_SECONDS",
    ),
)


def periodic_jobs() -> list[PeriodicJob]:
    """The periodic jobs this installation runs (IMAP polling only with an IMAP_HOST)."""
    return [job for job in PERIODIC_JOBS if job.enabled]


@app.on_after_configure.connect
def _schedule_periodic_jobs(sender, **kwargs):
    sender.conf.beat_schedule = {
        job.name: {
            "task": job.task,
            "schedule": float(job.interval),
            # A run still queued when the next one is due is dropped, not piled up.
            "options": {"expires": float(job.interval)},
        }
        for job in periodic_jobs()
    }
