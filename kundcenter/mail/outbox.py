"""The outbox: outgoing mail the send task gave up on, sent again later until it goes out.

`send_email` (kundcenter.mail.tasks) retries a failing mail server a few times within
half a minute (at once, in the embedded default). When even the last retry fails, the
mail is kept here (`keep`) instead of being lost, and the periodic job
`retry_pending_mail` (`send_due`) sends it again, with back-off, for
PENDING_MAIL_GIVE_UP_HOURS. Rows are claimed with a conditional UPDATE, so two schedulers
never send the same mail twice. Explanations of refused inbound mail are not kept: they
are a courtesy, and their sender is answered again the next time instead.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid
from smtplib import (
    SMTPDataError,
    SMTPException,
    SMTPRecipientsRefused,
    SMTPResponseException,
)

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from kundcenter.mail.models import MESSAGE_ID_MAX, PendingMail, normalize_message_id

log = logging.getLogger(__name__)

# Mails sent in one run at most; the rest wait for the next run.
BATCH = 100
# Failures the send task retries and the outbox keeps: the mail server is down, refuses
# for now or drops the connection (SMTPException is an OSError too).
TRANSIENT = (SMTPException, OSError)
# Failures that concern one message, not the server: the run goes on with the next mail.
ONE_MESSAGE = (SMTPRecipientsRefused, SMTPDataError)


class PermanentlyRefused(Exception):
    """The mail server answered 5xx for this mail (no such mailbox, rejected): sending it
    again cannot help, so it is neither retried nor kept."""

    def __init__(self, error: BaseException):
        super().__init__(describe(error))
        self.error = error


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer about this mail: every recipient refused for good, or the sender or
    the message itself rejected. 4xx answers and lost connections are worth retrying."""
    if isinstance(exc, SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def send(payload: dict) -> None:
    """Send one payload now; a permanent refusal is raised as PermanentlyRefused (which
    the send task does not retry) and anything else as it came."""
    try:
        build_message(payload).send(fail_silently=False)
    except SMTPException as exc:
        if is_permanent(exc):
            raise PermanentlyRefused(exc) from exc
        raise


def build_message(payload: dict) -> EmailMultiAlternatives:
    """The mail a `send_email` payload describes, text and HTML, headers as given."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        reply_to=payload.get("reply_to") or None,
        headers=payload.get("headers") or {},
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message


def describe(exc: BaseException) -> str:
    """A failure as staff read it in the admin: its kind and the server's words."""
    return f"{type(exc).__name__}: {exc}"[:500]


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries from the outbox: 1, 2, 4 … minutes, at
    most an hour."""
    return timedelta(minutes=min(2 ** min(attempts, 6), 60))


def keep(payload: dict, error: BaseException, task_id: str = "", now=None) -> PendingMail | None:
    """Keep a mail the send task gave up on, once; returns the row (None: kept already).

    A mail is known by its Message-ID (or, without one, by its task id, which a retry or
    a redelivered task keeps), so the task failing again for a mail already waiting here
    adds nothing. A mail without a Message-ID gets one now, so every later attempt sends
    the same message.
    """
    now = now or timezone.now()
    headers = dict(payload.get("headers") or {})
    message_id = normalize_message_id(headers.get("Message-ID", ""))
    if message_id:
        key = message_id[:MESSAGE_ID_MAX]
    else:
        headers["Message-ID"] = make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)
        key = f"task:{task_id}" if task_id else normalize_message_id(headers["Message-ID"])
    if PendingMail.objects.filter(key=key).exists():
        return None
    to = payload.get("to") or [""]
    try:
        with transaction.atomic():
            row = PendingMail.objects.create(
                key=key,
                recipient=str(to[0])[:254],
                subject=str(payload.get("subject", ""))[:300],
                payload={**payload, "headers": headers},
                created_at=now,
                next_attempt_at=now + backoff(0),
                last_error=describe(error),
            )
    except IntegrityError:  # kept by another process a moment ago
        return None
    # By id: the log is no place for addresses (the error may name one too).
    log.warning("mail kept in the outbox as pending mail %s after %s", row.pk, type(error).__name__)
    return row


@dataclass
class RetryResult:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    deleted: int = 0

    def __str__(self):
        return (
            f"sent {self.sent}, failed {self.failed}, given up {self.given_up}, "
            f"expired {self.deleted}"
        )


def _claim(row: PendingMail, now) -> bool:
    """Take one due mail for this run, unless another run took it first.

    The UPDATE repeats what was read (still due, same number of attempts), counts the
    attempt and moves the next attempt out already: a second scheduler finds nothing
    to do, and a run that dies while sending leaves the mail to be tried again later.
    """
    attempts = row.attempts + 1
    return bool(
        PendingMail.objects.filter(
            pk=row.pk, attempts=row.attempts, next_attempt_at__lte=now
        ).update(attempts=attempts, next_attempt_at=now + backoff(attempts))
    )


def send_due(now=None) -> RetryResult:
    """Send the mails whose time has come, oldest first, at most BATCH in one run.

    Sent, a mail's row is deleted. Failed, the error is recorded and the next attempt
    waits longer; after PENDING_MAIL_GIVE_UP_HOURS the mail is given up. While the mail
    server cannot be reached the run stops at the first failure instead of waiting for
    each mail in turn. Given-up mails are deleted after PENDING_MAIL_KEEP_DAYS.
    """
    now = now or timezone.now()
    result = RetryResult()
    give_up_before = now - timedelta(hours=settings.PENDING_MAIL_GIVE_UP_HOURS)
    due = PendingMail.objects.filter(next_attempt_at__lte=now).order_by("created_at", "pk")
    for row in due[:BATCH]:
        if not _claim(row, now):
            continue
        try:
            send(row.payload)
        except Exception as exc:  # recorded for staff; one bad mail must not stop the rest
            update = {"last_error": describe(exc)}
            if isinstance(exc, PermanentlyRefused) or row.created_at <= give_up_before:
                update.update(gave_up_at=now, next_attempt_at=None)
                result.given_up += 1
                log.error("gave up pending mail %s after %s", row.pk, type(exc).__name__)
            else:
                result.failed += 1
            PendingMail.objects.filter(pk=row.pk).update(**update)
            if (
                isinstance(exc, TRANSIENT)
                and not isinstance(exc, ONE_MESSAGE)
                and not isinstance(exc, PermanentlyRefused)
            ):
                break  # the server is down: the other mails wait for the next run
        else:
            PendingMail.objects.filter(pk=row.pk).delete()
            result.sent += 1
    expired = now - timedelta(days=settings.PENDING_MAIL_KEEP_DAYS)
    result.deleted, _ = PendingMail.objects.filter(gave_up_at__lte=expired).delete()
    return result


def try_again_now(queryset, now=None) -> int:
    """Staff's "try again now": the next run sends these mails, given up or not."""
    return queryset.update(next_attempt_at=now or timezone.now(), gave_up_at=None)


def summary() -> dict:
    """How many mails wait in the outbox, how many were given up, and since when the
    oldest waits (one query)."""
    return PendingMail.objects.aggregate(
        waiting=Count("pk"),
        given_up=Count("pk", filter=Q(gave_up_at__isnull=False)),
        oldest=Min("created_at"),
    )
