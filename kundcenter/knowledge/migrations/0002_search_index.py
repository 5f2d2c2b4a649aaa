"""The full-text index, made for the database in use.

PostgreSQL: a stored generated tsvector column (swedish configuration; title weight A,
tags and body weight B) and its GIN index, always in step with the row by itself.
SQLite: an FTS5 table of stemmed words, rowid = article id, kept in step by the signals
in kundcenter.knowledge.apps (see kundcenter.knowledge.search).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE knowledge_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(tags, '')), 'B')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(body_text, '')), 'B')
    ) STORED
    """,
    # No pending list: articles change rarely, and a long pending list makes every search
    # scan it (and the planner fall back to a sequential scan).
    "CREATE INDEX knowledge_article_search ON knowledge_article USING GIN (search_vector) "
    "WITH (fastupdate = off)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_article_search",
    "ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE knowledge_article_fts USING fts5(
        title, tags, body, tokenize = 'unicode61 remove_diacritics 0'
    )
    """,
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS knowledge_article_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
