"""Each periodic job's last run, recorded when its task finishes (worker or in-process).

One UPDATE per job run (an INSERT the first time): the SLA sweep runs once a minute.
"""

import logging

from celery.signals import task_postrun
from django.db import DatabaseError
from django.utils import timezone

log = logging.getLogger(__name__)


def _periodic_task_names() -> dict[str, str]:
    from kundcenter.celery import PERIODIC_JOBS

    return {job.task: job.name for job in PERIODIC_JOBS}


def record(name: str, *, succeeded: bool = True, now=None) -> None:
    from kundcenter.ops.models import JobRun

    JobRun.objects.update_or_create(
        name=name, defaults={"finished_at": now or timezone.now(), "succeeded": succeeded}
    )


def last_run(name: str):
    from kundcenter.ops.models import JobRun

    return JobRun.objects.filter(name=name).first()


@task_postrun.connect
def _after_task(sender=None, task=None, state=None, **_kwargs):
    name = _periodic_task_names().get(getattr(task, "name", None) or getattr(sender, "name", ""))
    if name is None:
        return
    try:
        record(name, succeeded=state == "SUCCESS")
    except DatabaseError as exc:  # the job itself is done; monitoring will see the gap
        log.warning("could not record the run of %s: %s", name, exc)
