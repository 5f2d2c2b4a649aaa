"""Mail waiting in the old PendingMail table moves into the outbox as `email` rows, with
its attempts, next attempt and last error, so nothing waiting is lost by the upgrade."""

from django.db import migrations


def move_into_outbox(apps, schema_editor):
    PendingMail = apps.get_model("mail", "PendingMail")
    OutboxItem = apps.get_model("outbox", "OutboxItem")
    OutboxItem.objects.bulk_create(
        OutboxItem(
            topic="email",
            channel="mail",
            payload=row.payload,
            recipient=row.recipient,
            summary=row.subject,
            created_at=row.created_at,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=row.last_error,
            gave_up_at=row.gave_up_at,
        )
        for row in PendingMail.objects.all().iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0003_pendingmail"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_into_outbox, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingMail"),
    ]
