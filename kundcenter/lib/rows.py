"""One model row by a few conditions, without building the query through the ORM each
time: the SQL is written once per model, conditions and database, and the row comes
back as the model instance the ORM would have made (the same converters, so the same
Python values on SQLite and PostgreSQL).

Every logged-in request reads its session and its user by key; through the ORM each of
those reads costs more Python than the rest of a small page's middleware together
(issue 15). Only for reads that hot: everything else uses the ORM.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import connections, models, router

from kundcenter.lib.compiled import Compiled

M = TypeVar("M", bound=models.Model)

# Lookups a condition may use, with their SQL operator.
_OPERATORS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

# (model, conditions, database alias, vendor) -> (sql, condition fields, converters)
_PLANS: dict[tuple, tuple[str, list, list]] = {}


def _plan(model, conditions: tuple[str, ...], alias: str):
    connection = connections[alias]
    key = (model, conditions, alias, connection.vendor)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    quote = connection.ops.quote_name
    opts = model._meta
    table = quote(opts.db_table)
    fields = opts.concrete_fields
    where, condition_fields = [], []
    for condition in conditions:
        name, _, lookup = condition.partition("__")
        field = opts.pk if name == "pk" else opts.get_field(name)
        operator = _OPERATORS[lookup or "exact"]
        where.append(f"{table}.{quote(field.column)} {operator} %s")
        condition_fields.append(field)
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in fields)
    sql = f"SELECT {columns} FROM {table} WHERE {' AND '.join(where)}"
    converters = []
    for field in fields:
        col = field.get_col(opts.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append((found, col) if found else None)
    plan = (sql, condition_fields, converters)
    _PLANS[key] = plan
    return plan


def one_row(model: type[M], **conditions) -> M | None:
    """The instance of `model` matching every condition (`field`, `field__gt`, …, as in
    `filter()`), or None. The conditions must pick at most one row (a key)."""
    alias = router.db_for_read(model)
    names = tuple(conditions)
    sql, fields, converters = _plan(model, names, alias)
    connection = connections[alias]
    params = [
        field.get_db_prep_value(value, connection, prepared=False)
        for field, value in zip(fields, conditions.values(), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, converter in enumerate(converters):
        if converter is not None:
            functions, col = converter
            for function in functions:
                values[index] = function(values[index], col, connection)
    return model.from_db(alias, [field.attname for field in model._meta.concrete_fields], values)


class PreparedQuery:
    """A queryset whose SQL is built once per database, then run with other ids.

    `build(*ids)` makes the queryset (filters, `select_related`, `only`, ordering); it is
    called once per database (and number of ids) with stand-in ids, compiled, and each
    call runs that SQL with the ids given, turning the rows into instances as the ORM does
    (related rows included). The ids must be integers that reach the SQL unchanged (keys);
    the queryset must not depend on anything but them (no `now()`, no settings read at
    build time). A SELECT by ids of kundcenter.lib.compiled.Compiled, which also runs
    EXISTS, UPDATE and DELETE statements and takes datetimes.
    """

    def __init__(self, build):
        self._compiled = Compiled(lambda ids: build(*ids), lists={"ids"})

    def __call__(self, *ids: int) -> list:
        return self._compiled.objects([int(value) for value in ids])
