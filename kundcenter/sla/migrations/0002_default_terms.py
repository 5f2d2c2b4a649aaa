"""The brochure's service-level terms as the first version, and the default opening hours."""

from django.db import migrations

from kundcenter.sla.reference import seed


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
