from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Kundcenter in production: deployment checks, the health endpoint, job
    heartbeats, request ids in the logs."""

    name = "kundcenter.ops"
    verbose_name = _("Operations")

    def ready(self):
        from kundcenter.lib import page_cache, prepared
        from kundcenter.ops import checks, heartbeat  # noqa: F401 - registers checks and signals

        # Every connection's writes raise the data generation kept pages are checked by.
        page_cache.install()
        # On PostgreSQL, searches are planned with their words, never prepared.
        prepared.install()
