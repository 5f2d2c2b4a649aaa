"""Background tasks for accounts: deleting registrations that were never confirmed
(kundcenter.accounts.registration) and sessions that expired.

Registrations and password resets are not tasks: the request records them in the outbox,
and their delivery acts on them (AccountsConfig.ready subscribes).
"""

from celery import shared_task

# --- periodic job (scheduled in kundcenter/celery.py) ----------------------------------------


@shared_task(name="kundcenter.accounts.tasks.delete_unconfirmed_accounts")
def delete_unconfirmed_accounts() -> str:
    """Delete the registrations whose confirmation link expired unused."""
    from kundcenter.accounts import registration

    return f"deleted {registration.delete_unconfirmed_accounts()} unconfirmed accounts"


@shared_task(name="kundcenter.accounts.tasks.clear_expired_sessions")
def clear_expired_sessions() -> str:
    """Delete expired sessions: they may hold an address (`registration_sent_to`)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _per_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"deleted {deleted} expired sessions"
