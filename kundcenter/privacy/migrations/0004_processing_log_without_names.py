"""The processing log stops holding names and e-mail addresses.

`subject_email` becomes `subject_key` (a keyed hash, only for people without an
account), `actor_label` becomes `client_name` (API clients only: staff are the `actor`
account), and existing rows are made to match: their descriptions keep only what is
known not to be personal. The table refuses UPDATE by trigger, so the trigger is dropped
for the duration and made again at the end (on SQLite the table is rebuilt by the schema
changes, which drops its triggers anyway).
"""

import re

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac

# As in 0001_processing_log_and_incidents (kept here: a migration must not change later).
PG_CREATE = """
CREATE OR REPLACE FUNCTION privacy_processinglog_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'processing log entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_processinglog_append_only
    BEFORE UPDATE OR DELETE ON privacy_processinglogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_processinglog_refuse();
"""
PG_DROP = "DROP TRIGGER IF EXISTS privacy_processinglog_append_only ON privacy_processinglogentry;"
SQLITE_CREATE = """
CREATE TRIGGER privacy_processinglog_no_update
    BEFORE UPDATE ON privacy_processinglogentry
    BEGIN SELECT RAISE(ABORT, 'processing log entries are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS privacy_processinglog_no_update;"

# Descriptions of existing rows that hold no personal data; any other becomes generic
# (customer pages named the customer, searches held what was typed).
KEEP = re.compile(
    r"ticket \S+|(data-subject )?request \d+|person details|corrected [a-z_, ]*"
    r"|(GET|POST|PUT|PATCH|DELETE) /[\w/.-]*"
)


def _sql(by_vendor):
    def run(apps, schema_editor):
        sql = by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


def _description(old: str, action: str) -> str:
    if KEEP.fullmatch(old or ""):
        return old
    if action == "search":
        return "search"
    if (old or "").startswith("customer "):
        return "customer page"
    return ""


def pseudonymise_existing(apps, schema_editor):
    entry_model = apps.get_model("privacy", "ProcessingLogEntry")
    salt = getattr(settings, "PRIVACY_LOG_KEY_SALT", "kundcenter.privacy.log.subject")
    rows = entry_model.objects.values_list(
        "pk",
        "actor_id",
        "client_name",
        "subject_id",
        "subject_email",
        "action",
        "object_description",
    )
    for pk, actor_id, label, subject_id, email, action, description in rows.iterator():
        email = (email or "").strip().lower()
        change = {
            "subject_key": (
                salted_hmac(salt, email, algorithm="sha256").hexdigest()
                if email and subject_id is None
                else ""
            ),
            "client_name": (label or "")[:100] if actor_id is None and action == "api" else "",
            "object_description": _description(description, action),
        }
        entry_model.objects.filter(pk=pk).update(**change)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_legal_hold_release"),
    ]

    operations = [
        migrations.RunPython(
            _sql({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
            _sql({"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}),
        ),
        migrations.AddField(
            model_name="processinglogentry",
            name="subject_key",
            field=models.CharField(
                blank=True, db_index=True, max_length=64, verbose_name="person's address key"
            ),
        ),
        migrations.RenameField(
            model_name="processinglogentry",
            old_name="actor_label",
            new_name="client_name",
        ),
        migrations.RunPython(pseudonymise_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="processinglogentry",
            name="client_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="API client"),
        ),
        migrations.RemoveField(
            model_name="processinglogentry",
            name="subject_email",
        ),
        migrations.RunPython(
            _sql({"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}),
            _sql({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
