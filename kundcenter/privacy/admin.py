from django.contrib import admin

from kundcenter.privacy.models import Incident, ProcessingLogEntry


@admin.register(ProcessingLogEntry)
class ProcessingLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, the admin may look but never touch."""

    list_display = ("at", "actor_label", "action", "subject_email", "object_description")
    list_filter = ("action",)
    search_fields = ("subject_email", "actor_label", "object_description", "request_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("detected_at", "description", "reported_to_imy_at", "notified_people_at")
