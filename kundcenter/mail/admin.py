"""Inbound and outbound mail in the Django admin: for looking things up only.

Staff read received mail on the pages under /epost/; here the rows are read-only, since
each one records what already happened. A refusal notice may be deleted to let a sender
be answered again at once. Pending outgoing mail (the outbox) is listed with why it has
not gone out yet, and can be tried again at once, given up or not.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kundcenter.mail import outbox
from kundcenter.mail.models import InboundMessage, OutboundMessage, PendingMail, RefusalNotice


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


@admin.register(PendingMail)
class PendingMailAdmin(ReadOnlyAdmin):
    list_display = [
        "recipient",
        "subject",
        "created_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "gave_up_at",
    ]
    list_filter = [("gave_up_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "subject"]
    actions = ["try_again_now"]

    @admin.action(description=_("Try again now"))
    def try_again_now(self, request, queryset):
        count = outbox.try_again_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d mail will be sent at the next run of the outbox job.",
                "%(count)d mails will be sent at the next run of the outbox job.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
