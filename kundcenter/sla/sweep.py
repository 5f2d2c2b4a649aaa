"""The periodic SLA sweep: warn at 75 % of a response time, mark and report breaches.

Each step claims its tickets with a conditional UPDATE (`… WHERE warned_at IS NULL`), so
a second sweep, or two sweeps at once, never warn or report the same ticket twice.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kundcenter.sla import notify
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


def _claim(candidates, claim_filter: dict, update: dict) -> list[int]:
    """Mark each candidate if nobody else has; return the ids this sweep claimed."""
    claimed = []
    for pk in candidates:
        if Ticket.objects.filter(pk=pk, **claim_filter).update(**update):
            claimed.append(pk)
    return claimed


def _event(ticket_ids, code, now):
    """One staff-only history row per ticket; `code` is one of SLA_EVENT_LABELS."""
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=pk, kind=TicketEvent.Kind.SLA, new_value=code, public=False, created_at=now
        )
        for pk in ticket_ids
    )


def sweep(now=None) -> SweepResult:
    """One pass over the running clocks. Safe to run at any time, as often as wanted."""
    now = now or timezone.now()
    result = SweepResult()

    warn_ids = list(
        _running()
        .filter(
            handling_started_at__isnull=True,
            response_warned_at__isnull=True,
            response_warn_at__lte=now,
            response_due_at__gt=now,
        )
        .values_list("pk", flat=True)[:BATCH]
    )
    with transaction.atomic():
        result.warned = _claim(
            warn_ids, {"response_warned_at__isnull": True}, {"response_warned_at": now}
        )
        _event(result.warned, "warned", now)

    response_ids = list(
        _running()
        .filter(
            handling_started_at__isnull=True,
            response_breached_at__isnull=True,
            response_due_at__lte=now,
        )
        .values_list("pk", "response_due_at")[:BATCH]
    )
    with transaction.atomic():
        for pk, due in response_ids:
            if Ticket.objects.filter(pk=pk, response_breached_at__isnull=True).update(
                response_breached_at=due, response_warned_at=due
            ):
                result.response_breached.append(pk)
        _event(result.response_breached, "response_breached", now)

    resolution_ids = list(
        _running()
        .filter(resolution_breached_at__isnull=True, resolution_due_at__lte=now)
        .values_list("pk", "resolution_due_at")[:BATCH]
    )
    with transaction.atomic():
        for pk, due in resolution_ids:
            if Ticket.objects.filter(pk=pk, resolution_breached_at__isnull=True).update(
                resolution_breached_at=due
            ):
                result.resolution_breached.append(pk)
        _event(result.resolution_breached, "resolution_breached", now)

    transaction.on_commit(lambda: notify.sweep_notifications(result))
    return result
