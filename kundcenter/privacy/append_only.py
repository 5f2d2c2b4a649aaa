"""The processing log's database guard on SQLite: DELETE is refused by a trigger too.

PostgreSQL refuses UPDATE and DELETE of a processing-log row by trigger and lets
TRUNCATE through (a statement-level purge: the test flush, a DBA's deliberate
retention purge). SQLite has no TRUNCATE: Django's flush empties tables with DELETE.
So SQLite's DELETE trigger (migration 0005) asks a function the application registers
on each of its connections, `kundcenter_processing_log_purge()`, which says yes only
inside `purge_allowed()`, and Django's flush runs inside it. Any other DELETE is refused,
and a connection without the function (the sqlite3 shell, another program) cannot
delete at all: the trigger fails for it.
"""

import contextvars
from contextlib import contextmanager

from django.db import connections
from django.db.backends.signals import connection_created

PURGE_FUNCTION = "kundcenter_processing_log_purge"

_purging = contextvars.ContextVar("processing_log_purge", default=False)


@contextmanager
def purge_allowed():
    """Let DELETE through SQLite's trigger: only for emptying whole tables (flush)."""
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


def _purge_allowed_now() -> int:
    return int(_purging.get())


def _register_function(sender=None, connection=None, **kwargs):
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(PURGE_FUNCTION, 0, _purge_allowed_now)


def _flush_as_a_purge():
    """Django's flush (SQLite's TRUNCATE) runs with the purge allowed."""
    # Through the backend's base module: importing operations first is a circular import.
    from django.db.backends.sqlite3.base import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush
    if getattr(original, "purges_processing_log", False):
        return

    def execute_sql_flush(self, sql_list):
        with purge_allowed():
            return original(self, sql_list)

    execute_sql_flush.purges_processing_log = True
    DatabaseOperations.execute_sql_flush = execute_sql_flush


def connect() -> None:
    """Register the function on every SQLite connection, now and later (AppConfig.ready)."""
    connection_created.connect(_register_function, dispatch_uid="processing_log_purge")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _register_function(connection=connection)
    _flush_as_a_purge()
