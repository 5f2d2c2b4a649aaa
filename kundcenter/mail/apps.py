from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """E-mail in (IMAP poller, MTA pipe) and out (notifications, through the outbox)."""

    name = "kundcenter.mail"
    label = "mail"
    verbose_name = _("E-mail")

    def ready(self):
        from kundcenter.mail import channel

        channel.connect()
