"""In-app notifications: the bell in the staff header and its list."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One thing a staff member should know about: a mention, an assignment, a customer's
    reply on their ticket, a service-level warning. Written by the outbox subscriber
    (kundcenter.notices.channel) after the change committed; read by its recipient only."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Mentioned you")
        ASSIGNED = "assigned", _("Assigned to you")
        REPLY = "reply", _("Customer replied")
        SLA_WARNING = "sla_warning", _("Handling due soon")
        SLA_BREACH = "sla_breach", _("Service level breached")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ticket"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    excerpt = models.CharField(_("excerpt"), max_length=200, blank=True)
    # The message it is about (a mention, a reply), to jump to it on the ticket page.
    message_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_list"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.ticket_id}"
