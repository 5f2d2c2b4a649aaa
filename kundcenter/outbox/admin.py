"""The outbox in the Django admin: what waits to be delivered, and why it has not gone yet.

Read-only, since each row records a consequence of a change that happened; a row can be
tried again at once, given up or not.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem


@admin.register(OutboxItem)
class OutboxItemAdmin(admin.ModelAdmin):
    list_display = [
        "topic",
        "channel",
        "recipient",
        "summary",
        "created_at",
        "attempts",
        "next_attempt_at",
        "last_error",
        "gave_up_at",
    ]
    list_filter = ["channel", "topic", ("gave_up_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "summary"]
    # The content may hold a password hash (a registration) or a link: not shown.
    exclude = ["payload"]
    actions = ["try_again_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try again now"))
    def try_again_now(self, request, queryset):
        count = delivery.try_again_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d item will be delivered at the next run of the outbox job.",
                "%(count)d items will be delivered at the next run of the outbox job.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
