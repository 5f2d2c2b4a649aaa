"""The SLA's periodic job, run by the worker's beat with REDIS_URL or by
`manage.py run_scheduler` in the embedded default (kundcenter/celery.py)."""

from celery import shared_task


@shared_task(name="kundcenter.sla.tasks.sla_sweep")
def sla_sweep() -> str:
    """The SLA sweep, then the support access grants that have ended or end soon."""
    from kundcenter.accounts.entitlements import record_expired_grants
    from kundcenter.accounts.notify import warn_expiring_grants
    from kundcenter.sla.sweep import sweep

    result = sweep()
    expired = record_expired_grants()
    expiring = warn_expiring_grants()
    return (
        f"warned {len(result.warned)}, handling late {len(result.response_breached)}, "
        f"resolution late {len(result.resolution_breached)}, access grants expired {expired}, "
        f"ending soon {expiring}"
    )
