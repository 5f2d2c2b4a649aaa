from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed webhooks to customers' and the vendor's own systems, through the outbox."""

    name = "kundcenter.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from kundcenter.webhooks import channel

        channel.connect()
