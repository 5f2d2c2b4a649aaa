"""Webhook endpoints, what was sent to them, and every attempt."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Endpoint(models.Model):
    """An address that gets signed POSTs for the events its owner chose.

    A customer's endpoint (`organization` set, `for_staff` off) belongs to one of its
    SuperUsers and only ever gets that customer's tickets, never an internal change; it
    stops getting anything once its owner is no longer an active SuperUser of the
    customer. A staff endpoint gets one customer's events (`organization` set) or every
    customer's (empty). `secret` ("whsec_" + base64) signs every delivery; it is shown to
    the owner once and can be rotated. An endpoint whose deliveries keep failing is
    paused (`paused_at`) and its owner told; only the owner (or staff) resumes it.
    """

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        verbose_name=_("customer"),
        help_text=_("Empty: every customer (staff endpoints only)."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
    )
    for_staff = models.BooleanField(_("staff endpoint"), default=False, editable=False)
    url = models.CharField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Failed attempts in a row, and since when: a success resets both.
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True, editable=False)
    pause_reason = models.CharField(_("why paused"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.description or self.url

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class Delivery(models.Model):
    """One event for one endpoint: the signed body, sent until it succeeds or gives up.

    `message_id` is the `webhook-id` header: the same for every attempt and redelivery,
    so a receiver can tell a repeat from a new event. `body` is the exact JSON sent.
    `people` are the accounts whose personal data the body carries (the processing log
    gets an entry per person for each attempt).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (endpoint paused or off)")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_type = models.CharField(_("event"), max_length=40)
    message_id = models.CharField(_("webhook-id"), max_length=60, db_index=True)
    ticket_number = models.CharField(_("ticket"), max_length=16, blank=True)
    body = models.TextField(_("content"))
    people = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_list")]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.message_id})"


class Attempt(models.Model):
    """One HTTP POST of a delivery: when, the answer's status and first words, how long."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
