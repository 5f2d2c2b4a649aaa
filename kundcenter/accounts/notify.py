"""Notifications about support access grants: thin hooks that queue the notification task.

The entitlement actions call the hooks from `transaction.on_commit`; the periodic sweep
calls `warn_expiring_grants`. The mails themselves are built in
kundcenter.mail.notifications and are essential (they cannot be turned off).
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kundcenter.accounts.models import SupportAccessGrant


def _queue(grant_id, change):
    from kundcenter.mail.tasks import queue_notification

    queue_notification("grant_changed", grant_id=grant_id, change=change)


def grant_given(grant):
    """The customer's SuperUsers hear that support may log in to their setup, and until when."""
    _queue(grant.pk, "given")


def grant_revoked(grant):
    """The customer's SuperUsers hear that a grant was ended early, and by whom."""
    _queue(grant.pk, "revoked")


def grant_expiring(grant):
    """The customer's SuperUsers hear that a grant ends within the hour."""
    _queue(grant.pk, "expiring")


def warn_expiring_grants(now=None) -> int:
    """Tell the SuperUsers once about each grant ending within GRANT_EXPIRY_WARNING_MINUTES.

    Each grant is claimed with a conditional UPDATE of `expiry_warned`, so two sweeps at
    once never warn twice. Returns how many grants were claimed.
    """
    now = now or timezone.now()
    soon = now + timedelta(minutes=settings.GRANT_EXPIRY_WARNING_MINUTES)
    running = SupportAccessGrant.objects.filter(
        expiry_warned=False, revoked_at__isnull=True, starts_at__lte=now, expires_at__gt=now
    )
    ids = list(running.filter(expires_at__lte=soon).values_list("pk", flat=True)[:1000])
    claimed = 0
    for pk in ids:
        if running.filter(pk=pk).update(expiry_warned=True):
            transaction.on_commit(partial(_queue, pk, "expiring"))
            claimed += 1
    return claimed
