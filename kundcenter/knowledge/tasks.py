"""The knowledge base's periodic job (kundcenter/celery.py lists when it runs)."""

from celery import shared_task


@shared_task(name="kundcenter.knowledge.tasks.purge_unanswered_searches")
def purge_unanswered_searches() -> str:
    """Delete the counts of searches without answer past UNANSWERED_SEARCH_RETENTION_DAYS."""
    from kundcenter.knowledge.actions import purge_unanswered_searches as purge

    return f"deleted {purge()} searches without answer past their retention"
