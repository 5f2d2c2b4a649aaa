"""A hot statement's SQL built once per process, then run with new values.

Django builds a statement from its queryset every time it runs (lookups resolved, joins
set up, names quoted): on the registration's path that costs more CPU than the database
spends on the statement. `Compiled` builds the queryset once per database (with marker
values where the caller's values go), keeps the SQL and the positions of the markers
among its parameters, and later runs it with the caller's values through the cursor.
The SQL follows from the code alone, never from data, so every worker process keeps its
own copy and nothing needs invalidating.

The values may be integers (keys), lists of integers, strings compared as they are (a
session key) or aware datetimes (adapted for the database as Django would); anything
else stays as the queryset was built. Rows read are
turned into instances with the converters Django chose when it compiled the statement,
which depend on the settings and the database, not on the connection of the moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from inspect import signature

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators
from django.db.models.sql import DeleteQuery, UpdateQuery

SELECT, EXISTS, UPDATE, DELETE = "select", "exists", "update", "delete"


class Compiled:
    """`build(*values)` → a queryset (for UPDATE: the queryset and its {field: value}),
    compiled once per database as `kind` (SELECT of the queryset's rows, EXISTS, UPDATE
    or DELETE). A SELECT gives what the queryset would (`objects`) or plain rows (`rows`).
    The parameters named in `datetimes` take aware datetimes, those in `lists` sequences
    of integers (one statement is kept per length, as `IN (…)` has one placeholder per
    item), those in `strings` strings compared exactly; the others integers."""

    def __init__(self, build: Callable, kind: str = SELECT, *, datetimes=(), lists=(), strings=()):
        self.build, self.kind = build, kind
        names = list(signature(build).parameters)
        self.kinds = [
            datetime if n in datetimes else list if n in lists else str if n in strings else int
            for n in names
        ]
        self._lists = [i for i, kind in enumerate(self.kinds) if kind is list]
        # (alias, vendor, lengths of the lists) → (sql, params, positions, reader), or None when
        # the statement can match nothing (an empty list)
        self._compiled: dict[tuple, tuple | None] = {}

    def _compile(self, using: str, lengths: tuple[int, ...]):
        # A marker for each value that no statement has as a constant: integers near the
        # top of every integer column's range (a value outside it would make Django drop
        # the condition), instants in 1901 and strings no text holds.
        flat_kinds, markers, counter = [], [], iter(range(10**6))
        for kind, length in zip(self.kinds, self._shape(lengths), strict=True):
            if kind is list:
                items = [2_147_480_000 + next(counter) for _ in range(length)]
                markers.append(items)
                flat_kinds += [int] * length
            elif kind is datetime:
                markers.append(datetime(1901, 1, 1, 0, 0, next(counter) + 1, 654321, tzinfo=UTC))
                flat_kinds.append(datetime)
            elif kind is str:
                markers.append(f"\x1fcompiled-marker-{next(counter)}\x1f")
                flat_kinds.append(str)
            else:
                markers.append(2_147_480_000 + next(counter))
                flat_kinds.append(int)
        built = self.build(*markers)
        if self.kind == UPDATE:
            queryset, values = built
            query = queryset.query.chain(UpdateQuery)
            query.add_update_values(values)
        else:
            query = built.query
            if self.kind == EXISTS:
                query = query.exists()
            elif self.kind == DELETE:
                query = query.clone()
                query.__class__ = DeleteQuery
        compiler = query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if 0 in lengths:  # `IN ()`: Django runs nothing either
                return None
            raise ValueError(
                f"{self.build!r}: a marker is out of range for its column (a small integer?)"
            ) from None
        ops = connections[using].ops
        flat = [
            ops.adapt_datetimefield_value(m) if kind is datetime else m
            for m, kind in zip(_flatten(markers, self._lists), flat_kinds, strict=True)
        ]
        # (parameter index, flat value index, datetime?, how the backend wraps an integer:
        # PostgreSQL's Int4…)
        positions = []
        for at, param in enumerate(params):
            for index, marker in enumerate(flat):
                if isinstance(param, type(marker)) and param == marker:
                    is_datetime = flat_kinds[index] is datetime
                    wrap = None if is_datetime or type(param) in (int, str) else type(param)
                    positions.append((at, index, is_datetime, wrap))
        if {p[1] for p in positions} != set(range(len(flat))):
            raise ValueError(f"{self.build!r}: a value does not reach the statement's parameters")
        reader = _reader(compiler, using) if self.kind == SELECT else None
        return sql, list(params), positions, reader

    def _shape(self, lengths):
        it = iter(lengths)
        return [next(it) if kind is list else None for kind in self.kinds]

    def _prepared(self, values, using: str):
        """(sql, params, reader) for `values`, or None when nothing can match."""
        lengths = tuple(len(values[i]) for i in self._lists)
        key = (using, connections[using].vendor, lengths)
        try:
            compiled = self._compiled[key]
        except KeyError:
            compiled = self._compiled[key] = self._compile(using, lengths)
        if compiled is None:
            return None
        sql, params, positions, reader = compiled
        if positions:
            flat = _flatten(values, self._lists)
            params = params.copy()
            ops = connections[using].ops
            for at, index, is_datetime, wrap in positions:
                value = flat[index]
                if is_datetime:
                    value = ops.adapt_datetimefield_value(value)
                elif wrap is not None:
                    value = wrap(value)
                params[at] = value
        return sql, params, reader

    def statement(self, values, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list] | None:
        """The SQL and its parameters for `values` (None: it would match nothing)."""
        prepared = self._prepared(values, using)
        return prepared and prepared[:2]

    def _fetch(self, values, using):
        prepared = self._prepared(values, using)
        if prepared is None:
            return [], None
        sql, params, reader = prepared
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall(), reader

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """SELECT: the rows, as tuples of the queryset's columns (no conversion)."""
        return self._fetch(values, using)[0]

    def objects(self, *values, using: str = DEFAULT_DB_ALIAS) -> list:
        """SELECT: the model instances the queryset would give (select_related and
        annotations included)."""
        rows, reader = self._fetch(values, using)
        return reader(rows) if rows else []

    def exists(self, *values, using: str = DEFAULT_DB_ALIAS) -> bool:
        return bool(self._fetch(values, using)[0])

    def run(self, *values, using: str = DEFAULT_DB_ALIAS) -> int:
        """UPDATE or DELETE: how many rows it changed."""
        prepared = self._prepared(values, using)
        if prepared is None:
            return 0
        sql, params, _reader = prepared
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


def _flatten(values, lists) -> list:
    flat = []
    for i, value in enumerate(values):
        if i in lists:
            flat += value
        else:
            flat.append(value)
    return flat


def _reader(compiler, using: str) -> Callable[[list], list]:
    """rows → model instances, as Django's ModelIterable makes them from `compiler`'s
    statement (its columns, converters, select_related and annotations), prepared once."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map or {}
    model_cls = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related = get_related_populators(klass_info, select, using)
    converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])

    def read(rows: list) -> list:
        connection = connections[using]
        instances = []
        for row in rows:
            if converters:
                row = list(row)
                for pos, (convs, expression) in converters.items():
                    value = row[pos]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    row[pos] = value
            obj = model_cls.from_db(using, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, pos in annotation_col_map.items():
                setattr(obj, name, row[pos])
            instances.append(obj)
        return instances

    return read


def insert(objs: list, using: str = DEFAULT_DB_ALIAS) -> None:
    """Insert `objs`, new instances of one model with an automatic key, with one
    INSERT … RETURNING their keys, as `bulk_create` would (no signals; each field's
    `pre_save` applied), but with the statement's text kept per process (`bulk_create`
    builds it through the ORM at every call). Where the database cannot return the keys
    of several rows, `bulk_create` does it."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.using(using).bulk_create(objs)
        return
    sql, fields = _insert_sql(model, connection.vendor, using, len(objs))
    params = [
        field.get_db_prep_save(field.pre_save(obj, True), connection)
        for obj in objs
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall()
    for obj, (key,) in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, using


_INSERTS: dict[tuple, tuple[str, list]] = {}


def _insert_sql(model, vendor: str, using: str, count: int) -> tuple[str, list]:
    key = (model, vendor, using, count)
    found = _INSERTS.get(key)
    if found is None:
        opts, quote = model._meta, connections[using].ops.quote_name
        fields = [f for f in opts.concrete_fields if f is not opts.pk]
        table = quote(opts.db_table)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        found = _INSERTS[key] = (
            f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES {', '.join([row] * count)} RETURNING {table}.{quote(opts.pk.column)}",
            fields,
        )
    return found
