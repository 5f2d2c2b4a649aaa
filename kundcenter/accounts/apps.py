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
        from django.contrib.auth.signals import user_logged_in

        from kundcenter.accounts.middleware import mark_refreshed

        user_logged_in.connect(mark_refreshed, dispatch_uid="accounts-session-refreshed")
        self._subscribe()

    @staticmethod
    def _subscribe():
        """Registrations and password resets are recorded by the request and acted on
        when delivered from the outbox, so the request never looks the address up."""
        from kundcenter.accounts import registration
        from kundcenter.outbox.events import subscribe

        subscribe(
            registration.REGISTRATION_REQUESTED,
            "accounts",
            lambda payload: registration.register(**payload),
            transactional=True,
        )
        subscribe(
            registration.PASSWORD_RESET_REQUESTED,
            "accounts",
            lambda payload: registration.mail_password_reset(payload["email"]),
            transactional=True,
        )
