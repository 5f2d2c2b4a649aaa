"""The volumes report: new, closed and open tickets per period, a breakdown, the backlog's
age and the customers with most new tickets. Five queries, whatever the data.

"Open at the end of a period" counts tickets registered before that moment and not
closed by it, from today's `closed_at`: a ticket reopened later counts as open for the
time it was closed (the event history is not replayed).
"""

import datetime
from collections import Counter

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kundcenter.reports.framework import (
    TEXT,
    Chart,
    Column,
    Report,
    Section,
    Table,
    period_key,
    period_label,
    periods,
    trunc,
)
from kundcenter.tickets.models import Channel, Ticket
from kundcenter.tickets.workflows import Category

TOP_CUSTOMERS = 10
# (label, youngest age in whole days, oldest age in whole days or None)
AGE_BUCKETS = (("0–1 d", 0, 1), ("2–7 d", 2, 7), ("8–30 d", 8, 30), ("> 30 d", 31, None))

BREAKDOWN_FIELDS = {
    "category": "category",
    "channel": "channel",
    "module": "module__name",
    "industry": "organization__industry__name",
    "team": "team__name",
}
FILTER_FIELDS = ("category", "channel", "module", "industry", "team")


def filtered_tickets(filters: dict, scope: Q):
    tickets = Ticket.objects.filter(scope)
    if filters.get("category"):
        tickets = tickets.filter(category=filters["category"])
    if filters.get("channel"):
        tickets = tickets.filter(channel=filters["channel"])
    if filters.get("module"):
        tickets = tickets.filter(module=filters["module"])
    if filters.get("industry"):
        tickets = tickets.filter(organization__industry=filters["industry"])
    if filters.get("team"):
        tickets = tickets.filter(team=filters["team"])
    return tickets


def open_at(moment) -> Q:
    return Q(created_at__lt=moment) & (Q(closed_at__isnull=True) | Q(closed_at__gte=moment))


def age_bucket_filter(moment, youngest: int, oldest: int | None) -> Q:
    """Open at `moment` and aged `youngest`..`oldest` whole days (24-hour spans) then."""
    # In UTC: aware arithmetic in a local zone is wall-clock arithmetic, and a day across
    # the end of summer time would then be 25 hours.
    moment = moment.astimezone(datetime.UTC)
    q = open_at(moment) & Q(created_at__lte=moment - datetime.timedelta(days=youngest))
    if oldest is not None:
        q &= Q(created_at__gt=moment - datetime.timedelta(days=oldest + 1))
    return q


def _breakdown_label(kind: str, value) -> str:
    if value in (None, ""):
        return _("(none)")
    if kind == "category":
        return str(Category(value).label) if value in Category.values else value
    if kind == "channel":
        return str(Channel(value).label) if value in Channel.values else value
    return str(value)


def volumes(filters: dict, scope: Q) -> Report:
    """New, closed and open tickets for `filters` (cleaned ReportFilterForm data)."""
    dates, grouping = filters["dates"], filters["grouping"]
    start, end = dates.start, dates.end
    tickets = filtered_tickets(filters, scope)

    new = Counter()
    for row in (
        tickets.filter(created_at__gte=start, created_at__lt=end)
        .annotate(period=trunc(grouping, "created_at"))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        new[period_key(row["period"])] += row["n"]
    closed = Counter()
    for row in (
        tickets.filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(period=trunc(grouping, "closed_at"))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        closed[period_key(row["period"])] += row["n"]

    buckets = {
        f"age{i}": Count("pk", filter=age_bucket_filter(end, youngest, oldest))
        for i, (_label, youngest, oldest) in enumerate(AGE_BUCKETS)
    }
    totals = tickets.aggregate(open_at_start=Count("pk", filter=open_at(start)), **buckets)

    backlog = totals["open_at_start"]
    period_rows = []
    for first_day in periods(dates, grouping):
        backlog += new[first_day] - closed[first_day]
        period_rows.append(
            [period_label(first_day, grouping), new[first_day], closed[first_day], backlog]
        )

    kind = filters["breakdown"]
    field = BREAKDOWN_FIELDS[kind]
    breakdown_rows = [
        [_breakdown_label(kind, row["key"]), row["new"], row["closed"], row["open"]]
        for row in (
            tickets.filter(created_at__lt=end)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
            .annotate(key=F(field))
            .values("key")
            .annotate(
                new=Count("pk", filter=Q(created_at__gte=start)),
                closed=Count("pk", filter=Q(closed_at__lt=end)),
                open=Count("pk", filter=Q(closed_at__isnull=True) | Q(closed_at__gte=end)),
            )
            .order_by()
        )
    ]
    breakdown_rows.sort(key=lambda r: (-r[1], -r[3], r[0]))

    customer_rows = [
        [row["organization__name"], row["n"]]
        for row in tickets.filter(created_at__gte=start, created_at__lt=end)
        .values("organization_id", "organization__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization__name", "organization_id")[:TOP_CUSTOMERS]
    ]

    new_label = pgettext("new tickets", "New")
    group_label = {
        "category": _("Category"),
        "channel": _("Channel"),
        "module": _("Module"),
        "industry": _("Industry"),
        "team": _("Team"),
    }[kind]
    breakdown_title = {
        "category": _("By category"),
        "channel": _("By channel"),
        "module": _("By module"),
        "industry": _("By industry"),
        "team": _("By team"),
    }[kind]
    return Report(
        sections=[
            Section(
                Table(
                    "periods",
                    _("New and closed tickets per period"),
                    [
                        Column("period", _("Period"), TEXT),
                        Column("new", new_label),
                        Column("closed", _("Closed")),
                        Column("open", _("Open at period end")),
                    ],
                    period_rows,
                ),
                Chart("bar", "period", ["new", "closed"]),
            ),
            Section(
                Table(
                    "backlog",
                    _("Backlog at the end of each period"),
                    [Column("period", _("Period"), TEXT), Column("open", _("Open"))],
                    [[row[0], row[3]] for row in period_rows],
                ),
                Chart("line", "period", ["open"]),
            ),
            Section(
                Table(
                    "breakdown",
                    breakdown_title,
                    [
                        Column("key", group_label, TEXT),
                        Column("new", new_label),
                        Column("closed", _("Closed")),
                        Column("open", _("Open at the end")),
                    ],
                    breakdown_rows,
                ),
                Chart("bar", "key", ["new"]),
            ),
            Section(
                Table(
                    "age",
                    _("Age of the open tickets at the end of the range"),
                    [Column("age", _("Age"), TEXT), Column("open", _("Open"))],
                    [
                        [label, totals[f"age{i}"]]
                        for i, (label, _youngest, _oldest) in enumerate(AGE_BUCKETS)
                    ],
                ),
                Chart("bar", "age", ["open"]),
            ),
            Section(
                Table(
                    "customers",
                    _("Customers with the most new tickets"),
                    [Column("customer", _("Customer"), TEXT), Column("new", new_label)],
                    customer_rows,
                )
            ),
        ]
    )
