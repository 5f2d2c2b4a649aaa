from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.api.models import ApiClient, PersonalToken


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Clients are created with `manage.py create_api_client NAME [--scope …]`, which shows
    the token once; here staff only see them and switch them off (revoke)."""

    list_display = ["name", "prefix", "scopes", "active", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["name", "prefix", "scopes", "created_at", "last_used_at"]
    fields = ["name", "prefix", "scopes", "active", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """People make and revoke their own tokens on their profile; admins may revoke one
    (a leaked token, a person who left) but never see or make one."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
