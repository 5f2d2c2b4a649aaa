"""PostgreSQL: keep each article's search vector in its row and move the long body and
body text to TOAST instead.

`ts_rank` reads the vector of every matching article. With the body, the body text and
the vector together over the 2 kB TOAST threshold, PostgreSQL moved the vector (the
largest value) out of the row, so ranking 3,000 matches of "faktura" fetched 21,000
buffers; with the vector stored MAIN (moved out only as a last resort) and rows kept
under 1 kB, it fetches 1,400 (bench_search, README "Knowledge-base search"). Existing
vectors are written anew so the new storage applies. SQLite: nothing to do.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE knowledge_article ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE knowledge_article SET (toast_tuple_target = 1024)",
    "UPDATE knowledge_article SET search_vector = search_vector || ''::tsvector "
    "WHERE search_vector IS NOT NULL",
]
BACKWARD = [
    "ALTER TABLE knowledge_article ALTER COLUMN search_vector SET STORAGE EXTENDED",
    "ALTER TABLE knowledge_article RESET (toast_tuple_target)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0007_site_search_index")]

    operations = [migrations.RunPython(forward, backward)]
