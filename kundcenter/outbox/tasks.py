"""The outbox's tasks: deliver rows handed over after a commit, and the periodic job."""

from celery import shared_task


@shared_task(name="kundcenter.outbox.tasks.deliver", ignore_result=True)
def deliver(ids: list[int]) -> str:
    """Deliver the rows a committed transaction recorded (kundcenter.outbox.events)."""
    from kundcenter.outbox import delivery

    return str(delivery.deliver(ids=ids))


@shared_task(name="kundcenter.outbox.tasks.deliver_outbox")
def deliver_outbox() -> str:
    """The periodic job: deliver whatever is due (handed over or not), with back-off."""
    from kundcenter.outbox import delivery

    return str(delivery.deliver_due())
