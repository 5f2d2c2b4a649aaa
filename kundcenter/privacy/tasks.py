"""The data-protection periodic jobs (kundcenter/celery.py lists when they run)."""

from celery import shared_task


@shared_task(name="kundcenter.privacy.tasks.purge_processing_log")
def purge_processing_log() -> str:
    """Delete processing-log entries older than PRIVACY_LOG_RETENTION_DAYS."""
    from kundcenter.privacy.retention import purge_processing_log as purge

    return f"deleted {purge()} processing-log entries past their retention"
