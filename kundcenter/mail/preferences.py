"""Which notification e-mails a person may turn off, and the action that saves their choice.

Only optional mail has a switch; essential mail (the ticket number on registration, a
cost proposal or a fix waiting for the customer, access grant changes, password resets)
is always sent (kundcenter.mail.notifications).
"""

from django.utils import timezone

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.mail.models import NotificationPreference
from kundcenter.mail.notifications import (
    ASSIGNMENTS,
    MENTIONS,
    REPLIES,
    SLA_ALERTS,
    STATUS_CHANGES,
    TEAM_NEW_TICKETS,
)


def optional_kinds_for(user: User) -> list[str]:
    """The optional mails `user` can receive at all, so the profile offers only those."""
    if not is_staff_role(user):
        return [REPLIES, STATUS_CHANGES]
    kinds = [REPLIES]
    if user.staff_role == User.StaffRole.SPECIALIST:
        kinds.append(TEAM_NEW_TICKETS)
    if user.staff_role in (User.StaffRole.SPECIALIST, User.StaffRole.MANAGER):
        kinds.append(SLA_ALERTS)
    # Colleagues may mention or assign anyone on staff.
    kinds += [MENTIONS, ASSIGNMENTS]
    return kinds


def preferences_for(user: User) -> NotificationPreference:
    """The person's preferences; an unsaved all-on row when they never changed them."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def update_preferences(user: User, **choices: bool) -> NotificationPreference:
    """Save which optional mails `user` wants. Kinds they cannot receive are left as is."""
    allowed = optional_kinds_for(user)
    preference = preferences_for(user)
    for kind in allowed:
        if kind in choices:
            setattr(preference, kind, bool(choices[kind]))
    preference.updated_at = timezone.now()
    if preference.pk is None:
        preference.save(force_insert=True)
    else:
        preference.save(update_fields=[*allowed, "updated_at"])
    return preference
