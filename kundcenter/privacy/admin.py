from django.contrib import admin

from kundcenter.privacy.models import Incident, PrivacyPolicy, ProcessingLogEntry


@admin.register(ProcessingLogEntry)
class ProcessingLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, the admin may look but never touch."""

    list_display = ("at", "actor", "client_name", "action", "subject", "object_description")
    list_select_related = ("actor", "subject")
    list_filter = ("action",)
    # People by their account's current address; the log itself holds no addresses.
    search_fields = ("subject__email", "actor__email", "client_name", "request_id")
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


@admin.register(PrivacyPolicy)
class PrivacyPolicyAdmin(admin.ModelAdmin):
    """Staff write a new version for a change; the newest published one is in force."""

    list_display = ("title", "language", "published_at")
    list_filter = ("language",)
    search_fields = ("title", "body")
