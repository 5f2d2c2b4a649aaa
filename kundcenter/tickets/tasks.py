"""Background tasks for tickets."""

from celery import shared_task

# --- periodic job (scheduled in kundcenter/celery.py) ----------------------------------------


@shared_task(name="kundcenter.tickets.tasks.forget_presence")
def forget_presence() -> str:
    """Delete the collision warning's heartbeats older than a day."""
    from kundcenter.tickets import presence

    return f"forgot {presence.forget_stale()} presence rows"


@shared_task(name="kundcenter.tickets.tasks.forget_pending_uploads")
def forget_pending_uploads() -> str:
    """Delete files kept for a new-ticket form whose session can no longer send them."""
    from kundcenter.tickets import pending_uploads

    return f"deleted {pending_uploads.prune()} kept uploads"
