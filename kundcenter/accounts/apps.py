from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kundcenter.accounts"
    label = "accounts"
    verbose_name = _("Customers and people")

    def ready(self):
        from django.db.models.signals import post_migrate

        from kundcenter.accounts.reference import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="accounts-reference")
