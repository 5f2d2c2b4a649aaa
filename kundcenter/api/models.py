"""Who may call the API: the vendor's systems (clients) and people (personal tokens)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may be used for; each endpoint needs one of these."""

    TICKETS_READ = "tickets:read", _("Read tickets")
    TICKETS_WRITE = "tickets:write", _("Write tickets")
    CUSTOMERS = "customers", _("Customers and their entitlements")
    BILLING = "billing", _("Billing: time, cost proposals, payment standing")
    ACCESS = "access", _("Support-access checks")
    WEBHOOKS = "webhooks", _("Webhook endpoints and their deliveries")


ALL_SCOPES = [scope.value for scope in Scope]


def all_scopes():
    return list(ALL_SCOPES)


class ApiClient(models.Model):
    """A system that calls Kundcenter's API, e.g. the billing system or the vendor's ERP.

    The token itself is never stored: only its SHA-256 hash, and a short prefix so that
    people can tell tokens apart. It is shown once, when the client is created
    (`manage.py create_api_client NAME`). Its name is what the customer's audit trail
    shows for everything the client does. `scopes` lists what it may be used for.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=16, db_index=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=all_scopes, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive client's token is refused.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name


class PersonalToken(models.Model):
    """A person's own API token: calls made with it act as that person, under the same
    rules as the web (a staff member's token works only while two-factor is on).

    Like a client's token it is stored as a SHA-256 hash with a short prefix, and shown
    once when made on the profile page. Revoking it sets `revoked_at`; it is refused
    from then on.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=16, db_index=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=all_scopes, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal API token")
        verbose_name_plural = _("personal API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The first answer to a create sent with an `Idempotency-Key`: the same key and body
    get this answer again instead of a second ticket (kundcenter.api.idempotency)."""

    owner = models.CharField(max_length=40)  # "client:12" or "token:34"
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="api_idempotency_owner_key")
        ]

    def __str__(self):
        return f"{self.owner} {self.key}"
