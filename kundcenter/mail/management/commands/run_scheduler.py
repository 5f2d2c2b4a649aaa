"""Run the periodic jobs (SLA sweep, IMAP polling, sending mail waiting in the outbox,
deleting unconfirmed registrations) in-process, on their intervals.

The embedded default has no Celery worker, so this small loop does what the worker's beat
does in production (`celery -A kundcenter beat`): the same jobs from
kundcenter.celery.periodic_jobs, run in this process. Every job is safe to run twice, so
running this next to a worker does no harm.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils import timezone
from kombu.utils.imports import symbol_by_name

from kundcenter.celery import periodic_jobs

log = logging.getLogger(__name__)


def _refresh_connections():
    """A long-running process must not keep a connection the database has dropped.

    Not inside a transaction (a test calling the command): closing would end it.
    """
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        close_old_connections()


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (SLA sweep, IMAP polling, sending mail waiting in the outbox, "
        "deleting unconfirmed registrations) on their intervals, in-process."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once, then stop (for cron)."
        )

    def handle(self, *args, once=False, **options):
        jobs = periodic_jobs()
        if not jobs:
            self.stdout.write("No periodic jobs are configured.")
            return
        if settings.REDIS_URL and not once:
            self.stdout.write(
                "REDIS_URL is set: the Celery worker's beat (-B) runs these jobs too; "
                "running them twice does no harm."
            )
        for job in jobs:
            self.stdout.write(f"{job.name}: every {job.interval} s")
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        next_run = {job.name: time.monotonic() for job in jobs}
        try:
            while not self._stopping:
                for job in jobs:
                    if time.monotonic() >= next_run[job.name]:
                        self._run(job)
                        next_run[job.name] = time.monotonic() + job.interval
                if once:
                    break
                time.sleep(max(0.0, min(min(next_run.values()) - time.monotonic(), 1.0)))
        except KeyboardInterrupt:
            pass
        if not once:
            self.stdout.write("Scheduler stopped.")

    def _stop(self, signum, frame):
        self._stopping = True

    def _run(self, job):
        _refresh_connections()
        started = time.monotonic()
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        try:
            summary = symbol_by_name(job.task)()
        except Exception as exc:  # one failing run must not stop the scheduler
            log.exception("periodic job %s failed", job.name)
            self.stderr.write(f"[{stamp}] {job.name} failed: {exc!r}")
        else:
            took = time.monotonic() - started
            self.stdout.write(f"[{stamp}] {job.name}: {summary} ({took:.1f} s)")
        finally:
            _refresh_connections()
