"""The figures the reports read precomputed, and how to rebuild them from the tickets.

The reports must answer in a fixed number of queries at a million tickets, so what would
otherwise be worked out per ticket at every request is stored when it happens, by the
same actions that change the ticket:

- each ticket's business time to handling start and to resolution
  (`Ticket.handling_business_seconds`, `Ticket.resolution_business_seconds`), set by the
  SLA clock (`kundcenter.sla.clock.durations`) when handling starts and when the ticket
  is closed; the times report takes medians and percentiles over them.

`rebuild_durations` recomputes them from the tickets' own columns (after a bulk import,
a change of the SLA calendar, or to check): `manage.py rebuild_report_figures`. It is
idempotent: a second run finds nothing to change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from kundcenter.sla import clock
from kundcenter.tickets import counts
from kundcenter.tickets.models import Ticket

BATCH = 5000
DURATION_COLUMNS = (
    "id",
    "created_at",
    "handling_started_at",
    "closed_at",
    "paused_seconds",
    "handling_business_seconds",
    "resolution_business_seconds",
)


def rebuild_durations(tickets=None, *, on_batch: Callable[[int], None] | None = None) -> int:
    """Recompute the stored durations of `tickets` (a queryset; all by default) and write
    those that differ. Returns how many tickets changed. `on_batch(n)` is called after
    each batch of n tickets read (for a progress bar)."""
    tickets = Ticket.objects.all() if tickets is None else tickets
    changed = 0
    last = 0
    probe = Ticket()
    while True:
        rows = list(
            tickets.filter(pk__gt=last).order_by("pk").values_list(*DURATION_COLUMNS)[:BATCH]
        )
        if not rows:
            break
        updates = []
        for pk, created, handled, closed, paused, old_handling, old_resolution in rows:
            probe.created_at, probe.handling_started_at = created, handled
            probe.closed_at, probe.paused_seconds = closed, paused
            handling, resolution = clock.durations(probe)
            if (handling, resolution) != (old_handling, old_resolution):
                updates.append((handling, resolution, pk))
        if updates:
            with transaction.atomic():
                counts.update_rows(
                    Ticket,
                    ("handling_business_seconds", "resolution_business_seconds"),
                    ("float8", "float8"),
                    updates,
                )
        changed += len(updates)
        last = rows[-1][0]
        if on_batch:
            on_batch(len(rows))
    return changed
