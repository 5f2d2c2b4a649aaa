"""What the outbox holds: one row per consequence of a committed change, per channel."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxItem(models.Model):
    """One consequence of a committed change, waiting for its channel to deliver it.

    Written in the same transaction as the change (`kundcenter.outbox.events.record`), so
    it exists exactly when the change does: a broker that is down, a worker killed while
    delivering or a poller killed after its commit delays the consequence, never loses it.
    Delivered, the row is deleted. A delivery claims the row with a conditional UPDATE
    (`attempts` as read, `next_attempt_at` due) that also moves `next_attempt_at` out by
    the lease, so two workers never deliver it twice and one that dies leaves it to be
    tried again. Given up (`gave_up_at`), `next_attempt_at` is empty and only staff can ask
    for another attempt. `payload` is plain JSON: ids for the channels to read, or for
    `email`, the whole rendered message (Message-ID included, so every attempt sends the
    same mail).
    """

    topic = models.CharField(_("what happened"), max_length=60)
    channel = models.CharField(_("delivered by"), max_length=30)
    payload = models.JSONField(_("content"), default=dict)
    # For staff's list and search, and for erasure and export by address (mail only).
    recipient = models.CharField(_("to"), max_length=254, blank=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Empty once given up: delivery looks only at rows whose time has come.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    gave_up_at = models.DateTimeField(_("given up"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outbox item")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.topic} → {self.channel} #{self.pk}"
