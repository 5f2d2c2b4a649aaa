"""The mail app's periodic jobs (IMAP polling, the teams' digests of new tickets), run by
the worker's beat with REDIS_URL or by `manage.py run_scheduler` in the embedded default
(kundcenter/celery.py).

Notification mail is not a task of its own: it leaves through the outbox
(kundcenter.outbox, kundcenter.mail.channel).
"""

import importlib

from celery import shared_task
from django.conf import settings

# --- periodic jobs (scheduled in kundcenter/celery.py) -------------------------------------


@shared_task(name="kundcenter.mail.tasks.poll_imap")
def poll_imap() -> str:
    """Read the support mailbox once (kundcenter.mail.imap.poll_once), if there is one."""
    if not getattr(settings, "IMAP_HOST", ""):
        return "skipped: IMAP_HOST is not set"
    try:
        imap = importlib.import_module("kundcenter.mail.imap")
    except ModuleNotFoundError as exc:
        if exc.name != "kundcenter.mail.imap":
            raise
        return "skipped: no IMAP poller installed"
    poll_once = getattr(imap, "poll_once", None)
    if poll_once is None:
        return "skipped: no IMAP poller installed"
    result = poll_once()
    return f"{result}" if result is not None else "done"


@shared_task(name="kundcenter.mail.tasks.team_digests")
def team_digests() -> str:
    """Mail each digest team's specialists the tickets registered since the last one."""
    from kundcenter.mail.notifications import team_digests as send

    return f"{len(send())} digests"
