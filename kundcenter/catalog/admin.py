from django.contrib import admin

from kundcenter.catalog import actions, models


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "module", "price_model", "active"]
    list_filter = ["group", "active", "module"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]


class ReleaseInline(admin.TabularInline):
    model = models.ProductRelease
    fields = ["version", "released_on", "file", "size", "sha256"]
    readonly_fields = ["size", "sha256"]
    extra = 0
    show_change_link = True


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["modules"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReleaseInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if "file" in inline_form.changed_data and inline_form.cleaned_data.get("file"):
                actions.fill_checksum(inline_form.instance, inline_form.cleaned_data["file"])
        super().save_formset(request, form, formset, change)


@admin.register(models.ProductRelease)
class ProductReleaseAdmin(admin.ModelAdmin):
    list_display = ["product", "version", "released_on", "size", "sha256"]
    list_filter = ["product"]
    readonly_fields = ["filename", "size", "sha256"]

    def save_model(self, request, obj, form, change):
        # The checksum is computed from the uploaded bytes, never typed in.
        if "file" in form.changed_data and form.cleaned_data.get("file"):
            actions.fill_checksum(obj, form.cleaned_data["file"])
        super().save_model(request, obj, form, change)


@admin.register(models.DownloadLog)
class DownloadLogAdmin(admin.ModelAdmin):
    list_display = ["release", "user", "downloaded_at"]
    list_filter = ["release__product"]
    readonly_fields = ["release", "user", "downloaded_at"]

    def has_add_permission(self, request):
        # Made only by the site (every field is read-only here): an empty add form would
        # save a row without its person.
        return False


@admin.register(models.Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "status", "created_at"]
    list_filter = ["status"]
