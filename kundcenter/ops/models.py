from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """When each periodic job last finished (one row per job, updated in place): the
    health endpoint tells monitoring when the SLA sweep has stopped running."""

    name = models.CharField(_("job"), max_length=80, unique=True)
    finished_at = models.DateTimeField(_("last finished"))
    succeeded = models.BooleanField(_("succeeded"), default=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self):
        return self.name


class PageGeneration(models.Model):
    """One row: a number raised after every committed write that a kept page could show
    (kundcenter.lib.page_cache). Written and read by plain SQL there."""

    n = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generations")

    def __str__(self):
        return str(self.n)
