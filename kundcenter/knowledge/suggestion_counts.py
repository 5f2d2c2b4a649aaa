"""The deflection report's counts (SuggestionCount): new-ticket forms per day and month.

A suggestion log (one filling-in of the new-ticket form) is counted by a short key
(`SuggestionLog.counted_as`): the local day it was first filled in, the article opened
from it (0: none) and whether a ticket followed. Its cells: that day and that month.
`SuggestionLog.save()` (every change goes through it) moves the log between cells when
its key changed, with upserts, in the same transaction; a deleted log leaves its cells;
a deleted ticket or article (which empties the logs' link) recounts the logs that
pointed to it. `rebuild()` recomputes everything (`manage.py rebuild_report_figures`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from kundcenter.lib import keyed_cells
from kundcenter.tickets.counts import DAY, MONTH, zone

KEY_SOURCES = ("created_at", "opened_article_id", "ticket_id")
COUNTED_FIELDS = frozenset(
    {"created_at", "opened_article", "opened_article_id", "ticket", "ticket_id"}
)
CELL_COLUMNS = ("span", "period", "article", "registered")


def key_of_values(values, tz=None) -> str:
    created, article, ticket = values
    tz = tz or zone()
    day = created.astimezone(tz).date().isoformat()
    return f"{day}|{article or 0}|{1 if ticket else 0}"


def key_of(log) -> str:
    return key_of_values([getattr(log, name) for name in KEY_SOURCES])


def cells_of(key: str) -> list[tuple]:
    if not key:
        return []
    day, article, registered = key.split("|")
    day = datetime.date.fromisoformat(day)
    article, registered = int(article), registered == "1"
    return [
        (DAY, day, article, registered),
        (MONTH, day.replace(day=1), article, registered),
    ]


def _model():
    from kundcenter.knowledge.models import SuggestionCount

    return SuggestionCount


def move(old_key: str, new_key: str) -> None:
    keyed_cells.move(_model(), CELL_COLUMNS, cells_of, old_key, new_key)


def recount(log) -> None:
    """After `log` was saved: move it to the cells its columns now give."""
    keyed_cells.recount(log, "counted_as", key_of, move)


def recount_pks(pks) -> None:
    """Recount logs changed past `save()` (a deleted ticket or article emptied a link)."""
    from kundcenter.knowledge.models import SuggestionLog

    keyed_cells.recount_pks(SuggestionLog, pks, "counted_as", KEY_SOURCES, key_of_values, move)


def log_deleted(sender, instance, **kwargs) -> None:
    """A deleted log leaves its cells (post_delete)."""
    move(instance.counted_as, "")


def _linked_deleting(field: str):
    def before(sender, instance, **kwargs):
        from kundcenter.knowledge.models import SuggestionLog

        instance._suggestion_logs = list(
            SuggestionLog.objects.filter(**{field: instance.pk}).values_list("pk", flat=True)
        )

    def after(sender, instance, **kwargs):
        recount_pks(getattr(instance, "_suggestion_logs", ()))

    return before, after


# A deleted ticket or article empties the logs' link (SET_NULL, past save()).
ticket_deleting, ticket_deleted = _linked_deleting("ticket")
article_deleting, article_deleted = _linked_deleting("opened_article")


def rebuild(
    on_batch: Callable[[int], None] | None = None, *, keys_too: bool = True
) -> tuple[int, int]:
    """Recompute every log's key and every cell. Idempotent."""
    from kundcenter.knowledge.models import SuggestionLog

    tz = zone()
    return keyed_cells.rebuild(
        SuggestionLog.objects.all(),
        "counted_as",
        KEY_SOURCES,
        lambda values: key_of_values(values, tz),
        _model(),
        CELL_COLUMNS,
        cells_of,
        on_batch,
        keys_too=keys_too,
    )
