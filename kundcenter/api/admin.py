from django.contrib import admin

from kundcenter.api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Clients are created with `manage.py create_api_client NAME`, which shows the token
    once; here staff only see them and switch them off."""

    list_display = ["name", "prefix", "active", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["name", "prefix", "created_at", "last_used_at"]
    fields = ["name", "prefix", "active", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
