"""The two support teams, the industries routed to each, and the standard modules.

These are data, editable in the admin afterwards; this migration only seeds them.
"""

from django.db import migrations

from kundcenter.accounts.reference import MODULES, TEAMS


def seed(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    Industry = apps.get_model("accounts", "Industry")
    Module = apps.get_model("accounts", "Module")
    for (slug, name), industries in TEAMS.items():
        team, _ = Team.objects.get_or_create(slug=slug, defaults={"name": name})
        for industry in industries:
            Industry.objects.get_or_create(name=industry, defaults={"team": team})
    for slug, name in MODULES:
        Module.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
