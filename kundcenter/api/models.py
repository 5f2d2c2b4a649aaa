"""The systems allowed to call the API, each with its own token."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A system that calls Kundcenter's API, e.g. the billing system or the vendor's ERP.

    The token itself is never stored: only its SHA-256 hash, and a short prefix so that
    people can tell tokens apart. It is shown once, when the client is created
    (`manage.py create_api_client NAME`). Its name is what the customer's audit trail
    shows for everything the client does.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=16, db_index=True, editable=False)
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
