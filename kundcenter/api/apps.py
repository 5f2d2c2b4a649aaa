from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The machine-to-machine API (django-ninja) and the clients allowed to call it."""

    name = "kundcenter.api"
    label = "api"
    verbose_name = _("API")
