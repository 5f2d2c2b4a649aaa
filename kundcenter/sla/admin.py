"""Opening hours and service-level terms in the admin.

Saving or deleting any of these rows drops the cached calendar and terms
(`kundcenter.sla.policy`), so the change applies at once.

A terms version that is in force, or was, is read-only: tickets registered under it keep
its terms, so changing it would rewrite what customers were promised. To change the terms,
publish a new version; it takes effect on the first day of the following month.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.sla.models import (
    CalendarSettings,
    CategoryResponseTerm,
    ClosedDay,
    SlaLevelTerm,
    SlaTermsVersion,
    SpecialHours,
)


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(admin.ModelAdmin):
    """One row of opening hours: the list leads straight to it, and there is no second."""

    list_display = ["__str__", "opens", "closes", "lunch_starts", "lunch_ends", "updated_at"]
    fieldsets = [
        (None, {"fields": ["opens", "closes", "lunch_starts", "lunch_ends", "open_weekdays"]}),
        (
            _("Holidays"),
            {
                "fields": [
                    "half_days",
                    "half_day_closes",
                    "closed_midsummer_eve",
                    "closed_christmas_eve",
                    "closed_new_years_eve",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not CalendarSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row = CalendarSettings.objects.order_by("pk").first()
        if row is not None:
            return redirect("admin:sla_calendarsettings_change", row.pk)
        return super().changelist_view(request, extra_context)


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(SpecialHours)
class SpecialHoursAdmin(admin.ModelAdmin):
    list_display = ["date", "opens", "closes", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


def _in_force(version) -> bool:
    """True for a saved version that is in force today or was before."""
    return bool(version and version.pk and version.effective_from <= timezone.localdate())


class _TermInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _in_force(obj)

    def has_change_permission(self, request, obj=None):
        return not _in_force(obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_force(obj)


class LevelInline(_TermInline):
    model = SlaLevelTerm
    fields = [
        "level",
        "response_hours",
        "resolution",
        "resolution_days",
        "window_from_months",
        "window_to_months",
    ]


class CategoryInline(_TermInline):
    model = CategoryResponseTerm
    fields = ["category", "response_hours"]


@admin.register(SlaTermsVersion)
class SlaTermsVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "published_on", "effective_from"]
    readonly_fields = ["effective_from"]
    fields = ["name", "published_on", "effective_from", "summary"]
    inlines = [LevelInline, CategoryInline]

    def get_readonly_fields(self, request, obj=None):
        if _in_force(obj):
            return [*self.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Tickets refer to the versions they were registered under (PROTECT).
        return obj is None or not _in_force(obj)
