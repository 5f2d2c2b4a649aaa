"""Tickets and suggestion logs placed in time for the report tests, and the reports'
figures worked out again in plain Python (no ORM aggregation) to check them against."""

import datetime
import random
from collections import Counter
from zoneinfo import ZoneInfo

from kundcenter.knowledge.models import SuggestionLog
from kundcenter.reports.figures import rebuild_durations
from kundcenter.tickets import counts, customer_counts, timings
from kundcenter.tickets.models import Ticket
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST, LAST = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)


def local(y, m, d, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, minute, tzinfo=STOCKHOLM)


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=STOCKHOLM)


def place(ticket, *, created, closed=None, **fields) -> Ticket:
    """Move `ticket` in time (and set channel, lane, category … as given)."""
    fields.update(created_at=created, closed_at=closed)
    if closed is not None:
        fields.update(status="closed", close_reason="resolved")
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    # Set behind the actions' back: the stored figures follow as the rebuild makes them.
    rebuild_durations(Ticket.objects.filter(pk=ticket.pk))
    counts.recount_pks([ticket.pk])
    timings.recount_pks([ticket.pk])
    customer_counts.recount_pks([ticket.pk])
    ticket.refresh_from_db()
    return ticket


def random_tickets(count, customers, *, seed=12):
    """`count` tickets spread over September to early November 2026 (around the October
    range the tests report on), some closed, over every lane, channel and category.
    `customers` is a list of (organization, superuser)."""
    rng = random.Random(seed)
    tickets = []
    span = (local(2026, 11, 6) - local(2026, 9, 10)).total_seconds()
    for n in range(count):
        org, reporter = customers[n % len(customers)]
        created = local(2026, 9, 10) + datetime.timedelta(seconds=rng.uniform(0, span))
        closed = None
        if rng.random() < 0.6:
            closed = created + datetime.timedelta(hours=rng.uniform(0.5, 24 * 20))
        ticket = factories.make_ticket(org, reporter, module=rng.choice(["ekonomi", "lon"]))
        tickets.append(
            place(
                ticket,
                created=created,
                closed=closed,
                channel=rng.choice(["portal", "email", "phone"]),
                lane=rng.choice(["support", "support", "product", "consultant"]),
                category=rng.choice(["support", "bug", "request", "order"]),
            )
        )
    # Edges: just after midnight on the first day (still September in UTC), on the
    # last evening, just after the range, and across the end of summer time (25 Oct).
    org, reporter = customers[0]
    for created, closed in (
        (local(2026, 10, 1, 0, 10), None),
        (local(2026, 10, 31, 23, 50), None),
        (local(2026, 11, 1, 0, 5), None),
        (local(2026, 10, 25, 2, 30), local(2026, 10, 26, 0, 30)),
    ):
        tickets.append(place(factories.make_ticket(org, reporter), created=created, closed=closed))
    return tickets


def day(moment) -> datetime.date:
    return moment.astimezone(STOCKHOLM).date()


def first_of_period(d: datetime.date, grouping: str) -> datetime.date:
    if grouping == "week":
        return d - datetime.timedelta(days=d.weekday())
    if grouping == "month":
        return d.replace(day=1)
    return d


def label(first_day: datetime.date, grouping: str) -> str:
    if grouping == "week":
        iso = first_day.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if grouping == "month":
        return first_day.strftime("%Y-%m")
    return first_day.isoformat()


def expected_periods(tickets, first, last, grouping):
    """[[label, new, closed, open at period end]] — each count from the raw tickets."""
    starts = []
    d = first
    while d <= last:
        p = first_of_period(d, grouping)
        if p not in starts:
            starts.append(p)
        d += datetime.timedelta(days=1)
    range_end = midnight(last + datetime.timedelta(days=1))
    rows = []
    for index, p in enumerate(starts):
        next_start = starts[index + 1] if index + 1 < len(starts) else None
        end = midnight(next_start) if next_start else range_end
        end = min(end, range_end)

        def in_period(moment, p=p):
            return (
                moment is not None
                and first <= day(moment) <= last
                and first_of_period(day(moment), grouping) == p
            )

        new = sum(1 for t in tickets if in_period(t.created_at))
        closed = sum(1 for t in tickets if in_period(t.closed_at))
        still_open = sum(
            1 for t in tickets if t.created_at < end and (t.closed_at is None or t.closed_at >= end)
        )
        rows.append([label(p, grouping), new, closed, still_open])
    return rows


def expected_age_buckets(tickets, last):
    end = midnight(last + datetime.timedelta(days=1))
    counts = Counter()
    for t in tickets:
        if t.created_at < end and (t.closed_at is None or t.closed_at >= end):
            age = (end - t.created_at) // datetime.timedelta(days=1)
            counts[
                "0–1 d"
                if age <= 1
                else "2–7 d"
                if age <= 7
                else "8–30 d"
                if age <= 30
                else "> 30 d"
            ] += 1
    return [[b, counts[b]] for b in ("0–1 d", "2–7 d", "8–30 d", "> 30 d")]


def expected_breakdown(tickets, first, last, key):
    start, end = midnight(first), midnight(last + datetime.timedelta(days=1))
    figures = {}
    for t in tickets:
        new = start <= t.created_at < end
        closed = t.closed_at is not None and start <= t.closed_at < end
        still_open = t.created_at < end and (t.closed_at is None or t.closed_at >= end)
        if new or closed or still_open:
            row = figures.setdefault(key(t), [0, 0, 0])
            row[0] += new
            row[1] += closed
            row[2] += still_open
    return figures


def expected_customers(tickets, first, last):
    start, end = midnight(first), midnight(last + datetime.timedelta(days=1))
    return dict(Counter(t.organization.name for t in tickets if start <= t.created_at < end))


def log_form(user, created, *, article=None, ticket=None) -> SuggestionLog:
    return SuggestionLog.objects.create(
        user=user,
        query="lönekörning",
        opened_article=article,
        opened_at=created if article else None,
        ticket=ticket,
        registered_at=created if ticket else None,
        created_at=created,
        updated_at=created,
    )
