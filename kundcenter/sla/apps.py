from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    """The SLA app: business hours, service levels and due times."""

    name = "kundcenter.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self):
        from django.db.models.signals import post_migrate

        from kundcenter.sla.reference import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="sla-reference")
