from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """E-mail in (IMAP poller, MTA pipe) and out (notifications)."""

    name = "kundcenter.mail"
    label = "mail"
    verbose_name = _("E-mail")
