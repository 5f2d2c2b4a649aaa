"""The periodic SLA sweep: warn at 75 % of a response time, mark and report breaches.

Each step claims its tickets with a conditional UPDATE (`… WHERE warned_at IS NULL`), so
a second sweep, or two sweeps at once, never warn or report the same ticket twice.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from kundcenter.sla import notify
from kundcenter.tickets import counts
from kundcenter.tickets.models import Ticket, TicketEvent
from kundcenter.tickets.workflows import Status

log = logging.getLogger(__name__)

BATCH = 500


@dataclass
class SweepResult:
    warned: list = field(default_factory=list)
    response_breached: list = field(default_factory=list)
    resolution_breached: list = field(default_factory=list)


def _running():
    return Ticket.objects.exclude(status__in=[Status.CLOSED, Status.WAITING]).filter(
        paused_at__isnull=True
    )


def _claim(pk, condition: Q, update: dict, code: str, now) -> bool:
    """Mark one ticket if it still qualifies and nobody else has; leave its event row.

    The UPDATE repeats the whole condition, so a ticket handled, paused or closed since
    it was selected, or claimed by another sweep, is left alone. Each claim is its own
    short transaction, so concurrent sweeps never hold many row locks (no deadlocks).
    """
    with transaction.atomic():
        if not _running().filter(condition, pk=pk).update(**update):
            return False
        # One staff-only history row; `code` is one of SLA_EVENT_LABELS.
        TicketEvent.objects.create(
            ticket_id=pk, kind=TicketEvent.Kind.SLA, new_value=code, public=False, created_at=now
        )
    return True


def sweep(now=None) -> SweepResult:
    """One pass over the running clocks. Safe to run at any time, as often as wanted.

    What the claims found is recorded in the outbox in the same transaction; mails go out
    after it has committed, one per claimed ticket and recipient.
    """
    now = now or timezone.now()
    result = SweepResult()
    # One transaction: the claims and the record of what they found commit together, so
    # a sweep that dies in between leaves the tickets to the next sweep, never unmailed.
    with transaction.atomic():
        warn = Q(
            handling_started_at__isnull=True,
            response_warned_at__isnull=True,
            response_warn_at__lte=now,
            response_due_at__gt=now,
        )
        for pk in _running().filter(warn).order_by("pk").values_list("pk", flat=True)[:BATCH]:
            if _claim(pk, warn, {"response_warned_at": now}, "warned", now):
                result.warned.append(pk)

        late = Q(
            handling_started_at__isnull=True,
            response_breached_at__isnull=True,
            response_due_at__lte=now,
        )
        candidates = _running().filter(late).order_by("pk").values_list("pk", flat=True)[:BATCH]
        for pk in candidates:
            # The breach dates from the due time; a ticket that was never warned (the sweep
            # did not run in between) counts as warned so that no late warning follows.
            update = {
                "response_breached_at": F("response_due_at"),
                "response_warned_at": Coalesce(F("response_warned_at"), F("response_due_at")),
            }
            if _claim(pk, late, update, "response_breached", now):
                result.response_breached.append(pk)

        missed = Q(resolution_breached_at__isnull=True, resolution_due_at__lte=now)
        candidates = _running().filter(missed).order_by("pk").values_list("pk", flat=True)[:BATCH]
        for pk in candidates:
            update = {"resolution_breached_at": F("resolution_due_at")}
            if _claim(pk, missed, update, "resolution_breached", now):
                result.resolution_breached.append(pk)

        # A breach changes the tickets' service-level outcome in the report counts.
        counts.recount_pks({*result.response_breached, *result.resolution_breached})
        if result.warned or result.response_breached or result.resolution_breached:
            notify.sweep_notifications(result)
    return result
