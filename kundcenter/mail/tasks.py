"""Background tasks: notification mail, and the periodic jobs (SLA sweep, IMAP polling,
the outbox of mail the send task gave up on).

Queued after a change has committed (see kundcenter.tickets.notify); each runs in the
worker with REDIS_URL, or in-process at once in the embedded default (kundcenter/celery.py).
"""

import importlib
import logging
from smtplib import SMTPException

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)


def queue_notification(event: str, **kwargs) -> None:
    """Queue the `notify` task for `event`; called by the hooks after a commit.

    The change is committed already, so a broker that cannot be reached is logged, never
    raised into the request that made the change.
    """
    try:
        notify.delay(event, **kwargs)
    except OperationalError:
        log.exception("could not queue the %s notification %r", event, kwargs)


@shared_task(name="kundcenter.mail.tasks.notify")
def notify(event: str, **kwargs) -> int:
    """Decide who hears about `event` and queue their mail (kundcenter.mail.notifications)."""
    from kundcenter.mail import notifications

    return len(notifications.dispatch(event, **kwargs))


class SendEmailTask(Task):
    """`send_email`, which also keeps the books of an answer to a refused inbound mail."""

    def on_success(self, retval, task_id, args, kwargs):
        answered = _answers_inbound(args, kwargs)
        if answered:
            from kundcenter.mail.models import InboundMessage

            InboundMessage.objects.filter(pk=answered).update(answered_at=timezone.now())

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Every retry failed (in the embedded default too: Celery calls this after the
        # last eager attempt).
        from kundcenter.mail import outbox

        if isinstance(exc, outbox.PermanentlyRefused):
            # Refused for good (no such mailbox): sending again cannot help.
            # The error's kind only: the server's words often name the address.
            log.warning("mail refused for good by the mail server (%s)", type(exc.error).__name__)
            return
        if _answers_inbound(args, kwargs):
            # A courtesy, not kept in the outbox: the sender's once-a-day allowance was
            # not used up, so the next refused mail from them is answered again.
            from kundcenter.mail.ingest import release_refusal_notice

            release_refusal_notice(_payload(args, kwargs)["to"][0])
            return
        if isinstance(exc, outbox.TRANSIENT):
            # The mail server is down or refuses for now: the outbox sends it later.
            try:
                outbox.keep(_payload(args, kwargs), exc, task_id=task_id or "")
            except DatabaseError:
                log.exception("could not keep an unsent mail in the outbox: it is lost")


def _payload(args, kwargs) -> dict:
    return kwargs.get("payload") or (args[0] if args else {}) or {}


def _answers_inbound(args, kwargs):
    return _payload(args, kwargs).get("answers_inbound")


@shared_task(
    bind=True,
    base=SendEmailTask,
    name="kundcenter.mail.tasks.send_email",
    # A mail server that is down, refuses for now (4xx, greylisting) or drops the
    # connection: try again after 1, 2, 4, 8, 16 s (± jitter, at most 10 min) …
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_email(self, payload: dict) -> str:
    """Send one rendered notification (text and HTML parts) through Django's mail backend.

    `payload` is plain data (to, subject, body, html, from_email, reply_to, headers), so it
    travels through the broker as JSON and a retry sends exactly the same message,
    Message-ID included. `answers_inbound` (an InboundMessage id) marks the explanation
    of a refused mail: sent, the message is marked answered; given up, the sender may be
    answered next time. Any other mail given up is kept in the outbox
    (kundcenter.mail.outbox) and sent by the periodic job `retry_pending_mail`.
    """
    from kundcenter.mail import outbox

    # A 5xx answer (no such mailbox) comes out as PermanentlyRefused: not retried, not
    # kept, and logged with the server's words.
    outbox.send(payload)
    return (payload.get("headers") or {}).get("Message-ID", "")


# --- periodic jobs (scheduled in kundcenter/celery.py) -------------------------------------


@shared_task(name="kundcenter.mail.tasks.sla_sweep")
def sla_sweep() -> str:
    """The SLA sweep, then the support access grants that have ended or end soon."""
    from kundcenter.accounts.entitlements import record_expired_grants
    from kundcenter.accounts.notify import warn_expiring_grants
    from kundcenter.sla.sweep import sweep

    result = sweep()
    expired = record_expired_grants()
    expiring = warn_expiring_grants()
    return (
        f"warned {len(result.warned)}, handling late {len(result.response_breached)}, "
        f"resolution late {len(result.resolution_breached)}, access grants expired {expired}, "
        f"ending soon {expiring}"
    )


@shared_task(name="kundcenter.mail.tasks.retry_pending_mail")
def retry_pending_mail() -> str:
    """Send again the mails the send task gave up on, when due (kundcenter.mail.outbox).

    Sends directly, not through `send_email`, so a failure here never queues more mail.
    """
    from kundcenter.mail import outbox

    return str(outbox.send_due())


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
