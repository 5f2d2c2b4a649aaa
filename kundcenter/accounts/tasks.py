"""Background tasks for accounts: deleting registrations that were never confirmed
(kundcenter.accounts.registration).

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
