from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-app notifications for staff: a subscriber of the outbox, like the mail channel."""

    name = "kundcenter.notices"
    label = "notices"
    verbose_name = _("In-app notifications")

    def ready(self):
        from kundcenter.notices import channel

        channel.connect()
