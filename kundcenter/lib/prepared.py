"""Which statements PostgreSQL keeps prepared, and which it plans with their values.

With `DATABASE_PREPARE_THRESHOLD` (settings) psycopg prepares a statement a connection
keeps running, and after five trial plans PostgreSQL may settle on one generic plan for
every value. That saves the planning of the ticket page's ten-table read, but a generic
plan cannot know how rare a searched word is: the queue's search for a word nothing
holds, in the team's open tickets, went from 19 ms to 70 ms at 100,000 tickets, as the
generic plan walked the team's open tickets instead of asking the word index first.

So a statement whose best plan depends on a searched text (full-text match, LIKE
patterns, trigram similarity) is never prepared: PostgreSQL plans it with its values
every time, as without preparing. Everything else is prepared as psycopg decides.
"""

from __future__ import annotations

from functools import cache

from django.db.backends.signals import connection_created

# What only a statement searching a text contains (Django writes LIKE for icontains,
# startswith and the like; the queue search writes to_tsquery and @@).
SEARCH_MARKERS = ("to_tsquery(", "@@", " LIKE ", " ILIKE ", " %> ", " <% ", "similarity(")


def planned_with_values(sql) -> bool:
    """Whether `sql` is a search PostgreSQL must plan with its values each time."""
    return isinstance(sql, str) and any(marker in sql for marker in SEARCH_MARKERS)


@cache  # one class per process, made at the first PostgreSQL connection
def _cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class Cursor(ServerBindingCursor):
        """Django's server-binding cursor; a search is executed unprepared."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            if prepare is None and planned_with_values(query):
                prepare = False
            return super().execute(query, params, prepare=prepare, binary=binary)

    return Cursor


def use_on(sender=None, connection=None, **kwargs) -> None:
    """On a new PostgreSQL connection that prepares statements: searches unprepared."""
    if connection.vendor != "postgresql":
        return
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding") is not True:
        return
    connection.connection.cursor_factory = _cursor_class()


def install() -> None:
    from django.db import connections

    connection_created.connect(use_on, dispatch_uid="prepared.use_on")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            use_on(None, connection)
