"""Service-level figures: how many tickets were handled and resolved in time, and how long
handling and resolution took in business hours. Plain functions over a ticket queryset.

Which tickets count (the SLA columns of kundcenter.tickets.models.Ticket, as the SLA
clock and sweep leave them):

- A ticket counts in the month (Europe/Stockholm) and range of its **registration**.
- **Handling** is counted for tickets with a handling target (`response_due_at`):
  *in time* = handling started (`handling_started_at`) and never late
  (`response_breached_at` empty); *late* = `response_breached_at` set, whether or not
  handling has started since. Everything else is *pending* (still open, handling not
  started and not yet late; or closed without handling before it was due) and is
  **left out of the share**: share = in time / (in time + late).
- **Resolution** is counted for tickets with a resolution target (`resolution_due_at`;
  bugs with a service level). Categories without a resolution target are left out.
  *met* = closed without `resolution_breached_at`; *breached* = `resolution_breached_at`
  set (closed or still open: a breach stays a breach). Open tickets not yet late are
  *pending* and left out: share = met / (met + breached).
- A breach is what the sweep or the closing recorded: a ticket past its due time that
  the sweep has not yet reached still counts as pending.
"""

import math
import statistics
from collections import defaultdict

from django.db.models import Count, F, Q

from kundcenter.reports.framework import period_key, share, trunc
from kundcenter.sla.policy import get_calendar
from kundcenter.tickets.models import Status

HAS_RESPONSE_TARGET = Q(response_due_at__isnull=False)
HAS_RESOLUTION_TARGET = Q(resolution_due_at__isnull=False)
HANDLING_IN_TIME = HAS_RESPONSE_TARGET & Q(
    handling_started_at__isnull=False, response_breached_at__isnull=True
)
HANDLING_LATE = HAS_RESPONSE_TARGET & Q(response_breached_at__isnull=False)
HANDLING_PENDING = HAS_RESPONSE_TARGET & Q(
    handling_started_at__isnull=True, response_breached_at__isnull=True
)
RESOLUTION_MET = HAS_RESOLUTION_TARGET & Q(
    status=Status.CLOSED, resolution_breached_at__isnull=True
)
RESOLUTION_BREACHED = HAS_RESOLUTION_TARGET & Q(resolution_breached_at__isnull=False)
RESOLUTION_PENDING = (
    HAS_RESOLUTION_TARGET & Q(resolution_breached_at__isnull=True) & ~Q(status=Status.CLOSED)
)
ANY_BREACH = HANDLING_LATE | RESOLUTION_BREACHED

# The groupings: the value grouped on (an id or a code), and its label.
BREAKDOWNS = {
    "service_level": ("service_level", "service_level"),
    "category": ("category", "category"),
    "team": ("team_id", "team__name"),
    "module": ("module_id", "module__name"),
    "customer": ("organization_id", "organization__name"),
}

COUNTS = {
    "handled_in_time": Count("pk", filter=HANDLING_IN_TIME),
    "handled_late": Count("pk", filter=HANDLING_LATE),
    "handling_pending": Count("pk", filter=HANDLING_PENDING),
    "resolved_in_time": Count("pk", filter=RESOLUTION_MET),
    "resolution_breached": Count("pk", filter=RESOLUTION_BREACHED),
    "resolution_pending": Count("pk", filter=RESOLUTION_PENDING),
}


def with_shares(counts: dict) -> dict:
    """The counts plus `handling_share` and `resolution_share` (0–1, None without any)."""
    result = dict(counts)
    result["handling_share"] = share(
        counts["handled_in_time"], counts["handled_in_time"] + counts["handled_late"]
    )
    result["resolution_share"] = share(
        counts["resolved_in_time"], counts["resolved_in_time"] + counts["resolution_breached"]
    )
    return result


def registered_between(scope_qs, start, end):
    return scope_qs.filter(created_at__gte=start, created_at__lt=end)


def compliance(scope_qs, start, end) -> dict:
    """Overall handling and resolution in time for the tickets of `scope_qs` registered in
    [start, end): the six counts of COUNTS and the two shares (see the module docstring).
    One query."""
    return with_shares(registered_between(scope_qs, start, end).aggregate(**COUNTS))


def compliance_by(scope_qs, start, end, breakdown: str) -> list[dict]:
    """Per group of `breakdown` (a BREAKDOWNS key): `key` (id or code, None for none),
    `label` (name or code) and the counts and shares. One query; groups without any
    ticket with a target are left out."""
    key_field, label_field = BREAKDOWNS[breakdown]
    rows = (
        registered_between(scope_qs, start, end)
        .filter(HAS_RESPONSE_TARGET | HAS_RESOLUTION_TARGET)
        .annotate(key=F(key_field), label=F(label_field))
        .values("key", "label")
        .annotate(**COUNTS)
        .order_by()
    )
    return [with_shares(row) for row in rows]


def compliance_by_month(scope_qs, start, end) -> dict:
    """{first day of month (local date): counts and shares}. One query."""
    rows = (
        registered_between(scope_qs, start, end)
        .filter(HAS_RESPONSE_TARGET | HAS_RESOLUTION_TARGET)
        .annotate(month=trunc("month", "created_at"))
        .values("month")
        .annotate(**COUNTS)
        .order_by()
    )
    result = {}
    for row in rows:
        month = period_key(row.pop("month"))
        result[month] = with_shares(row)
    return result


def group_filter(breakdown: str, key) -> Q:
    """The tickets of one group of `breakdown` (`key` None: those without a value)."""
    key_field = BREAKDOWNS[breakdown][0]
    if key is None:
        return Q(**{f"{key_field}__isnull": True})
    return Q(**{key_field: key})


# Times ------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `fraction` of the
    values at or below it (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def business_durations(scope_qs, start, end) -> list[dict]:
    """For every ticket registered in [start, end): its groups and its business-hours
    durations in seconds, computed in Python with the SLA calendar. One query.

    - `handling`: registration to handling start (None until handling started). The clock
      does not pause before handling starts (pausing is a visible staff step), so nothing
      is taken off.
    - `resolution`: registration to closing, less the business time the clock was paused
      (`paused_seconds`), never below zero (None while open).

    Business time counts only opening hours, so a ticket registered while closed starts
    at the next opening. This reads every ticket of the range; for a million tickets the
    durations should be stored on the ticket when it is handled and closed (later).
    """
    calendar = get_calendar()
    rows = registered_between(scope_qs, start, end).values_list(
        "created_at",
        "handling_started_at",
        "closed_at",
        "paused_seconds",
        "service_level",
        "category",
        "team__name",
    )
    result = []
    for created, handled, closed, paused, level, category, team in rows:
        handling = resolution = None
        if handled is not None:
            handling = max(calendar.between(created, handled).total_seconds(), 0)
        if closed is not None:
            resolution = max(calendar.between(created, closed).total_seconds() - paused, 0)
        result.append(
            {
                "created_at": created,
                "service_level": level,
                "category": category,
                "team": team,
                "handling": handling,
                "resolution": resolution,
            }
        )
    return result


def time_figures(durations: list[dict]) -> dict:
    """Count, median and 90th percentile of handling and resolution, in seconds."""
    handling = [d["handling"] for d in durations if d["handling"] is not None]
    resolution = [d["resolution"] for d in durations if d["resolution"] is not None]
    return {
        "handled": len(handling),
        "handling_median": median(handling),
        "handling_p90": percentile(handling, 0.9),
        "resolved": len(resolution),
        "resolution_median": median(resolution),
        "resolution_p90": percentile(resolution, 0.9),
    }


def times_by(durations: list[dict], key) -> dict:
    """{group: time_figures} with `key(duration row)` naming the group."""
    groups = defaultdict(list)
    for row in durations:
        groups[key(row)].append(row)
    return {group: time_figures(rows) for group, rows in groups.items()}
