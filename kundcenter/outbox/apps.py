from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The transactional outbox: consequences recorded with a change, delivered after it."""

    name = "kundcenter.outbox"
    label = "outbox"
    verbose_name = _("Outbox")
