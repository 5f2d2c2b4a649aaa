from django.contrib import admin

from kundcenter.ops.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "finished_at", "succeeded"]
    readonly_fields = ["name", "finished_at", "succeeded"]

    def has_add_permission(self, request):
        return False
