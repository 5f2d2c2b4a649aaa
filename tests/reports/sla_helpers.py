"""Tickets with their SLA columns set directly, and the service-level figures worked out
again in plain Python from the raw tickets (the SLA calendar only for business hours)."""

import datetime
import math
import random
import statistics

from kundcenter.sla.policy import get_calendar
from tests import factories
from tests.reports.helpers import local, midnight, place

FIRST, LAST = datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)
H = datetime.timedelta(hours=1)
LEVEL_LABELS = {
    1: "1 – the service cannot start",
    2: "2 – business considerably hampered",
    3: "3 – part of the business hampered",
    4: "4 – important, can be worked around",
    5: "5 – standard level",
}


def sla_tickets(count, customers, *, seed=7, start=None, end=None):
    """`count` tickets registered from late August to early November 2026 (or from
    `start` to `end`) with every SLA outcome: handled in time, late (handled or not),
    pending; resolved in time, late, open; with and without targets; some paused.
    `customers`: [(organization, user)]."""
    rng = random.Random(seed)
    start, end = start or local(2026, 8, 25), end or local(2026, 11, 5)
    span = (end - start).total_seconds()
    tickets = []
    for n in range(count):
        org, reporter = customers[n % len(customers)]
        category = rng.choice(["bug", "bug", "bug", "support", "order"])
        level = rng.randint(1, 5) if category == "bug" else None
        created = start + datetime.timedelta(seconds=rng.uniform(0, span))
        response_due = created + rng.uniform(2, 48) * H if rng.random() < 0.9 else None
        resolution_due = created + rng.uniform(24, 400) * H if level else None
        handled = response_breached = resolution_breached = closed = None
        outcome = rng.choice(["in_time", "in_time", "late", "late_handled", "pending"])
        if response_due is None or outcome == "in_time":
            handled = created + rng.uniform(0.1, 40) * H
        elif outcome == "late":
            response_breached = response_due
        elif outcome == "late_handled":
            response_breached = response_due
            handled = response_due + rng.uniform(0.5, 20) * H
        if handled is not None and rng.random() < 0.6:
            closed = handled + rng.uniform(1, 300) * H
        if resolution_due is not None and rng.random() < 0.3:
            resolution_breached = resolution_due
        ticket = factories.make_ticket(
            org,
            reporter,
            category=category,
            service_level=level,
            module=rng.choice(["ekonomi", "lon", None]),
        )
        tickets.append(
            place(
                ticket,
                created=created,
                closed=closed,
                lane=rng.choice(["support", "support", "product", "consultant"]),
                response_due_at=response_due,
                resolution_due_at=resolution_due,
                handling_started_at=handled,
                response_breached_at=response_breached,
                resolution_breached_at=resolution_breached,
                paused_seconds=rng.choice([0, 0, 1800, 7200]) if closed else 0,
                paused_at=None,
            )
        )
    return tickets


def registered_in(tickets, first=FIRST, last=LAST):
    start, end = midnight(first), midnight(last + datetime.timedelta(days=1))
    return [t for t in tickets if start <= t.created_at < end]


def counts(tickets) -> list[int]:
    """[handled in time, handled late, resolved in time, resolution late, pending]."""
    figures = [0, 0, 0, 0, 0]
    for t in tickets:
        if t.response_due_at is not None:
            if t.response_breached_at is not None:
                figures[1] += 1
            elif t.handling_started_at is not None:
                figures[0] += 1
            else:
                figures[4] += 1
        if t.resolution_due_at is not None:
            if t.resolution_breached_at is not None:
                figures[3] += 1
            elif t.status == "closed":
                figures[2] += 1
            else:
                figures[4] += 1
    return figures


def row(label, tickets) -> list:
    in_time, late, met, breached, pending = counts(tickets)
    return [
        label,
        in_time,
        late,
        in_time / (in_time + late) if in_time + late else None,
        met,
        breached,
        met / (met + breached) if met + breached else None,
        pending,
    ]


def expected_compliance(tickets, key, first=FIRST, last=LAST) -> dict:
    """{group: row} over the tickets with a target, registered in the range."""
    groups = {}
    for t in registered_in(tickets, first, last):
        if t.response_due_at is None and t.resolution_due_at is None:
            continue
        groups.setdefault(key(t), []).append(t)
    return {label: row(label, members)[1:] for label, members in groups.items()}


def hours_of(seconds):
    return None if seconds is None else round(seconds / 3600, 1)


def nearest_rank(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(fraction * len(ordered)) - 1]


def durations(tickets) -> tuple[list[float], list[float]]:
    """The business seconds to handling and to resolution (less paused time) of the
    handled and the closed `tickets`, from the raw tickets."""
    calendar = get_calendar()
    handling = [
        calendar.between(t.created_at, t.handling_started_at).total_seconds()
        for t in tickets
        if t.handling_started_at is not None
    ]
    resolution = [
        max(calendar.between(t.created_at, t.closed_at).total_seconds() - t.paused_seconds, 0)
        for t in tickets
        if t.closed_at is not None
    ]
    return handling, resolution


def expected_times(tickets) -> list:
    """[handled, median h, p90 h, closed, median h, p90 h] of `tickets`."""
    handling, resolution = durations(tickets)
    return [
        len(handling),
        hours_of(statistics.median(handling)) if handling else None,
        hours_of(nearest_rank(handling, 0.9)),
        len(resolution),
        hours_of(statistics.median(resolution)) if resolution else None,
        hours_of(nearest_rank(resolution, 0.9)),
    ]


def half_bucket_hours(hours: float) -> float:
    """Half the times report's histogram bucket at a duration, in hours (6 minutes wide
    below 48 h, 1 h below 480 h, then 10 h)."""
    return (0.1 if hours < 48 else 1.0 if hours < 480 else 10.0) / 2


def assert_times_close(shown: list, tickets) -> None:
    """`shown` (the report's row after its label) is `expected_times(tickets)`: counts
    exactly, hours within the histogram's precision (half a bucket of the values the
    figure is taken from) and the tenth of an hour shown."""
    expected = expected_times(tickets)
    calendar = get_calendar()
    handling = sorted(
        calendar.between(t.created_at, t.handling_started_at).total_seconds() / 3600
        for t in tickets
        if t.handling_started_at is not None
    )
    resolution = sorted(
        max(calendar.between(t.created_at, t.closed_at).total_seconds() - t.paused_seconds, 0)
        / 3600
        for t in tickets
        if t.closed_at is not None
    )

    def slack(values, kind):
        if not values:
            return 0
        n = len(values)
        if kind == "median":
            low, high = values[(n + 1) // 2 - 1], values[n // 2]
            return (half_bucket_hours(low) + half_bucket_hours(high)) / 2 + 0.05 + 1e-9
        return half_bucket_hours(values[math.ceil(0.9 * n) - 1]) + 0.05 + 1e-9

    slacks = [
        0,
        slack(handling, "median"),
        slack(handling, "p90"),
        0,
        slack(resolution, "median"),
        slack(resolution, "p90"),
    ]
    assert len(shown) == len(expected)
    for got, want, allowed in zip(shown, expected, slacks, strict=True):
        if not allowed or want is None or got is None:
            assert got == want, (shown, expected)
        else:
            assert abs(got - want) <= allowed, (shown, expected)
