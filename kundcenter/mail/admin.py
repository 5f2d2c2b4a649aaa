"""Inbound and outbound mail in the Django admin: for looking things up only.

Staff read received mail on the pages under /epost/; here the rows are read-only, since
each one records what already happened. A refusal notice may be deleted to let a sender
be answered again at once. Outgoing mail waiting to go out is listed with the outbox
(kundcenter.outbox.admin).
"""

from django.contrib import admin

from kundcenter.mail.models import InboundMessage, OutboundMessage, RefusalNotice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender_email", "subject", "outcome", "reason_code", "ticket"]
    list_filter = ["outcome", "reason_code", "source"]
    list_select_related = ["ticket"]
    search_fields = ["sender_email", "subject", "message_key", "ticket__number"]
    exclude = ["raw"]
    date_hierarchy = "received_at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "message_id", "ticket"]
    list_select_related = ["ticket"]
    search_fields = ["message_id", "ticket__number"]
    raw_id_fields = ["ticket"]


@admin.register(RefusalNotice)
class RefusalNoticeAdmin(ReadOnlyAdmin):
    list_display = ["sender_email", "last_sent_at"]
    search_fields = ["sender_email"]
