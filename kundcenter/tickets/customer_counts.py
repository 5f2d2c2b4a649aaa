"""New tickets per customer and month (CustomerCount), kept current: the volumes report's
"customers with most new tickets" without counting a year of tickets per customer.

A ticket stores its cells' key (`Ticket.customer_counted_as`: local month of
registration, lane, customer); `Ticket.save()` moves it between cells when the key
changed, as the report counts do, and a deleted ticket leaves them. Each ticket counts
for its lane and for every lane (""). `rebuild()` recomputes everything
(`manage.py rebuild_report_figures`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from kundcenter.lib import keyed_cells
from kundcenter.tickets.counts import zone

COUNTED_FIELDS = frozenset({"created_at", "lane", "organization", "organization_id"})
KEY_SOURCES = ("created_at", "lane", "organization_id")
CELL_COLUMNS = ("period", "lane", "organization")


def key_of_values(values, tz=None) -> str:
    created, lane, organization = values
    tz = tz or zone()
    month = created.astimezone(tz).date().replace(day=1).isoformat()
    return f"{month}|{lane or ''}|{organization}"


def key_of(ticket) -> str:
    return key_of_values([getattr(ticket, name) for name in KEY_SOURCES])


def cells_of(key: str) -> list[tuple]:
    if not key:
        return []
    month, lane, organization = key.split("|")
    period, organization = datetime.date.fromisoformat(month), int(organization)
    return [(period, each, organization) for each in (("", lane) if lane else ("",))]


def _model():
    from kundcenter.tickets.models import CustomerCount

    return CustomerCount


def move(old_key: str, new_key: str) -> None:
    keyed_cells.move(_model(), CELL_COLUMNS, cells_of, old_key, new_key)


def recount(ticket) -> None:
    """After `ticket` was saved: move it to the cells its columns now give."""
    keyed_cells.recount(ticket, "customer_counted_as", key_of, move)


def recount_pks(pks) -> None:
    """Recount tickets changed without `save()` (set behind the actions' back)."""
    from kundcenter.tickets.models import Ticket

    keyed_cells.recount_pks(
        Ticket, pks, "customer_counted_as", KEY_SOURCES, key_of_values, move, lock_of=("self",)
    )


def ticket_deleted(sender, instance, **kwargs) -> None:
    """A deleted ticket leaves its cells (post_delete)."""
    move(instance.customer_counted_as, "")


def rebuild(
    on_batch: Callable[[int], None] | None = None, *, keys_too: bool = True
) -> tuple[int, int]:
    """Recompute every ticket's key and every cell. Idempotent."""
    from kundcenter.tickets.models import Ticket

    tz = zone()
    return keyed_cells.rebuild(
        Ticket.objects.all(),
        "customer_counted_as",
        KEY_SOURCES,
        lambda values: key_of_values(values, tz),
        _model(),
        CELL_COLUMNS,
        cells_of,
        on_batch,
        keys_too=keys_too,
    )
