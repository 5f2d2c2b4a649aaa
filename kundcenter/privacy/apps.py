from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kundcenter.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from kundcenter.privacy import append_only, changes

        changes.connect()
        append_only.connect()
