from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """Services to order, version files to download and feedback on the customer center."""

    name = "kundcenter.catalog"
    label = "catalog"
    verbose_name = _("Services and downloads")
