"""Counts kept in cells by a short key stored on each counted row.

The pattern of the report counts (kundcenter.tickets.counts), for other precomputed
figures: each counted row stores a key (a text column) from which the cells it counts
in follow; a change of the row moves it from its old key's cells to its new key's with
one upsert (`n = n + 1`, safe under concurrency on SQLite and PostgreSQL) in the same
transaction, and `rebuild` recomputes every key and every cell from the rows.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Sequence

from django.db import connection, transaction
from django.db.models import Count

BATCH = 5000


def add(model, columns: Sequence[str], delta: Counter) -> None:
    """Add `delta` ({cell (values of `columns`): change}) to `model`'s `n`: one upsert."""
    changes = [(cell, n) for cell, n in delta.items() if n]
    if not changes:
        return
    postgresql = connection.vendor == "postgresql"
    sql = _upsert_sql(model, tuple(columns), connection.vendor, 0 if postgresql else len(changes))
    if postgresql:
        # The cells as one JSON parameter, read as rows of the table's own type: one
        # short parameter whatever the number of cells (the driver keeps the statement's
        # parsed form; psycopg caches at most 50), encoded by the json module's C code
        # instead of the driver adapting every value of a hundred-odd in Python.
        names = (*columns, "n")
        cells = [dict(zip(names, (*cell, n), strict=True)) for cell, n in changes]
        params = [json.dumps(cells, default=str)]
    else:
        params = []
        for cell, n in changes:
            params += [*cell, n]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@functools.cache
def _upsert_sql(model, columns: tuple[str, ...], vendor: str, cells: int) -> str:
    """The upsert's text (per process: it follows from the code alone)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in (*columns, "n"))
    conflict = ", ".join(quote(c) for c in columns)
    if vendor == "postgresql":
        cells_sql = f"SELECT {names} FROM json_populate_recordset(NULL::{table}, %s::json)"
    else:
        marks = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * cells)
        cells_sql = f"VALUES {marks}"
    return (
        f"INSERT INTO {table} ({names}) {cells_sql} ON CONFLICT ({conflict}) "
        f"DO UPDATE SET {quote('n')} = {table}.{quote('n')} + excluded.{quote('n')}"
    )


def move(model, columns, cells_of: Callable[[str], list], old_key: str, new_key: str) -> None:
    """Take a row out of its old key's cells and put it in the new key's."""
    if old_key == new_key:
        return
    delta = Counter(cells_of(new_key))
    delta.subtract(Counter(cells_of(old_key)))
    add(model, columns, delta)


def recount(instance, field: str, key_of: Callable, move: Callable) -> None:
    """After `instance` was saved: if `key_of(instance)` differs from its stored key
    (`field`), move it from the old key's cells to the new key's (`move(old, new)`) and
    store the new key, in the caller's transaction."""
    old, key = getattr(instance, field), key_of(instance)
    if key == old:
        return
    with transaction.atomic(savepoint=False):
        move(old, key)
        type(instance)._default_manager.filter(pk=instance.pk).update(**{field: key})
    setattr(instance, field, key)


def recount_pks(
    model,
    pks,
    field: str,
    sources: Sequence[str],
    key_of_values: Callable,
    move: Callable,
    *,
    lock_of: tuple[str, ...] = (),
) -> None:
    """Recount the rows `pks` of `model` changed past `save()`: each row is locked
    (`select_for_update(of=lock_of)`), its key recomputed from its `sources` values and,
    if it changed, moved and stored."""
    pks = list(pks)
    if not pks:
        return
    with transaction.atomic(savepoint=False):
        rows = model._default_manager.filter(pk__in=pks).values_list("pk", field, *sources)
        for pk, old, *values in rows.select_for_update(of=lock_of):
            key = key_of_values(values)
            if key != old:
                move(old, key)
                model._default_manager.filter(pk=pk).update(**{field: key})


def rebuild(
    rows_qs,
    key_field: str,
    sources: Sequence[str],
    key_of_values: Callable,
    model,
    columns: Sequence[str],
    cells_of: Callable[[str], list],
    on_batch: Callable[[int], None] | None = None,
    *,
    keys_too: bool = True,
) -> tuple[int, int]:
    """Recompute the key of every row of `rows_qs` from its `sources` values (writing
    those that differ; not with `keys_too` False), then replace every cell of `model`
    with the counts of the keys. Returns (keys changed, cells written). Idempotent."""
    changed = 0
    last = 0 if keys_too else None
    while last is not None:
        batch = list(
            rows_qs.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", key_field, *sources)[:BATCH]
        )
        if not batch:
            break
        updates = []
        for pk, old, *values in batch:
            key = key_of_values(values)
            if key != old:
                updates.append((key, pk))
        if updates:
            with transaction.atomic():
                update_rows(rows_qs.model, (key_field,), ("text",), updates)
        changed += len(updates)
        last = batch[-1][0]
        if on_batch:
            on_batch(len(batch))

    totals = Counter()
    keys = rows_qs.values_list(key_field).annotate(n=Count("pk")).order_by()
    for key, n in keys.iterator(chunk_size=20000):
        for cell in cells_of(key):
            totals[cell] += n
    written = sorted((*cell, n) for cell, n in totals.items() if n)
    replace(model, columns, written)
    return changed, len(written)


def replace(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Replace every row of `model` by `rows` (values of `columns` and n), in one
    transaction (COPY on PostgreSQL)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in (*columns, "n"))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A change committed meanwhile (a worker's upsert) waits for the new cells
            # instead of slipping in between the DELETE and the COPY (unique violation).
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        model.objects.all().delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                marks = ", ".join(["%s"] * (len(columns) + 1))
                insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"
                for offset in range(0, len(rows), BATCH):
                    cursor.executemany(insert, rows[offset : offset + BATCH])


def update_rows(table_model, columns: tuple[str, ...], casts: tuple[str, ...], rows) -> None:
    """Set `columns` of many rows by id: `rows` are (value, …, id). On PostgreSQL one
    UPDATE … FROM (VALUES …) per call (`casts`: each value's SQL type); elsewhere one
    statement per row (SQLite runs them quickly in-process)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(table_model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            one = "(" + ", ".join([f"%s::{cast}" for cast in casts] + ["%s::bigint"]) + ")"
            names = ", ".join([*(f"v{i}" for i in range(len(columns))), "id"])
            sets = ", ".join(f"{quote(c)} = v.v{i}" for i, c in enumerate(columns))
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (VALUES {', '.join([one] * len(rows))}) "
                f"AS v({names}) WHERE {table}.id = v.id",
                [value for row in rows for value in row],
            )
        else:
            sets = ", ".join(f"{quote(c)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)
