from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    """The SLA app: business hours, service levels and due times."""

    name = "kundcenter.sla"
    label = "sla"
    verbose_name = _("Service levels")
