"""Delivering the outbox: claim a due row, let its channel deliver it, remove it.

At most once per row however many workers and schedulers run: a row is claimed with a
conditional UPDATE (its `attempts` as read, still due) that moves `next_attempt_at` out by
OUTBOX_LEASE_SECONDS, so a second process finds nothing to do, and a process that dies
while delivering leaves the row to be tried again when the lease ends. A failure is
recorded and tried again with back-off (30 s, 1, 2, 4 … minutes, at most hourly) for
OUTBOX_GIVE_UP_HOURS; then, or at once for a permanent failure, the row is given up and
kept for staff for OUTBOX_KEEP_DAYS.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from kundcenter.lib.compiled import DELETE, UPDATE, Compiled
from kundcenter.outbox.events import Permanent, Subscriber, subscriber
from kundcenter.outbox.models import OutboxItem

log = logging.getLogger(__name__)

# Rows delivered in one pass at most; the rest wait for the next run.
BATCH = 200
# Passes in one run of the periodic job: a notification's fan-out and then its mails.
PASSES = 3


class _TakenOver(Exception):
    """The lease ran out while a transactional handler ran and another process took the
    row: this run's work is rolled back, the other's counts."""


@dataclass
class DeliveryResult:
    delivered: int = 0
    failed: int = 0
    given_up: int = 0
    expired: int = 0

    def __str__(self):
        return (
            f"delivered {self.delivered}, failed {self.failed}, given up {self.given_up}, "
            f"expired {self.expired}"
        )


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failed deliveries: 30 s, 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def describe(exc: BaseException) -> str:
    """A failure as staff read it: its kind and its words."""
    return f"{type(exc).__name__}: {exc}"[:500]


# The statements every delivery runs, built once per process (kundcenter.lib.compiled):
# the row as read (its `attempts`), and for a claim, still due.
_AS_READ = OutboxItem.objects.filter
_CLAIM_PARKED = Compiled(  # stays parked: nothing else may ever deliver it
    lambda pk, attempts: (
        _AS_READ(pk=pk, attempts=attempts, next_attempt_at__isnull=True, gave_up_at__isnull=True),
        {"attempts": F("attempts") + 1},
    ),
    UPDATE,
)
_CLAIM_FRESH = Compiled(
    lambda pk, attempts, lease_end: (
        _AS_READ(pk=pk, attempts=attempts, next_attempt_at__isnull=False),
        {"attempts": F("attempts") + 1, "next_attempt_at": lease_end},
    ),
    UPDATE,
    datetimes={"lease_end"},
)
_CLAIM_DUE = Compiled(
    lambda pk, attempts, now, lease_end: (
        _AS_READ(pk=pk, attempts=attempts, next_attempt_at__lte=now),
        {"attempts": F("attempts") + 1, "next_attempt_at": lease_end},
    ),
    UPDATE,
    datetimes={"now", "lease_end"},
)
# The rows a commit handed over (`ids`), in order: parked by a benchmark, or never tried
# yet or due.
_PARKED_ROWS = Compiled(
    lambda ids: _AS_READ(
        pk__in=ids, next_attempt_at__isnull=True, gave_up_at__isnull=True
    ).order_by("pk"),
    lists={"ids"},
)
_HANDED_OVER_ROWS = Compiled(
    lambda ids, start: (
        _AS_READ(pk__in=ids, next_attempt_at__isnull=False)
        .filter(Q(next_attempt_at__lte=start) | Q(attempts=0))
        .order_by("pk")
    ),
    lists={"ids"},
    datetimes={"start"},
)
_REMOVE = Compiled(lambda pk, attempts: _AS_READ(pk=pk, attempts=attempts), DELETE)


def claim(row: OutboxItem, now, *, fresh: bool = False, parked: bool = False) -> bool:
    """Take `row` for this run, unless another run took it first (see the module doc).

    `fresh`: the row was just handed over and never tried, so it is taken even if this
    host's clock is a little behind the one that recorded it.
    """
    lease_end = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    if parked:
        taken = _CLAIM_PARKED.run(row.pk, row.attempts)
    elif fresh and row.attempts == 0:
        taken = _CLAIM_FRESH.run(row.pk, row.attempts, lease_end)
    else:
        taken = _CLAIM_DUE.run(row.pk, row.attempts, now, lease_end)
    if taken:
        row.attempts += 1
    return bool(taken)


def deliver(ids=None, now=None, limit: int = BATCH, *, parked: bool = False) -> DeliveryResult:
    """Deliver the due rows (only `ids`, if given), oldest first, at most `limit`.

    `parked`: deliver `ids` that a benchmark parked in this process
    (kundcenter.outbox.events.kept_local), which nothing else ever delivers.
    """
    fixed = now is not None  # a caller's (a test's) moment, kept for the whole run
    start = now or timezone.now()
    result = DeliveryResult()
    if parked:
        due = _PARKED_ROWS.objects(sorted(ids))[:limit]
    elif ids is None:
        due = OutboxItem.objects.filter(next_attempt_at__lte=start)
        due = due.order_by("next_attempt_at", "pk")[:limit]
    else:  # handed over after a commit: never tried yet, or due
        due = _HANDED_OVER_ROWS.objects(sorted(ids), start)[:limit]
    # (channel, topic) pairs whose server is down this run: their other rows wait (the
    # channel's other topics, such as a notification's fan-out, go on).
    channels_down: set[tuple[str, str]] = set()
    for row in due:
        # The time as the run goes on, so that a lease counts from its own claim.
        now = start if fixed else timezone.now()
        fresh = ids is not None
        if (row.channel, row.topic) not in channels_down and _idle_removed(row):
            result.delivered += 1
            continue
        if (row.channel, row.topic) in channels_down or not claim(
            row, now, fresh=fresh, parked=parked
        ):
            continue
        sub = subscriber(row.topic, row.channel)
        if sub is None:
            _failed(
                row,
                LookupError(f"no channel {row.channel!r} for {row.topic!r}"),
                now,
                result,
                permanent=True,
            )
            continue
        try:
            _deliver_one(row, sub)
        except _TakenOver:
            continue
        except Exception as exc:
            bug = not isinstance(exc, (Permanent, *sub.transient))
            if bug:
                log.exception("outbox item %s (%s → %s) failed", row.pk, row.topic, row.channel)
            if parked:  # a benchmark's row: it stays parked, clear_parked deletes it
                result.failed += 1
            else:
                _failed(row, exc, now, result, permanent=isinstance(exc, Permanent), sub=sub)
            if bug and settings.OUTBOX_PROPAGATE_ERRORS:
                raise
            if sub.server_down(exc):
                channels_down.add((row.channel, row.topic))
        else:
            result.delivered += 1
    return result


def _idle_removed(row: OutboxItem) -> bool:
    """Remove `row` unclaimed if its channel has nothing to do for it (a registration's
    webhook row when no endpoint hears its customer): one DELETE instead of the claim's
    UPDATE and a DELETE. Nothing is delivered, so nothing can be delivered twice: the
    DELETE keeps the `attempts` as read, so a row another run claimed meanwhile stays
    theirs. False (the ordinary path) when the check fails or the row was taken."""
    sub = subscriber(row.topic, row.channel)
    if sub is None or not sub.transactional or sub.idle is None:
        return False
    try:
        idle = sub.idle(row.payload)
    except Exception:
        return False  # the ordinary path claims the row and records the failure
    return bool(idle) and bool(_remove(row))


def _deliver_one(row: OutboxItem, sub: Subscriber) -> None:
    if sub.transactional and sub.idle is not None and sub.idle(row.payload):
        _remove(row)  # nothing to record: no transaction needed
        return
    if sub.transactional:
        with transaction.atomic():
            sub.handler(row.payload)
            if not _remove(row):
                raise _TakenOver
    else:
        sub.handler(row.payload)
        _remove(row)


def _remove(row: OutboxItem) -> int:
    """Delete `row` as read (its `attempts`: a row another run claimed meanwhile stays
    theirs) with one DELETE (nothing refers to an outbox row, so Django's collector, which
    wraps even a plain delete in BEGIN/COMMIT, has nothing to collect); inside a
    transaction it is part of it."""
    return _REMOVE.run(row.pk, row.attempts)


def _failed(row, exc, now, result, *, permanent, sub=None) -> None:
    give_up = permanent or row.created_at <= now - timedelta(hours=settings.OUTBOX_GIVE_UP_HOURS)
    update = {"last_error": describe(exc)}
    if give_up:
        update.update(gave_up_at=now, next_attempt_at=None)
        result.given_up += 1
        log.error(
            "gave up outbox item %s (%s → %s): %s",
            row.pk,
            row.topic,
            row.channel,
            type(exc).__name__,
        )
    else:
        update["next_attempt_at"] = now + backoff(row.attempts)
        result.failed += 1
        log.warning(
            "outbox item %s (%s → %s) failed, tried again later: %s",
            row.pk,
            row.topic,
            row.channel,
            type(exc).__name__,
        )
    OutboxItem.objects.filter(pk=row.pk, attempts=row.attempts).update(**update)
    if give_up and sub is not None and sub.given_up is not None:
        try:
            sub.given_up(row.payload)
        except Exception:
            log.exception(
                "the channel %s could not take back given-up item %s", row.channel, row.pk
            )


def deliver_due(now=None) -> DeliveryResult:
    """The periodic job: deliver what is due, then delete given-up rows past keeping."""
    now = now or timezone.now()
    result = deliver(now=now)
    # What this run's deliveries recorded (a notification's mails) is handed to the broker
    # too; while the broker is down, deliver it in this run instead of the next one.
    for _pass in range(PASSES - 1):
        if not result.delivered:
            break
        more = deliver(now=max(now, timezone.now()))
        if not more.delivered and not more.failed:
            break
        result.delivered += more.delivered
        result.failed += more.failed
        result.given_up += more.given_up
    expired = now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    result.expired, _ = OutboxItem.objects.filter(gave_up_at__lte=expired).delete()
    return result


def try_again_now(queryset, now=None) -> int:
    """Staff's "try again now": the next run delivers these rows, given up or not."""
    return queryset.update(next_attempt_at=now or timezone.now(), gave_up_at=None)


def summary(topic: str | None = None) -> dict:
    """How many rows (of `topic`) wait, how many were given up, and since when the oldest
    waits (one query)."""
    rows = OutboxItem.objects.all()
    if topic:
        rows = rows.filter(topic=topic)
    return rows.aggregate(
        waiting=Count("pk"),
        given_up=Count("pk", filter=Q(gave_up_at__isnull=False)),
        oldest=Min("created_at"),
    )
