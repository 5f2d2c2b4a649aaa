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

import datetime
import math
import statistics
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, Sum, When

from kundcenter.accounts.models import Module, Team
from kundcenter.reports.framework import period_key, share, trunc
from kundcenter.tickets import counts, timings
from kundcenter.tickets.models import DurationCount, Status, TicketCount

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


HANDLING_COUNT = {
    counts.IN_TIME: "handled_in_time",
    counts.LATE: "handled_late",
    counts.PENDING: "handling_pending",
}
RESOLUTION_COUNT = {
    counts.MET: "resolved_in_time",
    counts.BREACHED: "resolution_breached",
    counts.PENDING: "resolution_pending",
}
# The groupings the report counts hold (not "customer"): their column there, and the
# model naming an id.
CELL_BREAKDOWNS = {
    "service_level": ("service_level", None),
    "category": ("category", None),
    "team": ("team", Team),
    "module": ("module", Module),
}


def compliance_from_counts(on_cells: Q, first, last, breakdown: str):
    """Like `compliance`, `compliance_by_month` and `compliance_by` at once, for the
    local dates `first` to `last`, added up from the report counts (TicketCount `sla`
    cells; `on_cells` filters them, see kundcenter.reports.cells). `breakdown` must be
    in CELL_BREAKDOWNS. Returns (total, {first day of month: figures}, [groups]). One
    query, two with a named breakdown."""
    from kundcenter.reports import cells

    column, model = CELL_BREAKDOWNS[breakdown]
    empty = {name: 0 for name in COUNTS}
    total, months, groups = Counter(empty), {}, {}
    rows = (
        TicketCount.objects.filter(on_cells, cells.days(first, last), cube=counts.SLA)
        .annotate(key=F(column))
        .values("period", "key", "handling", "resolution")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for row in rows:
        found = Counter()
        if row["handling"]:
            found[HANDLING_COUNT[row["handling"]]] += row["n"]
        if row["resolution"]:
            found[RESOLUTION_COUNT[row["resolution"]]] += row["n"]
        total.update(found)
        months.setdefault(row["period"].replace(day=1), Counter(empty)).update(found)
        key = row["key"] if row["key"] not in (0, "") else None
        groups.setdefault(key, Counter(empty)).update(found)
    names = dict(model.objects.values_list("pk", "name")) if model is not None else {}
    return (
        with_shares(dict(total)),
        {month: with_shares(dict(figures)) for month, figures in months.items()},
        [
            {**with_shares(dict(figures)), "key": key, "label": names.get(key, key)}
            for key, figures in groups.items()
        ],
    )


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
    durations in seconds, as stored by the SLA clock (`kundcenter.sla.clock.durations`:
    handling = registration to handling start, None until then; resolution = registration
    to closing less the business time paused, None while open). One query."""
    rows = registered_between(scope_qs, start, end).values_list(
        "created_at",
        "handling_business_seconds",
        "resolution_business_seconds",
        "service_level",
        "category",
        "team__name",
    )
    return [
        {
            "created_at": created,
            "service_level": level,
            "category": category,
            "team": team,
            "handling": handling,
            "resolution": resolution,
        }
        for created, handling, resolution, level, category, team in rows
    ]


# The groupings of the times report: the key each is grouped on.
TIME_GROUPINGS = {
    "month": "month",
    "total": None,
    "service_level": "service_level",
    "category": "category",
    "team": "team__name",
}
# percentile_disc at these fractions gives the two middle values (equal when the count is
# odd) and the nearest-rank 90th percentile: ceil(f × n) as `percentile` computes it.
MEDIAN_LOW, MEDIAN_HIGH, P90 = 0.5, 0.5 + 1e-9, 0.9


def times_by_groupings(scope_qs, start, end) -> dict[str, dict]:
    """{grouping: {key: time_figures}} for every grouping of TIME_GROUPINGS over the
    tickets registered in [start, end) (month keys: the local first day of the month;
    "total": the key None). One query.

    On PostgreSQL the database takes the medians and percentiles (GROUPING SETS with
    percentile_disc, one scan); elsewhere they are taken here from the stored durations.
    Both give the same numbers as `time_figures`."""
    if connection.vendor == "postgresql":
        return _times_in_database(scope_qs, start, end)
    durations = business_durations(scope_qs, start, end)
    keys = {
        "month": lambda d: period_key(d["created_at"]).replace(day=1),
        "total": lambda d: None,
        "service_level": lambda d: d["service_level"],
        "category": lambda d: d["category"],
        "team": lambda d: d["team"],
    }
    result = {name: times_by(durations, key) for name, key in keys.items()}
    result["total"].setdefault(None, time_figures([]))
    return result


def _times_in_database(scope_qs, start, end) -> dict[str, dict]:
    # Annotations only, so the SELECT has exactly these columns in this order.
    inner = (
        registered_between(scope_qs, start, end)
        .annotate(
            c0=trunc("month", "created_at"),
            c1=F("service_level"),
            c2=F("category"),
            c3=F("team__name"),
            c4=F("handling_business_seconds"),
            c5=F("resolution_business_seconds"),
        )
        .values("c0", "c1", "c2", "c3", "c4", "c5")
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    columns = ["month", "service_level", "category", "team__name"]
    names = list(TIME_GROUPINGS)
    sets = ", ".join(
        f"(g_{columns.index(TIME_GROUPINGS[n])})" if TIME_GROUPINGS[n] else "()" for n in names
    )
    fractions = f"ARRAY[{MEDIAN_LOW!r}, {MEDIAN_HIGH!r}, {P90!r}]::float8[]"
    query = f"""
        SELECT {", ".join(f"GROUPING(g_{i})" for i in range(len(columns)))},
               {", ".join(f"g_{i}" for i in range(len(columns)))},
               COUNT(h), percentile_disc({fractions}) WITHIN GROUP (ORDER BY h),
               COUNT(r), percentile_disc({fractions}) WITHIN GROUP (ORDER BY r)
        FROM (SELECT {", ".join(f"s.c{i} AS g_{i}" for i in range(len(columns)))},
                     s.c4 AS h, s.c5 AS r
              FROM ({sql}) AS s(c0, c1, c2, c3, c4, c5)) AS t
        GROUP BY GROUPING SETS ({sets})
    """
    result = {name: {} for name in names}
    # The sorts for the percentiles fit in memory (a year is ~16 MB of durations, more
    # than the default 4 MB), and a query this cheap to run is not worth JIT-compiling.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        rows = cursor.fetchall()
    n = len(columns)
    for row in rows:
        flags, values = row[:n], row[n : 2 * n]
        handled, handling, resolved, resolution = row[2 * n :]
        grouped = [i for i, flag in enumerate(flags) if not flag]
        if not grouped:
            name, key = "total", None
        else:
            column = columns[grouped[0]]
            name = next(k for k, v in TIME_GROUPINGS.items() if v == column)
            key = values[grouped[0]]
            if name == "month":
                key = period_key(key).replace(day=1)
        result[name][key] = _figures_from(handled, handling, resolved, resolution)
    result["total"].setdefault(None, time_figures([]))
    return result


def _figures_from(handled, handling, resolved, resolution) -> dict:
    def middle(values):
        return None if not values or values[0] is None else (values[0] + values[1]) / 2

    def p90(values):
        return None if not values or values[2] is None else values[2]

    return {
        "handled": handled,
        "handling_median": middle(handling),
        "handling_p90": p90(handling),
        "resolved": resolved,
        "resolution_median": middle(resolution),
        "resolution_p90": p90(resolution),
    }


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


# Times from the histograms ------------------------------------------------------------


def _cover(first, last, today) -> tuple[list, list]:
    """How the times report reads the local dates `first` to `last`: (months, days).
    `months` are the months whose histogram cells are read; `days` are (month, from, to,
    sign): the tickets registered on those days are bucketed and added (sign 1) or taken
    away (-1). A month inside the range is read whole; a month cut by it either adds its
    days in the range or, when fewer of the days left out have come yet (the first
    month of a year ending today leaves out a week, the current month only days to
    come), is read whole less the days left out."""
    from kundcenter.reports.cells import month_end

    months, days = [], []
    current = first.replace(day=1)
    while current <= last:
        end = month_end(current)
        if current >= first and end <= last:
            months.append(current)
        else:
            inside = (max(current, first), min(end, last))
            outside = [
                (a, b)
                for a, b in ((current, first - datetime.timedelta(days=1)), (last + ONE_DAY, end))
                if a <= b
            ]

            def cost(spans):
                return sum(max(0, (min(b, today) - a).days + 1) for a, b in spans)

            if cost(outside) < cost([inside]):
                months.append(current)
                days += [(current, a, b, -1) for a, b in outside]
            else:
                days.append((current, *inside, 1))
        current = end + ONE_DAY
    return months, days


ONE_DAY = datetime.timedelta(days=1)
_AXIS_GROUPING = {"level": "service_level", "category": "category", "team": "team"}


def _grouped(axis: str, value: str, team_names: dict):
    """The report's group (name, key) of a histogram cell's axis and value (not "")."""
    name = _AXIS_GROUPING[axis]
    if name == "service_level":
        return name, int(value) or None
    if name == "team":
        # Grouped on the team's name, as the tickets' figures are.
        team = int(value) or None
        return name, team_names.get(team) if team is not None else None
    return name, value or None


def times_from_histograms(scope_qs, lane: str | None, first, last) -> dict[str, dict]:
    """Like `times_by_groupings` for the local dates `first` to `last` over every ticket
    of a lane (None: every lane), without filters, from the histograms (DurationCount) in
    two passes: the band cells of the months read (see `_cover`) give each group's counts
    and the band of each rank (median, 90th percentile); then only the buckets of those
    bands are read. The days of months cut by the range come from the tickets' stored
    durations, bucketed the same way (on PostgreSQL by the database, in one query with
    its transaction's two settings). Five queries besides those, whatever the volume and
    the range. The values are those of the buckets (kundcenter.tickets.timings.bucket):
    the same figures as ranking the whole histograms."""
    from django.utils import timezone

    months, days = _cover(first, last, timezone.localdate())
    team_names = dict(Team.objects.values_list("pk", "name"))
    lane = lane or ""
    index_of = {timings.HANDLING: 0, timings.RESOLUTION: 1}
    index_of.update({timings.BANDED[m]: i for m, i in tuple(index_of.items())})
    # (grouping, key) -> ([handling, resolution] band counts, the same in buckets)
    bands = defaultdict(lambda: (Counter(), Counter()))
    buckets = defaultdict(lambda: (Counter(), Counter()))
    # The cells' (axis, value) behind each group (several teams may share a name).
    cells_of = defaultdict(set)

    def groups_of(month, axis, value):
        if axis == "":
            return (("month", month), ("total", None))
        return (_grouped(axis, value, team_names),)

    def cells(measures, extra=None):
        return (
            DurationCount.objects.filter(extra or Q(), period__in=months, lane=lane)
            .filter(measure__in=measures)
            .annotate(month=Case(When(axis="", then=F("period")), default=None))
            .values_list("month", "axis", "value", "measure", "bucket")
            .annotate(total=Sum("n"))
            .order_by()
        )

    if months:
        for month, axis, value, measure, band, total in cells(list(timings.BANDED.values())):
            for group in groups_of(month, axis, value):
                bands[group][index_of[measure]][band] += total
                if axis:
                    cells_of[group].add((axis, value))

    for name, key, measure, value, n in _cut_histograms(scope_qs, days):
        if name == "team":
            key = team_names.get(key) if key is not None else None
        groups = [(name, key)] + ([("total", None)] if name == "month" else [])
        for group in groups:
            buckets[group][index_of[measure]][value] += n
            bands[group][index_of[measure]][timings.band(value)] += n

    # The bands holding each group's ranks, then the cells of those bands' buckets.
    wanted, inside = {}, set()
    measures = (timings.HANDLING, timings.RESOLUTION)
    read = set(months)
    for group, histograms in bands.items():
        for index, histogram in enumerate(histograms):
            found = {band for band, _rank in _bands_of_ranks(histogram)}
            wanted[group, index] = found
            if group[0] == "month":
                where = [(group[1], "", "")] if group[1] in read else []
            elif group[0] == "total":
                where = [(month, "", "") for month in months]
            else:
                where = [(month, *cell) for month in months for cell in cells_of[group]]
            for band in found:
                inside.update((*cell, measures[index], band) for cell in where)
    for month, axis, value, measure, bucket, total in _band_cells(lane, inside):
        index, band = index_of[measure], timings.band(bucket)
        for group in groups_of(month, axis, value):
            if band in wanted.get((group, index), ()):
                buckets[group][index][bucket] += total

    result = {name: {} for name in TIME_GROUPINGS}
    for group, (handling_bands, resolution_bands) in bands.items():
        handling, resolution = buckets[group]
        figures = _banded_figures(handling_bands, handling, resolution_bands, resolution)
        if figures["handled"] or figures["resolved"]:
            result[group[0]][group[1]] = figures
    result["total"].setdefault(None, time_figures([]))
    return result


def _band_cells(lane: str, inside) -> list[tuple]:
    """The bucket cells of the lane's histograms in the bands `inside` ((month, axis,
    value, measure, band)), summed over the months except for the axis "" (the months'
    own): [(month or None, axis, value, measure, bucket, count)]. One query, an index
    range per band; none without bands."""
    if not inside:
        return []
    quote = connection.ops.quote_name
    table = quote(DurationCount._meta.db_table)
    rows = sorted(inside)
    columns = list(zip(*rows, strict=True))
    columns.append([band + timings.band_width(band) for band in columns[-1]])
    match = (
        "{period} = w.period AND {lane} = %s AND {axis} = w.axis AND {value} = w.value "
        "AND {measure} = w.measure AND {bucket} >= w.low AND {bucket} < w.high"
    )
    names = {c: quote(c) for c in ("period", "lane", "axis", "value", "measure", "bucket", "n")}
    q = {c: f"d.{n}" for c, n in names.items()}
    selected = ", ".join(q[c] for c in ("period", "axis", "value", "measure", "bucket", "n"))
    if connection.vendor == "postgresql":
        # The bands as six arrays (six parameters, not six a band), and a nested loop by
        # construction (OFFSET 0 keeps the planner from flattening it): an index range
        # per band, never the whole table hashed against the bands.
        types = ("date", "text", "text", "text", "int", "int")
        bands = ", ".join(f"%s::{t}[]" for t in types)
        inner = f"SELECT * FROM {table} WHERE {match.format(**names)} OFFSET 0"
        sql = (
            f"SELECT {selected} FROM unnest({bands}) "
            "AS w (period, axis, value, measure, low, high) "
            f"CROSS JOIN LATERAL ({inner}) AS d"
        )
        params = [list(column) for column in columns] + [lane]
    else:
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
        sql = (
            f"WITH w (period, axis, value, measure, low, high) AS (VALUES {values}) "
            f"SELECT {selected} FROM w JOIN {table} AS d ON {match.format(**q)}"
        )
        params = [value for row in zip(*columns, strict=True) for value in row] + [lane]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Summed here (a few thousand rows; sorting them by text in the database for a
    # GROUP BY took longer than reading them).
    totals = Counter()
    for period, axis, value, measure, bucket, n in rows:
        totals[period if axis == "" else None, axis, value, measure, bucket] += n
    if connection.vendor != "postgresql":  # SQLite may give the dates back as text
        return [
            (datetime.date.fromisoformat(p) if isinstance(p, str) else p, *cell, n)
            for (p, *cell), n in totals.items()
        ]
    return [(*cell, n) for cell, n in totals.items()]


def _ranks(n: int) -> tuple[int, ...]:
    """The ranks (1-based) of the two middle values and of the 90th percentile of n."""
    return ((n + 1) // 2, n // 2 + 1, max(1, math.ceil(0.9 * n))) if n > 0 else ()


def _bands_of_ranks(band_counts: Counter) -> list[tuple[int, int]]:
    """[(band, rank within the band)] for each of `_ranks`, in their order."""
    found = []
    for rank in _ranks(sum(band_counts.values())):
        seen = 0
        for band in sorted(band_counts):
            if seen + band_counts[band] >= rank:
                found.append((band, rank - seen))
                break
            seen += band_counts[band]
    return found


def _banded_figures(handling_bands, handling, resolution_bands, resolution) -> dict:
    """time_figures from band counts and the bucket counts of (at least) the bands holding
    the ranks: each rank's band from the bands, its value from that band's buckets."""

    def values(bands, buckets):
        found = _bands_of_ranks(bands)
        wanted = {band for band, _rank in found}
        inside = defaultdict(dict)
        for value, n in buckets.items():
            band = timings.band(value)
            if band in wanted:
                inside[band][value] = n
        return [timings.ranked(inside[band], rank) for band, rank in found]

    def figures(bands, buckets):
        n = sum(bands.values())
        if n <= 0:
            return 0, None, None
        low, high, p90 = values(bands, buckets)
        return n, (low + high) / 2, p90

    handled, handling_median, handling_p90 = figures(handling_bands, handling)
    resolved, resolution_median, resolution_p90 = figures(resolution_bands, resolution)
    return {
        "handled": handled,
        "handling_median": handling_median,
        "handling_p90": handling_p90,
        "resolved": resolved,
        "resolution_median": resolution_median,
        "resolution_p90": resolution_p90,
    }


def _cut_histograms(scope_qs, days) -> list[tuple]:
    """The histograms of the tickets registered on `days` ((month, from, to, sign), see
    `_cover`), as `_cut_histograms_in_database` gives them, each count times its sign:
    on PostgreSQL bucketed by the database, elsewhere here."""
    from kundcenter.reports.framework import _midnight

    if not days:
        return []
    if connection.vendor == "postgresql":
        return [
            (name, key, measure, value, n * days[index][3])
            for index, name, key, measure, value, n in _cut_histograms_in_database(
                scope_qs, [(month, a, b) for month, a, b, _sign in days]
            )
        ]
    result = Counter()
    for month, day_from, day_to, sign in days:
        tickets = registered_between(
            scope_qs, _midnight(day_from), _midnight(day_to + ONE_DAY)
        ).values_list(
            "handling_business_seconds",
            "resolution_business_seconds",
            "service_level",
            "category",
            "team_id",
        )
        for handling, resolution, level, category, team in tickets:
            groups = (
                ("month", month),
                ("service_level", level or None),
                ("category", category or None),
                ("team", team),
            )
            for measure, seconds in (
                (timings.HANDLING, handling),
                (timings.RESOLUTION, resolution),
            ):
                if seconds is None:
                    continue
                value = timings.bucket(seconds)
                for name, key in groups:
                    result[name, key, measure, value] += sign
    return [(*cell, n) for cell, n in result.items() if n]


def _bucket_sql(column: str) -> str:
    """kundcenter.tickets.timings.bucket in SQL (NULL for NULL)."""
    s = f"GREATEST({column}, 0)"
    fine, hourly = timings.FINE_BELOW, timings.HOURLY_BELOW
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"WHEN {s} < {fine} THEN FLOOR(({s} + 180) / 360)::bigint * 360 "
        f"WHEN {s} < {hourly} THEN FLOOR({s} / 3600)::bigint * 3600 + 1800 "
        f"ELSE FLOOR({s} / 36000)::bigint * 36000 + 18000 END"
    )


def _cut_histograms_in_database(scope_qs, cut) -> list[tuple]:
    """The histograms of the tickets registered in the cut months' days, bucketed as
    kundcenter.tickets.timings.bucket does, per month, service level, category and team:
    [(index in `cut`, grouping, key, measure, bucket, count)], grouping and key as
    `times_from_histograms` keys them (teams by id). One query (PostgreSQL: GROUPING
    SETS, one pass over each cut's index range)."""
    from kundcenter.reports.framework import _midnight

    parts, params = [], []
    sets = ", ".join(
        f"({column}{', ' if column else ''}{measure})"
        for measure in ("hb", "rb")
        for column in ("", "level", "category", "team")
    )
    for index, (_month, day_from, day_to) in enumerate(cut):
        inner = (
            scope_qs.filter(
                created_at__gte=_midnight(day_from),
                created_at__lt=_midnight(day_to + datetime.timedelta(days=1)),
            )
            .annotate(
                c1=F("service_level"),
                c2=F("category"),
                c3=F("team_id"),
                c4=F("handling_business_seconds"),
                c5=F("resolution_business_seconds"),
            )
            .values("c1", "c2", "c3", "c4", "c5")
            .order_by()
        )
        sql, inner_params = inner.query.sql_with_params()
        parts.append(
            f"""SELECT {index}, GROUPING(level), GROUPING(category), GROUPING(team),
                       GROUPING(hb), level, category, team,
                       CASE WHEN GROUPING(hb) = 0 THEN hb ELSE rb END AS bucket, COUNT(*)
                FROM (SELECT s.c1 AS level, s.c2 AS category, s.c3 AS team,
                             {_bucket_sql("s.c4")} AS hb, {_bucket_sql("s.c5")} AS rb
                      FROM ({sql}) AS s(c1, c2, c3, c4, c5)) AS t
                GROUP BY GROUPING SETS ({sets})"""
        )
        params += list(inner_params)
    query = f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS cells WHERE bucket IS NOT NULL"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(query, params)
        rows = cursor.fetchall()
    result = []
    for index, by_level, by_category, by_team, by_hb, level, category, team, value, n in rows:
        if not by_level:
            name, key = "service_level", level or None
        elif not by_category:
            name, key = "category", category or None
        elif not by_team:
            name, key = "team", team
        else:
            name, key = "month", cut[index][0]
        measure = timings.HANDLING if not by_hb else timings.RESOLUTION
        result.append((index, name, key, measure, value, n))
    return result
