"""The ticket's Swedish full-text document becomes a stored generated column on
PostgreSQL (kundcenter.tickets.search.DOCUMENT), GIN-indexed under the old name
`ticket_words`.

Migration 0014 indexed the expression and kept the table narrow, but every ticket a
query tests outside the index (the recheck of a bitmap page, or each ticket of the
queue's first rows in `kundcenter.tickets.queues.first_matches`) computed the
document again: some 60 µs a ticket, so testing the first 5,000 tickets of the queue
cost 300 ms. Read from the column it costs a few microseconds.

Adding the column rewrites the table once (about 20 s at 100,000 tickets on a 2-core
machine, a few minutes at a million). Django does not know the column: PostgreSQL
fills it on every insert and update. SQLite keeps its FTS5 table (migration 0014).
"""

from django.db import migrations

DOCUMENT = "to_tsvector('swedish'::regconfig, title || ' ' || description)"

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS ticket_words",
    f"ALTER TABLE tickets_ticket ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    # No pending list (fastupdate): a search would scan it.
    "CREATE INDEX ticket_words ON tickets_ticket USING GIN (search_document) "
    "WITH (fastupdate = off)",
    "ANALYZE tickets_ticket",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS ticket_words",
    "ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_document",
    f"CREATE INDEX ticket_words ON tickets_ticket USING GIN ({DOCUMENT}) "
    "WITH (fastupdate = off)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0020_portal_open_index"),
    ]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
