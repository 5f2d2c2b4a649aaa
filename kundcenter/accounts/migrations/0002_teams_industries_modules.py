"""The two support teams, the industries routed to each, and the standard modules.

These are data, editable in the admin afterwards; this migration only seeds them.
"""

from django.db import migrations

TEAMS = {
    ("hantverk-transport-konsult", "Hantverkare, Transport och Konsult"): [
        "El- och VVS-installatörer",
        "Bygg",
        "Transport",
        "Plåt & Vent",
        "Energi",
        "Säkerhet/Lås/Larm",
        "IT-företag",
    ],
    ("handel-tjanste-org", "Handel, Tjänsteföretag & Organisationer"): [
        "Dagligvaruhandel",
        "Detaljhandel",
        "Fackhandel",
        "Vård/Omsorg",
        "Hotell & Restaurang",
        "Tillverkande företag",
        "Organisationer",
        "Redovisning/Revision",
        "Bank & Finans",
        "Lantbruk",
    ],
}

MODULES = [
    ("ekonomi", "Ekonomi"),
    ("lon", "Lön"),
    ("order", "Order"),
    ("projekt", "Projekt"),
    ("personal", "Personal"),
    ("tidrapportering", "Tidrapportering"),
    ("fakturering", "Fakturering"),
    ("lager", "Lager"),
    ("attest", "Attest"),
    ("rapporter", "Rapporter"),
]


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
