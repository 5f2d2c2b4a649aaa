"""Recording what happened, and who listens.

Domain code calls `record(topic, payload)` inside the transaction of its change; the
channels (`kundcenter.mail`, later webhooks) `subscribe` to the topics they act on, from
their AppConfig.ready(). Domain apps import only this module, never a channel: the
import arrows point from the channels down to the domain.

After the transaction commits (and, within a request, once its response has been sent),
the new rows are handed to delivery: to the Celery worker through the broker when there
is one, in-process when there is none (the embedded default). If the broker cannot be
reached, nothing is lost: the periodic job `deliver_outbox` delivers whatever is still
waiting.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import make_msgid
from functools import partial

from django.db import transaction
from django.utils import timezone

from kundcenter.lib.after_response import after_response
from kundcenter.lib.compiled import insert

log = logging.getLogger(__name__)


class Permanent(Exception):
    """Raised by a channel for a consequence that can never be delivered (a mail server's
    5xx for this mail): it is given up at once instead of tried again."""


@dataclass(frozen=True)
class Subscriber:
    """A channel's handler for one topic.

    `handler(payload)` delivers one item. A `transactional` handler only writes to the
    database (it decides and records further consequences, such as one mail per
    recipient): it runs in one transaction with the removal of the item, so it takes
    effect exactly once. Any other handler acts outside (sends a mail) and the item is
    removed after it returns. `server_down(exc)` says that a failure concerns the channel,
    not this item: the run leaves the channel's other items for the next run.
    `given_up(payload)` is told when the item is given up. `idle(payload)` (optional, a
    read only) says before any transaction that a transactional handler would find
    nothing to do (no webhook endpoint for the customer): the item is just removed.
    """

    topic: str
    channel: str
    handler: Callable[[dict], object]
    transactional: bool = False
    transient: tuple[type[BaseException], ...] = ()
    server_down: Callable[[BaseException], bool] = field(default=lambda exc: False)
    given_up: Callable[[dict], None] | None = None
    idle: Callable[[dict], bool] | None = None


_subscribers: dict[str, dict[str, Subscriber]] = {}


def subscribe(topic: str, channel: str, handler, **options) -> Subscriber:
    """Have `channel` deliver every later `record(topic, …)` with `handler`."""
    subscriber = Subscriber(topic=topic, channel=channel, handler=handler, **options)
    _subscribers.setdefault(topic, {})[channel] = subscriber
    return subscriber


def subscriber(topic: str, channel: str) -> Subscriber | None:
    return _subscribers.get(topic, {}).get(channel)


def subscribers(topic: str) -> list[Subscriber]:
    return list(_subscribers.get(topic, {}).values())


# --- demo and benchmark data --------------------------------------------------------------

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "outbox_suppressed", default=False
)


@contextlib.contextmanager
def suppressed():
    """Record nothing while loading demo or benchmark data: its consequences (mail to
    invented people) never exist, so no process, a worker included, can deliver them."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    from django.conf import settings

    return _suppressed.get() or settings.OUTBOX_SUPPRESSED


_local: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_local", default=False)

# What a parked row says to staff who find it: a benchmark recorded it for itself.
PARKED = "recorded by a benchmark: delivered only by the process that recorded it"


@contextlib.contextmanager
def kept_local():
    """Record as usual (benchmarks measure what recording costs), but park the rows: no
    `next_attempt_at`, so no worker or periodic job ever delivers them. Only this process
    does, in `hand_over`, with whatever mail backend it has (the benchmarks' dummy one);
    `clear_parked` deletes what it did not deliver."""
    token = _local.set(True)
    try:
        yield
    finally:
        _local.reset(token)


def is_kept_local() -> bool:
    from django.conf import settings

    return _local.get() or settings.OUTBOX_KEPT_LOCAL


def clear_parked() -> int:
    """Delete the parked rows a benchmark left undelivered; returns how many."""
    from kundcenter.outbox.models import OutboxItem

    return OutboxItem.objects.filter(last_error=PARKED, next_attempt_at__isnull=True).delete()[0]


# --- recording ------------------------------------------------------------------------------


def record(topic: str, payload: dict | None = None, *, recipient: str = "", summary: str = ""):
    """Record that `topic` happened, once per subscribed channel, in the current transaction.

    Returns the rows (none while suppressed or when no channel listens). They are handed
    to delivery when the transaction commits; rolled back, they never existed.
    """
    return record_many(topic, [(payload or {}, recipient, summary)])


def record_many(topic: str, happenings: list[tuple[dict, str, str]]):
    """`record` for several (payload, recipient, summary) of one topic at once: one INSERT
    and one hand-over for them all (a notification's mails to every recipient)."""
    from kundcenter.outbox.models import OutboxItem

    listening = subscribers(topic)
    if not listening or not happenings or is_suppressed():
        return []
    now = timezone.now()
    local = is_kept_local()
    items = [
        OutboxItem(
            topic=topic,
            channel=sub.channel,
            payload=payload,
            recipient=recipient[:254],
            summary=summary[:300],
            created_at=now,
            next_attempt_at=None if local else now,
            last_error=PARKED if local else "",
        )
        for payload, recipient, summary in happenings
        for sub in listening
    ]
    insert(items)  # one INSERT, its text kept per process (kundcenter.lib.compiled)
    # Handed over when this transaction commits, and within a request once its response
    # has been sent (kundcenter.lib.after_response): nobody waits for a notification's
    # fan-out and mails. Rows recorded in a savepoint that is rolled back go with their
    # callback.
    ids = [item.pk for item in items]
    deliver = partial(_deliver_parked if local else hand_over, ids)
    transaction.on_commit(partial(after_response, deliver))
    return items


def _deliver_parked(ids: list[int]) -> None:
    from celery import current_app

    if current_app.conf.task_always_eager:  # a benchmark's "sent in-process"; else parked
        from kundcenter.outbox.delivery import deliver

        deliver(ids, parked=True)


# The topic of one ready-made mail (to, subject, body, and optionally html, from_email,
# reply_to, headers, answers_inbound); the mail channel sends it (kundcenter.mail.sending).
EMAIL = "email"


def record_mail(payload: dict) -> list:
    """Record one rendered mail to send after the current transaction commits.

    A Message-ID is made now if the payload has none, so every attempt sends the same
    message and a reply to it can be recognised.
    """
    return record_mails([payload])


def record_mails(payloads: list[dict]) -> list:
    """`record_mail` for several mails at once: one INSERT and one hand-over."""
    from django.conf import settings

    happenings = []
    for payload in payloads:
        headers = dict(payload.get("headers") or {})
        headers.setdefault("Message-ID", make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN))
        to = payload.get("to") or [""]
        summary = str(payload.get("subject", ""))
        happenings.append(({**payload, "headers": headers}, str(to[0]), summary))
    return record_many(EMAIL, happenings)


def hand_over(ids: list[int]) -> None:
    """Deliver `ids` now: through the broker to a worker, or in-process without one.

    A broker that cannot be reached is logged and ignored: the rows are in the database,
    and the periodic job delivers them.
    """
    from kundcenter.outbox.tasks import deliver

    try:
        deliver.delay(ids)
    except Exception as exc:  # the broker is down (or the in-process run failed): the job delivers
        from django.conf import settings

        if settings.OUTBOX_PROPAGATE_ERRORS and not _is_broker_error(exc):
            raise
        log.warning("outbox items %s wait for the periodic job: %s", ids[:10], type(exc).__name__)


def _is_broker_error(exc: BaseException) -> bool:
    from kombu.exceptions import OperationalError

    return isinstance(exc, OperationalError | ConnectionError | TimeoutError)
