from django.contrib import admin

from kundcenter.academy import models


@admin.register(models.ReleaseNote)
class ReleaseNoteAdmin(admin.ModelAdmin):
    list_display = ["module", "version", "title", "published_on"]
    list_filter = ["module"]
    search_fields = ["title", "version", "body"]


@admin.register(models.DocumentationPage)
class DocumentationPageAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "published", "updated_at"]
    list_filter = ["module", "published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


@admin.register(models.Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "length", "published"]
    list_filter = ["module", "published"]
    search_fields = ["title", "transcript"]


class SessionInline(admin.TabularInline):
    model = models.Session
    extra = 1


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "official"]
    list_filter = ["module", "official"]
    inlines = [SessionInline]


@admin.register(models.Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    # Status changes go through the site's actions (waiting list, training records).
    list_display = ["user", "session", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["session", "user", "status", "created_at", "changed_at"]

    def has_add_permission(self, request):
        # Made only by the site (every field is read-only here): an empty add form would
        # save a row without its person.
        return False


@admin.register(models.MaterialRequest)
class MaterialRequestAdmin(admin.ModelAdmin):
    list_display = ["subject", "module", "user", "status", "created_at"]
    list_filter = ["status", "module"]


@admin.register(models.NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "published_on", "published"]
    list_filter = ["language", "published"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_on"
