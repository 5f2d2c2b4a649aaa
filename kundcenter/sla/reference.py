"""Default opening hours and the brochure's service-level terms as the first version.

Seeded by migration sla/0002 and again after every `migrate`/`flush` (post_migrate), so a
flushed test database has them too; existing rows are never changed.
"""

from datetime import date

LEVELS = [
    # level, response hours, resolution kind, days, window from, window to
    (1, 2, "same_day", None, None, None),
    (2, 4, "same_week", None, None, None),
    (3, 12, "within_days", 28, None, None),
    (4, 48, "month_window", None, 1, 6),
    (5, 48, "month_window", None, 1, 12),
]
CATEGORIES = [("support", 8), ("request", 40), ("order", 16)]


def seed(apps, schema_editor=None):
    Version = apps.get_model("sla", "SlaTermsVersion")
    Level = apps.get_model("sla", "SlaLevelTerm")
    CategoryTerm = apps.get_model("sla", "CategoryResponseTerm")
    Settings = apps.get_model("sla", "CalendarSettings")
    if not Settings.objects.exists():
        Settings.objects.create()
    if Version.objects.exists():
        return
    version = Version.objects.create(
        name="Servicenivåer 2020",
        published_on=date(2019, 12, 1),
        effective_from=date(2020, 1, 1),
        summary="Servicenivåer för programfel enligt kundbroschyren.",
    )
    for level, hours, kind, days, w_from, w_to in LEVELS:
        Level.objects.create(
            version=version,
            level=level,
            response_hours=hours,
            resolution=kind,
            resolution_days=days,
            window_from_months=w_from,
            window_to_months=w_to,
        )
    for category, hours in CATEGORIES:
        CategoryTerm.objects.create(version=version, category=category, response_hours=hours)


def seed_after_migrate(sender, apps=None, **kwargs):
    # `flush` sends post_migrate without `apps`; `migrate` sends the migration state.
    if apps is None:
        from django.apps import apps
    try:
        apps.get_model("sla", "SlaTermsVersion")
    except LookupError:
        return
    seed(apps)
