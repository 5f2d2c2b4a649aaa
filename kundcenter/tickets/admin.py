"""Tickets in the Django admin: for looking things up, not for working them.

Status, number, lane and history change only through the actions (the agent pages), so
they are read-only here; the event log cannot be edited at all.
"""

from django.contrib import admin

from kundcenter.tickets.models import (
    Attachment,
    Macro,
    Message,
    PhoneCall,
    Survey,
    Tag,
    Ticket,
    TicketEvent,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "author", "internal", "channel", "body"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["created_at", "kind", "actor", "old_value", "new_value", "reason", "public"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "organization", "category", "status", "team", "created_at"]
    list_filter = ["status", "category", "lane", "team", "service_level"]
    list_select_related = ["organization", "team"]
    search_fields = ["^number", "title"]
    raw_id_fields = ["reporter", "module"]
    editable_fields = {"title", "description", "module", "reporter"}
    show_full_result_count = False
    list_per_page = 50
    inlines = [MessageInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        # Everything but plain corrections changes only through the actions, which write
        # the history (status, category, level, team, lane, assignee, SLA clock, …).
        return [f.name for f in Ticket._meta.fields if f.name not in self.editable_fields | {"id"}]

    def has_add_permission(self, request):
        # Tickets are registered through the portal, e-mail or the agent pages.
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["ticket", "author", "internal", "channel", "created_at"]
    list_filter = ["internal", "channel"]
    list_select_related = ["ticket", "author"]
    search_fields = ["=ticket__number"]
    raw_id_fields = ["ticket", "author"]
    readonly_fields = ["ticket", "author", "internal", "channel", "created_at"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "ticket", "content_type", "size", "internal", "created_at"]
    list_select_related = ["ticket"]
    search_fields = ["=ticket__number", "filename"]
    raw_id_fields = ["ticket", "message", "uploaded_by"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(TicketEvent)
class TicketEventAdmin(admin.ModelAdmin):
    list_display = ["ticket", "kind", "actor", "old_value", "new_value", "public", "created_at"]
    list_filter = ["kind", "public"]
    list_select_related = ["ticket", "actor"]
    search_fields = ["=ticket__number"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhoneCall)
class PhoneCallAdmin(admin.ModelAdmin):
    """The call log, to look up; calls come from the agent side and the switchboard API."""

    list_display = ["started_at", "waited_seconds", "team", "handled_by", "ticket", "source"]
    list_filter = ["source", "team"]
    list_select_related = ["team", "handled_by", "ticket"]
    date_hierarchy = "started_at"
    raw_id_fields = ["handled_by", "ticket", "organization"]
    readonly_fields = ["source", "external_id", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Customer-satisfaction answers, to look up; answered by customers, followed up by the
    support manager in the workspace (kundcenter.tickets.surveys), never edited here."""

    list_display = ["ticket", "score", "team", "category", "specialist", "answered_at"]
    list_filter = ["score", "team", "category"]
    list_select_related = ["ticket", "team", "specialist"]
    search_fields = ["=ticket__number"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are added to tickets on the agent pages (with events); here they can be renamed."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    """Canned replies are managed in the workspace (Makron); the admin is for looking up."""

    list_display = ["name", "team", "owner", "set_status", "updated_at"]
    list_filter = ["team"]
    search_fields = ["name", "body_sv", "body_en"]
    raw_id_fields = ["owner", "created_by"]
