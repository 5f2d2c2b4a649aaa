"""Reference data every installation starts with: the two teams, their industries and
the standard modules. Seeded by migration 0002 and again after every `migrate`/`flush`
(post_migrate), idempotently, so test databases that are flushed keep it too."""

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


def seed(team_model, industry_model, module_model):
    """Create what is missing; never touches rows an admin has edited."""
    if team_model.objects.exists():
        return
    for (slug, name), industries in TEAMS.items():
        team, _ = team_model.objects.get_or_create(slug=slug, defaults={"name": name})
        for industry in industries:
            industry_model.objects.get_or_create(name=industry, defaults={"team": team})
    for slug, name in MODULES:
        module_model.objects.get_or_create(slug=slug, defaults={"name": name})


def seed_after_migrate(sender, apps=None, **kwargs):
    # `flush` sends post_migrate without `apps`; `migrate` sends the migration state.
    if apps is None:
        from django.apps import apps
    try:
        team = apps.get_model("accounts", "Team")
    except LookupError:
        return
    seed(team, apps.get_model("accounts", "Industry"), apps.get_model("accounts", "Module"))
