"""SQLite refuses DELETE of a processing-log row too, as PostgreSQL does.

The trigger lets a DELETE through only while `kundcenter_processing_log_purge()` says so:
a function the application registers on its own connections and that answers yes only
during Django's flush (see kundcenter/privacy/append_only.py). PostgreSQL already refuses
both UPDATE and DELETE (0001), so this migration does nothing there.
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER privacy_processinglog_no_delete
    BEFORE DELETE ON privacy_processinglogentry
    WHEN NOT kundcenter_processing_log_purge()
    BEGIN SELECT RAISE(ABORT, 'processing log entries are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS privacy_processinglog_no_delete;"


def _sqlite(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_privacy_policy"),
    ]

    operations = [
        migrations.RunPython(_sqlite(SQLITE_CREATE), _sqlite(SQLITE_DROP)),
    ]
