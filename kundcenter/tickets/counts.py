"""The report counts (TicketCount): how many tickets per day and month, kept current.

A ticket is counted by a short key (`Ticket.counted_as`): its local registration day,
its local closing day, category, channel, module, industry, team, lane, service level
and its handling and resolution outcomes (as kundcenter.reports.sla defines them). The
key gives the ticket's cells: `new` on its registration day and month, `closed` on its
closing day and month, and `sla` on its registration day and month when it has a target;
and for `new` and `closed` the marginal cells (MARGINAL: by lane and at most one of the
groupings), which the reports read when nothing is filtered.

`recount(ticket)` runs after every save of a ticket (Ticket.save) and after the sweep
marks a breach: when the key changed it takes 1 from each old cell and adds 1 to each new
one, with upserts (`n = n + 1`, safe under concurrency on SQLite and PostgreSQL), and
stores the new key, in the caller's transaction. The ticket's row lock, which every
action holds, keeps two changes of one ticket in order. `rebuild()` recomputes every key
and every cell from the tickets (`manage.py rebuild_report_figures`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from kundcenter.lib import keyed_cells
from kundcenter.tickets.workflows import Status

NEW, CLOSED, SLA = "new", "closed", "sla"
DAY, MONTH = "d", "m"
# Outcomes ("" = no such target).
IN_TIME, LATE, PENDING = "in_time", "late", "pending"
MET, BREACHED = "met", "breached"

# The fields whose change can change a ticket's key.
COUNTED_FIELDS = frozenset(
    {
        "created_at",
        "closed_at",
        "category",
        "channel",
        "module",
        "module_id",
        "organization",
        "organization_id",
        "team",
        "team_id",
        "lane",
        "service_level",
        "status",
        "response_due_at",
        "response_breached_at",
        "handling_started_at",
        "resolution_due_at",
        "resolution_breached_at",
    }
)
# What `key_of_values` reads, in order (Ticket fields, and the customer's industry).
KEY_SOURCES = (
    "created_at",
    "closed_at",
    "category",
    "channel",
    "module_id",
    "organization__industry_id",
    "team_id",
    "lane",
    "service_level",
    "status",
    "response_due_at",
    "response_breached_at",
    "handling_started_at",
    "resolution_due_at",
    "resolution_breached_at",
)
CELL_COLUMNS = (
    "cube",
    "span",
    "period",
    "category",
    "channel",
    "module",
    "industry",
    "team",
    "lane",
    "service_level",
    "handling",
    "resolution",
)


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def handling_outcome(response_due, response_breached, handling_started) -> str:
    if response_due is None:
        return ""
    if response_breached is not None:
        return LATE
    return IN_TIME if handling_started is not None else PENDING


def resolution_outcome(resolution_due, resolution_breached, status) -> str:
    if resolution_due is None:
        return ""
    if resolution_breached is not None:
        return BREACHED
    return MET if status == Status.CLOSED else PENDING


def key_of_values(values, tz: ZoneInfo | None = None) -> str:
    """The key of a ticket from its KEY_SOURCES values, in that order."""
    (
        created,
        closed,
        category,
        channel,
        module,
        industry,
        team,
        lane,
        level,
        status,
        response_due,
        response_breached,
        handling_started,
        resolution_due,
        resolution_breached,
    ) = values
    tz = tz or zone()
    return "|".join(
        (
            created.astimezone(tz).date().isoformat(),
            closed.astimezone(tz).date().isoformat() if closed is not None else "",
            category,
            channel,
            str(module or 0),
            str(industry or 0),
            str(team or 0),
            lane,
            str(level or 0),
            handling_outcome(response_due, response_breached, handling_started),
            resolution_outcome(resolution_due, resolution_breached, status),
        )
    )


def key_of(ticket) -> str:
    """The key of a ticket instance (reads its customer's industry)."""
    industry = ticket.organization.industry_id
    values = []
    for name in KEY_SOURCES:
        values.append(industry if name == "organization__industry_id" else getattr(ticket, name))
    return key_of_values(values)


# Marginal cubes: new and closed tickets by lane and one grouping only (or none), for
# the reports without filters: a day has a few of these cells instead of hundreds.
# {grouping: (cube of new, cube of closed, index of the kept column in a cell)}.
MARGINAL = {
    None: ("n_all", "c_all", None),
    "category": ("n_cat", "c_cat", 3),
    "channel": ("n_chn", "c_chn", 4),
    "module": ("n_mod", "c_mod", 5),
    "industry": ("n_ind", "c_ind", 6),
    "team": ("n_team", "c_team", 7),
}
# A full cell with every grouping column collapsed ("" or 0; the lane stays).
_EMPTY = ("", "", 0, 0, 0)


def marginal_cells(cube: str, cell: tuple) -> list[tuple]:
    """The marginal cells of a full `new` or `closed` cell."""
    result = []
    for new_cube, closed_cube, kept in MARGINAL.values():
        values = list(_EMPTY)
        if kept is not None:
            values[kept - 3] = cell[kept]
        result.append(
            (new_cube if cube == NEW else closed_cube, cell[1], cell[2], *values, *cell[8:])
        )
    return result


def cells_of(key: str) -> list[tuple]:
    """The TicketCount cells (CELL_COLUMNS values) a key counts in."""
    if not key:
        return []
    (created, closed, category, channel, module, industry, team, lane, level, h, r) = key.split("|")
    module, industry, team, level = int(module), int(industry), int(team), int(level)
    created_day = datetime.date.fromisoformat(created)
    cells = []
    for span, day in ((DAY, created_day), (MONTH, created_day.replace(day=1))):
        cell = (NEW, span, day, category, channel, module, industry, team, lane, 0, "", "")
        cells += [cell, *marginal_cells(NEW, cell)]
        if h or r:
            cells.append((SLA, span, day, category, "", module, 0, team, lane, level, h, r))
    if closed:
        closed_day = datetime.date.fromisoformat(closed)
        for span, day in ((DAY, closed_day), (MONTH, closed_day.replace(day=1))):
            cell = (CLOSED, span, day, category, channel, module, industry, team, lane, 0, "", "")
            cells += [cell, *marginal_cells(CLOSED, cell)]
    return cells


def add(delta: Counter) -> None:
    """Add `delta` ({cell: change}) to the counts: one upsert statement."""
    from kundcenter.tickets.models import TicketCount

    keyed_cells.add(TicketCount, CELL_COLUMNS, delta)


def move(old_key: str, new_key: str) -> None:
    """Take a ticket out of its old key's cells and put it in the new key's."""
    from kundcenter.tickets.models import TicketCount

    keyed_cells.move(TicketCount, CELL_COLUMNS, cells_of, old_key, new_key)


def recount(ticket) -> None:
    """After `ticket` was saved: move it to the cells its columns now give."""
    keyed_cells.recount(ticket, "counted_as", key_of, move)


def recount_pks(pks) -> None:
    """Recount tickets changed without `save()` (the sweep's conditional UPDATEs)."""
    from kundcenter.tickets.models import Ticket

    keyed_cells.recount_pks(
        Ticket, pks, "counted_as", KEY_SOURCES, key_of_values, move, lock_of=("self",)
    )


def ticket_deleted(sender, instance, **kwargs) -> None:
    """A deleted ticket leaves its cells (post_delete)."""
    move(instance.counted_as, "")


def organization_saving(sender, instance, **kwargs) -> None:
    """Remember a customer's industry before a save (pre_save)."""
    instance._industry_before = (
        sender.objects.filter(pk=instance.pk).values_list("industry_id", flat=True).first()
        if instance.pk
        else None
    )


def organization_saved(sender, instance, created, **kwargs) -> None:
    """A customer moved to another industry: its tickets move with it (post_save)."""
    from kundcenter.tickets.models import Ticket

    before = getattr(instance, "_industry_before", None)
    if created or before is None or before == instance.industry_id:
        return
    recount_pks(Ticket.objects.filter(organization=instance).values_list("pk", flat=True))


BATCH = 5000


def rebuild(
    on_batch: Callable[[int], None] | None = None, *, keys_too: bool = True
) -> tuple[int, int]:
    """Recompute every ticket's key (writing those that differ; not with `keys_too`
    False, for keys just written), then every count from the keys. Returns (keys
    changed, cells written). Idempotent."""
    from kundcenter.tickets.models import Ticket, TicketCount

    tz = zone()
    changed = 0
    last = 0 if keys_too else None
    while last is not None:
        rows = list(
            Ticket.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "counted_as", *KEY_SOURCES)[:BATCH]
        )
        if not rows:
            break
        updates = []
        for pk, old, *values in rows:
            key = key_of_values(values, tz)
            if key != old:
                updates.append((key, pk))
        if updates:
            with transaction.atomic():
                update_rows(Ticket, ("counted_as",), ("text",), updates)
        changed += len(updates)
        last = rows[-1][0]
        if on_batch:
            on_batch(len(rows))

    totals = Counter()
    keys = Ticket.objects.values_list("counted_as").annotate(n=Count("pk")).order_by()
    for key, n in keys.iterator(chunk_size=20000):
        for cell in cells_of(key):
            totals[cell] += n
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in (*CELL_COLUMNS, "n"))
    marks = ", ".join(["%s"] * (len(CELL_COLUMNS) + 1))
    insert = f"INSERT INTO {quote(TicketCount._meta.db_table)} ({columns}) VALUES ({marks})"
    # In key order, so a range's cells lie together on disk (as upserts over time do).
    rows = sorted((*cell, n) for cell, n in totals.items() if n)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A change committed meanwhile (a worker's upsert) waits for the new cells
            # instead of slipping in between the DELETE and the COPY (unique violation).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(TicketCount._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        TicketCount.objects.all().delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: one stream instead of a statement per row (millions of cells).
                copy = f"COPY {quote(TicketCount._meta.db_table)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(copy) as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                for offset in range(0, len(rows), BATCH):
                    cursor.executemany(insert, rows[offset : offset + BATCH])
    return changed, len(rows)


# Generic (kundcenter.lib), kept here under its old name for its callers.
update_rows = keyed_cells.update_rows
