"""PostgreSQL's append-only trigger lets the retention job's DELETE through.

The function refuses UPDATE always, and DELETE unless the transaction set
`kundcenter.processing_log_purge` to 'on' (kundcenter/privacy/retention.py does, with
SET LOCAL). SQLite's trigger already asks the application (0006).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION privacy_processinglog_refuse() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('kundcenter.processing_log_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'processing log entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""
PG_BACKWARD = """
CREATE OR REPLACE FUNCTION privacy_processinglog_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'processing log entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def _postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0006_processing_log_refuses_delete_on_sqlite"),
    ]

    operations = [
        migrations.RunPython(_postgres(PG_FORWARD), _postgres(PG_BACKWARD)),
    ]
