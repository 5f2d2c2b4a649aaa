"""The times report's histograms in bands (kundcenter.tickets.timings.band): each band
cell is the sum of the bucket cells it holds, so they are added here from the cells
already there (one INSERT … SELECT), exact without a rebuild; a partial index holds them alone. The widths are those of
`timings.band_width` when this was written: 2 hours below 48, 12 hours below 480, then
120 hours (in seconds)."""

from django.db import migrations, models

BAND = (
    "CASE WHEN bucket < 172800 THEN (bucket / 7200) * 7200 "
    "WHEN bucket < 1728000 THEN (bucket / 43200) * 43200 "
    "ELSE (bucket / 432000) * 432000 END"
)


def add_bands(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("tickets", "DurationCount")._meta.db_table)
    schema_editor.execute(
        f"INSERT INTO {table} (period, lane, axis, value, measure, bucket, n) "
        f"SELECT period, lane, axis, value, UPPER(measure), {BAND}, SUM(n) FROM {table} "
        "WHERE measure IN ('h', 'r') "
        f"GROUP BY period, lane, axis, value, UPPER(measure), {BAND}"
    )


def remove_bands(apps, schema_editor):
    apps.get_model("tickets", "DurationCount").objects.filter(measure__in=["H", "R"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0022_open_team_queue_order_index"),
    ]

    operations = [
        migrations.RunPython(add_bands, remove_bands),
        migrations.AddIndex(
            model_name="durationcount",
            index=models.Index(
                condition=models.Q(("measure__in", ["H", "R"])),
                fields=["lane", "period", "measure", "axis", "value", "bucket", "n"],
                name="durationcount_band",
            ),
        ),
    ]
