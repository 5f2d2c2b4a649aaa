"""Background tasks for accounts: registering, mailing password-reset links and deleting
registrations that were never confirmed (kundcenter.accounts.registration).

The registration and password-reset views only queue these, with the address, so the
request does the same work whether or not the address has an account; the task decides
what its owner is told. With REDIS_URL a worker runs them; otherwise they run in-process
when queued (kundcenter/celery.py).
"""

from celery import shared_task


@shared_task(name="kundcenter.accounts.tasks.register")
def register(email: str, full_name: str, password_hash: str, language: str) -> str:
    """Create an unconfirmed account, renew one, or tell the owner of a taken address."""
    from kundcenter.accounts import registration

    return registration.register(
        email=email, full_name=full_name, password_hash=password_hash, language=language
    )


@shared_task(name="kundcenter.accounts.tasks.send_password_reset")
def send_password_reset(email: str) -> int:
    """Mail a link to choose a new password if `email` has an active account."""
    from kundcenter.accounts import registration

    return registration.mail_password_reset(email)


# --- periodic job (scheduled in kundcenter/celery.py) ----------------------------------------


@shared_task(name="kundcenter.accounts.tasks.delete_unconfirmed_accounts")
def delete_unconfirmed_accounts() -> str:
    """Delete the registrations whose confirmation link expired unused."""
    from kundcenter.accounts import registration

    return f"deleted {registration.delete_unconfirmed_accounts()} unconfirmed accounts"
