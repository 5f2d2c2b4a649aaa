"""Background tasks for tickets."""

from celery import shared_task

# --- periodic job (scheduled in kundcenter/celery.py) ----------------------------------------


@shared_task(name="kundcenter.tickets.tasks.forget_presence")
def forget_presence() -> str:
    """Delete the collision warning's heartbeats older than a day."""
    from kundcenter.tickets import presence

    return f"forgot {presence.forget_stale()} presence rows"
