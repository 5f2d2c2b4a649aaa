"""The queue search's indexes, made for the database in use (kundcenter.tickets.search).

PostgreSQL: a GIN index on the Swedish full-text document of a ticket (title and
description; an expression index, so no stored column widens the table) and trigram
(pg_trgm) GIN indexes on the customer's and the person's name for "contains" searches.
Ticket numbers and organisationsnummer are prefix searches, served by the
`varchar_pattern_ops` indexes Django already makes for those unique columns.

SQLite: an FTS5 table of the tickets' words (rowid = ticket id; detail=none: the search
needs neither phrases nor positions), kept in step by triggers, so bulk writes
(seed_bench, raw SQL) are indexed too. A later migration that rebuilds the ticket table
drops the triggers with it: kundcenter.tickets.search.ensure_sqlite_index puts them back
after every migrate.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # No pending list (fastupdate): a search would scan it, and a registration adds only
    # a few dozen words.
    "CREATE INDEX ticket_words ON tickets_ticket USING GIN "
    "(to_tsvector('swedish'::regconfig, title || ' ' || description)) WITH (fastupdate = off)",
    # The same expressions as Django's icontains (UPPER(col::text) LIKE UPPER('%…%')).
    "CREATE INDEX organization_name_trgm ON accounts_organization USING GIN "
    "(UPPER(name::text) gin_trgm_ops)",
    "CREATE INDEX user_full_name_trgm ON accounts_user USING GIN "
    "(UPPER(full_name::text) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS user_full_name_trgm",
    "DROP INDEX IF EXISTS organization_name_trgm",
    "DROP INDEX IF EXISTS ticket_words",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE tickets_ticket_fts USING fts5("
    "title, description, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
    """
    CREATE TRIGGER tickets_ticket_fts_insert AFTER INSERT ON tickets_ticket
    BEGIN
        INSERT INTO tickets_ticket_fts (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
    """,
    """
    CREATE TRIGGER tickets_ticket_fts_update AFTER UPDATE OF title, description ON tickets_ticket
    BEGIN
        DELETE FROM tickets_ticket_fts WHERE rowid = old.id;
        INSERT INTO tickets_ticket_fts (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
    """,
    """
    CREATE TRIGGER tickets_ticket_fts_delete AFTER DELETE ON tickets_ticket
    BEGIN
        DELETE FROM tickets_ticket_fts WHERE rowid = old.id;
    END
    """,
    "INSERT INTO tickets_ticket_fts (rowid, title, description) "
    "SELECT id, title, description FROM tickets_ticket",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_delete",
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_update",
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_insert",
    "DROP TABLE IF EXISTS tickets_ticket_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_organization_handed_over_to_support"),
        ("tickets", "0013_report_indexes"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
