from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    """Akademi: release notes, documentation, videos, trainings and material requests."""

    name = "kundcenter.academy"
    label = "academy"
    verbose_name = _("Academy")
