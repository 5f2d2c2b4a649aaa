"""The search index made from Python's tokens on both databases (see
kundcenter.knowledge.search): on PostgreSQL the generated `swedish` tsvector column
becomes a plain column that the application fills with the 'simple' configuration, and
the vocabulary gets a trigram index for correcting misspelt words; on SQLite the FTS5
table gets the status and module, to filter without reading the articles. Then every article
is indexed again, with its compound parts, and the vocabulary counted.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS knowledge_article_search",
    "ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE knowledge_article ADD COLUMN search_vector tsvector",
    "CREATE INDEX knowledge_article_search ON knowledge_article USING GIN (search_vector) "
    "WITH (fastupdate = off)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # GiST, not GIN: it answers "the nearest terms first" (ORDER BY term <-> word).
    "CREATE INDEX knowledge_searchterm_trigram ON knowledge_searchterm "
    "USING GIST (term gist_trgm_ops)",
]
# Status and module first, unindexed: the search filters on them inside the FTS table
# (never joining the article rows, whose long text would be read for every match), and
# being first they are read without the long columns.
SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS knowledge_article_fts",
    """
    CREATE VIRTUAL TABLE knowledge_article_fts USING fts5(
        status UNINDEXED, module UNINDEXED, title, tags, body,
        tokenize = 'unicode61 remove_diacritics 0'
    )
    """,
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS knowledge_article_fts",
    """
    CREATE VIRTUAL TABLE knowledge_article_fts USING fts5(
        title, tags, body, tokenize = 'unicode61 remove_diacritics 0'
    )
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_searchterm_trigram",
    "DROP INDEX IF EXISTS knowledge_article_search",
    "ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_vector",
    """
    ALTER TABLE knowledge_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(tags, '')), 'B')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(body_text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX knowledge_article_search ON knowledge_article USING GIN (search_vector) "
    "WITH (fastupdate = off)",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES_FORWARD if vendor == "postgresql" else SQLITE_FORWARD:
        schema_editor.execute(statement)
    from kundcenter.knowledge.search import rebuild_index

    rebuild_index(using=schema_editor.connection.alias)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_synonyms_and_search_terms")]

    operations = [migrations.RunPython(forward, backward)]
