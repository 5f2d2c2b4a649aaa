"""The volumes report: new, closed and open tickets per period, a breakdown, the backlog's
age and the customers with most new tickets. Five queries, whatever the data.

"Open at the end of a period" counts tickets registered before that moment and not
closed by it, from today's `closed_at`: a ticket reopened later counts as open for the
time it was closed (the event history is not replayed).
"""

import datetime
from collections import Counter

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kundcenter.accounts.models import Industry, Module, Organization, Team
from kundcenter.reports import cells
from kundcenter.reports.framework import (
    TEXT,
    Chart,
    Column,
    Report,
    Section,
    Table,
    period_label,
    period_start,
    periods,
)
from kundcenter.tickets import counts
from kundcenter.tickets.models import Channel, Ticket, TicketCount
from kundcenter.tickets.workflows import Category, label_of

TOP_CUSTOMERS = 10
# (label, youngest age in whole days, oldest age in whole days or None)
AGE_BUCKETS = (("0–1 d", 0, 1), ("2–7 d", 2, 7), ("8–30 d", 8, 30), ("> 30 d", 31, None))

# The same, in the report counts (ids: labelled by `_names`).
CELL_FIELDS = {
    "category": "category",
    "channel": "channel",
    "module": "module",
    "industry": "industry",
    "team": "team",
}
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
        return str(label_of(Category, value))
    if kind == "channel":
        return str(label_of(Channel, value))
    return str(value)


def _names(kind: str):
    """A group's label from its value in the report counts (one query for named kinds)."""
    model = {"module": Module, "industry": Industry, "team": Team}.get(kind)
    if model is None:
        return lambda key: _breakdown_label(kind, key)
    names = dict(model.objects.values_list("pk", "name"))
    return lambda key: _breakdown_label(kind, names.get(key))


def busiest_from_tickets(tickets, start, end) -> list[dict]:
    """[{organization_id, n}] of the customers with most tickets registered in [start,
    end), all tied with the tenth too (so the order by name holds). Counted per customer
    id from the (created_at, organization) index. One or two queries."""
    per_customer = (
        tickets.filter(created_at__gte=start, created_at__lt=end)
        .values("organization_id")
        .annotate(n=Count("*"))
        .order_by("-n", "organization_id")
    )
    busiest = list(per_customer[: TOP_CUSTOMERS * 5])
    if len(busiest) > TOP_CUSTOMERS and busiest[-1]["n"] == busiest[TOP_CUSTOMERS - 1]["n"]:
        busiest = list(per_customer.filter(n__gte=busiest[-1]["n"]))  # a long tie: rare
    return busiest


# How many of each month's busiest customers are read as candidates.
MONTH_CANDIDATES = 50


def busiest_from_counts(tickets, lane: str | None, dates) -> list[dict]:
    """As `busiest_from_tickets` over every ticket of a lane (None: all) registered in
    `dates`, from the counts per customer and month (CustomerCount) for whole months and
    the tickets for the days of months cut by the range. Exact, in at most four queries:

    1. per customer, the tickets of the cut days (the index, a month or two of rows);
    2. each whole month's MONTH_CANDIDATES busiest customers (the rank index);
    3. the whole months' totals of the candidates (those, and the busiest of the cut days);
    then, if a customer outside the candidates could still reach the tenth place (at most
    its cut-day tickets plus each month's smallest candidate figure), 4. every customer's
    whole-month totals."""
    from kundcenter.reports.cells import month_end
    from kundcenter.reports.framework import _midnight
    from kundcenter.tickets.models import CustomerCount

    whole, spans = [], []
    current = dates.first.replace(day=1)
    while current <= dates.last:
        end = month_end(current)
        if current >= dates.first and end <= dates.last:
            whole.append(current)
        else:
            day_from, day_to = max(current, dates.first), min(end, dates.last)
            if spans and spans[-1][1] + datetime.timedelta(days=1) == day_from:
                # Two cut months side by side (a range of a few weeks): one range, so the
                # database reads it from the index instead of filtering every ticket.
                spans[-1] = (spans[-1][0], day_to)
            else:
                spans.append((day_from, day_to))
        current = end + datetime.timedelta(days=1)
    cut = Q(pk__in=[])
    for day_from, day_to in spans:
        cut |= Q(
            created_at__gte=_midnight(day_from),
            created_at__lt=_midnight(day_to + datetime.timedelta(days=1)),
        )

    per_customer = tickets.filter(cut).values("organization_id").annotate(n=Count("*"))
    live = Counter({row["organization_id"]: row["n"] for row in per_customer.order_by()})
    totals = Counter(live)
    if whole:
        cells_of_lane = CustomerCount.objects.filter(lane=lane or "", period__in=whole)
        exhaustive = True
        if connection.features.supports_slicing_ordering_in_compound:
            totals, exhaustive = _candidates(cells_of_lane, whole, live)
        if exhaustive:
            # Someone outside the candidates might reach the tenth place (or the database
            # cannot take each month's busiest in one query): count everyone.
            totals = Counter(live)
            for organization, n in (
                cells_of_lane.values_list("organization").annotate(total=Sum("n")).order_by()
            ):
                totals[organization] += n
    ranked_all = sorted(
        ({"organization_id": o, "n": n} for o, n in totals.items() if n),
        key=lambda r: (-r["n"], r["organization_id"]),
    )
    if len(ranked_all) <= TOP_CUSTOMERS:
        return ranked_all
    tenth = ranked_all[TOP_CUSTOMERS - 1]["n"]
    return [row for row in ranked_all if row["n"] >= tenth]


def _candidates(cells_of_lane, whole, live: Counter) -> tuple[Counter, bool]:
    """The whole months' and cut days' totals of the candidates, and whether a customer
    outside them could still reach the tenth place (then every customer must be
    counted). Two queries."""
    tops = [
        cells_of_lane.filter(period=month)
        .order_by("-n", "organization")
        .values_list("period", "organization", "n")[:MONTH_CANDIDATES]
        for month in whole
    ]
    top_rows = list(tops[0].union(*tops[1:], all=True)) if len(tops) > 1 else list(tops[0])
    candidates = {organization for _period, organization, _n in top_rows}
    # Outside a month's candidates, a customer has at most the month's smallest candidate
    # figure (nothing in a month with fewer customers than that).
    per_month = Counter(period for period, _organization, _n in top_rows)
    smallest = {}
    for period, _organization, n in top_rows:
        if per_month[period] >= MONTH_CANDIDATES:
            smallest[period] = min(smallest.get(period, n), n)
    ranked_live = live.most_common()
    candidates |= {organization for organization, _n in ranked_live[:MONTH_CANDIDATES]}
    outside_live = ranked_live[MONTH_CANDIDATES][1] if len(ranked_live) > MONTH_CANDIDATES else 0
    bound = outside_live + sum(smallest.values())

    totals = Counter({o: n for o, n in live.items() if o in candidates})
    for organization, n in (
        cells_of_lane.filter(organization__in=candidates)
        .values_list("organization")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        totals[organization] += n
    ranked = sorted(totals.values(), reverse=True)
    tenth = ranked[TOP_CUSTOMERS - 1] if len(ranked) >= TOP_CUSTOMERS else 0
    return totals, bool(bound) and bound >= tenth


def volumes(filters: dict, scope: Q) -> Report:
    """New, closed and open tickets for `filters` (cleaned ReportFilterForm data).

    New and closed tickets are added up from the report counts (TicketCount: month cells
    for whole months, day cells for the rest); the tickets open now, the young backlog's
    age and the busiest customers are counted from the tickets (few rows: open ones, the
    last 31 days of the range, or one range's tickets per customer)."""
    dates, grouping = filters["dates"], filters["grouping"]
    start, end = dates.start, dates.end
    tickets = filtered_tickets(filters, scope)
    on_cells = cells.ticket_filters(filters, scope)
    after_range = dates.last + datetime.timedelta(days=1)

    kind = filters["breakdown"]
    filtered = any(filters.get(name) for name in FILTER_FIELDS)
    # Nothing filtered: the marginal cells (a few a day) instead of the full ones.
    if filtered:
        new_cube, closed_cube = group_new, group_closed = counts.NEW, counts.CLOSED
    else:
        new_cube, closed_cube, _kept = counts.MARGINAL[None]
        group_new, group_closed, _kept = counts.MARGINAL[kind]

    # New and closed per period, and since the range started and since it ended.
    new, closed = Counter(), Counter()
    in_range = cells.days(dates.first, dates.last, grouping)
    for row in (
        TicketCount.objects.filter(on_cells, in_range, cube__in=[new_cube, closed_cube])
        .values("cube", "period")
        .annotate(n=Sum("n"))
        .order_by()
    ):
        target = new if row["cube"] == new_cube else closed
        target[period_start(row["period"], grouping)] += row["n"]
    # Open at a moment t: registered before t and not closed before t, that is every
    # ticket registered less every ticket closed (a ticket is never closed before it is
    # registered), less those registered since t, plus those closed since t.
    since, ever = Counter(), Counter()
    from_start, from_end = cells.since(dates.first), cells.since(after_range)
    # Unfiltered, every month's marginal cells are a few dozen: the tickets open now
    # are added up from them too. Filtered, they are counted from the open tickets.
    all_months = Q(span=counts.MONTH) if not filtered else Q(pk__in=[])
    for row in (
        TicketCount.objects.filter(on_cells, cube__in=[new_cube, closed_cube])
        .filter(from_start | from_end | all_months)
        .values("cube")
        .annotate(
            start=Sum("n", filter=from_start),
            end=Sum("n", filter=from_end),
            ever=Sum("n", filter=all_months),
        )
        .order_by()
    ):
        since[row["cube"]] = row["start"] or 0
        ever[row["cube"]] = row["ever"] or 0
    field = BREAKDOWN_FIELDS[kind]
    open_now = {}
    if filtered:
        # COUNT(*): read from the partial index of unclosed tickets alone.
        open_now = {
            row["key"]: row["n"]
            for row in tickets.filter(closed_at__isnull=True)
            .annotate(key=F(field))
            .values("key")
            .annotate(n=Count("*"))
            .order_by()
        }
        open_total = sum(open_now.values())
    else:
        open_total = ever[new_cube] - ever[closed_cube]
    backlog = open_total - since[new_cube] + since[closed_cube]
    period_rows = []
    for first_day in periods(dates, grouping):
        backlog += new[first_day] - closed[first_day]
        period_rows.append(
            [period_label(first_day, grouping), new[first_day], closed[first_day], backlog]
        )
    open_at_end = backlog

    # The backlog's age at the end: the young buckets counted, the oldest the rest.
    young = AGE_BUCKETS[:-1]
    buckets = tickets.filter(created_at__gt=end - datetime.timedelta(days=young[-1][2] + 1))
    totals = buckets.aggregate(
        **{
            # Counting a column of the (created_at, organization, closed_at) index, as
            # every other column read: the range is read from the index alone.
            f"age{i}": Count("created_at", filter=age_bucket_filter(end, youngest, oldest))
            for i, (_label, youngest, oldest) in enumerate(young)
        }
    )
    totals[f"age{len(young)}"] = open_at_end - sum(totals.values())

    # Per group: new and closed in the range, open at its end.
    cell_field = CELL_FIELDS[kind]
    groups = {}
    everything = cells.days(dates.first, dates.last)
    for row in (
        TicketCount.objects.filter(on_cells, cube__in=[group_new, group_closed])
        .filter(everything | from_end | all_months)
        .annotate(key=F(cell_field))
        .values("cube", "key")
        .annotate(
            range=Sum("n", filter=everything),
            after=Sum("n", filter=from_end),
            ever=Sum("n", filter=all_months),
        )
        .order_by()
    ):
        cube = counts.NEW if row["cube"] == group_new else counts.CLOSED
        figures = groups.setdefault(row["key"], Counter())
        figures[(cube, False)] += row["range"] or 0
        figures[(cube, True)] += row["after"] or 0
        figures[(cube, None)] += row["ever"] or 0
    names = _names(kind)
    merged = {}
    for key, figures in groups.items():
        label = names(key)
        merged.setdefault(label, Counter()).update(
            {
                "new": figures[(counts.NEW, False)],
                "closed": figures[(counts.CLOSED, False)],
                "open": -figures[(counts.NEW, True)]
                + figures[(counts.CLOSED, True)]
                + figures[(counts.NEW, None)]
                - figures[(counts.CLOSED, None)],
            }
        )
    for key, n in open_now.items():
        merged.setdefault(_breakdown_label(kind, key), Counter())["open"] += n
    breakdown_rows = [
        [label, figures["new"], figures["closed"], figures["open"]]
        for label, figures in merged.items()
        if figures["new"] or figures["closed"] or figures["open"]
    ]
    breakdown_rows.sort(key=lambda r: (-r[1], -r[3], r[0]))

    if filtered:
        busiest = busiest_from_tickets(tickets, start, end)
    else:
        busiest = busiest_from_counts(tickets, cells.scope_lane(scope), dates)
    names = dict(
        Organization.objects.filter(pk__in=[row["organization_id"] for row in busiest]).values_list(
            "pk", "name"
        )
    )
    ranked = sorted(
        busiest, key=lambda r: (-r["n"], names[r["organization_id"]], r["organization_id"])
    )
    customer_rows = [[names[r["organization_id"]], r["n"]] for r in ranked[:TOP_CUSTOMERS]]

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
