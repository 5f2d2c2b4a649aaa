"""What happened to support access grants, recorded for the channels that tell people.

The entitlement actions call the hooks inside their transaction; the periodic sweep calls
`warn_expiring_grants`. Each records one outbox row (kundcenter.outbox.events); the mails
themselves are built by the mail channel (kundcenter.mail.notifications) and are
essential (they cannot be turned off).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kundcenter.accounts.models import SupportAccessGrant
from kundcenter.outbox.events import record


def _queue(grant_id, change):
    record("grant_changed", {"grant_id": grant_id, "change": change})


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

    Each grant is claimed with a conditional UPDATE of `expiry_warned`, in one transaction
    with the outbox row of its warning, so two sweeps at once never warn twice and a sweep
    that dies never leaves a grant marked warned without its warning. Returns how many
    grants were claimed.
    """
    now = now or timezone.now()
    soon = now + timedelta(minutes=settings.GRANT_EXPIRY_WARNING_MINUTES)
    running = SupportAccessGrant.objects.filter(
        expiry_warned=False, revoked_at__isnull=True, starts_at__lte=now, expires_at__gt=now
    )
    ids = list(running.filter(expires_at__lte=soon).values_list("pk", flat=True)[:1000])
    claimed = 0
    for pk in ids:
        with transaction.atomic():
            if running.filter(pk=pk).update(expiry_warned=True):
                _queue(pk, "expiring")
                claimed += 1
    return claimed
