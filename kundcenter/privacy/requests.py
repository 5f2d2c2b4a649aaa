"""Data-subject requests (export, correction, erasure) and their one-month deadline."""

import calendar
import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError
from kundcenter.privacy.models import DataSubjectRequest

HANDLER_ROLES = (User.StaffRole.MANAGER, User.StaffRole.ADMIN)


def may_handle_requests(user) -> bool:
    """Support managers and administrators handle data-subject requests."""
    return is_staff_role(user, *HANDLER_ROLES)


def add_one_month(moment: datetime.datetime) -> datetime.datetime:
    """The same day and time next month, or that month's last day (31 Jan → 28/29 Feb).

    GDPR art. 12(3): one month from receipt, counted as a calendar month in local time.
    """
    local = timezone.localtime(moment)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def register_request(*, by, kind, email="", user=None, received_at=None, note=""):
    """Record a request received by staff; its deadline is one month from receipt."""
    if not may_handle_requests(by):
        raise ActionError(_("Only support managers and administrators handle these requests."))
    if kind not in DataSubjectRequest.Kind.values:
        raise ActionError(_("Choose what the person asks for."))
    email = (email or "").strip().lower()
    if user is None and email:
        user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None and not email:
        raise ActionError(_("Give the person's e-mail address."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(_("Enter a valid e-mail address.")) from None
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ActionError(_("A request cannot be received in the future."))
    return DataSubjectRequest.objects.create(
        user=user,
        email=email or user.email,
        kind=kind,
        received_at=received_at,
        due_at=add_one_month(received_at),
        note=(note or "").strip(),
    )


def close_request(dsr: DataSubjectRequest, *, by, status=DataSubjectRequest.Status.DONE, note=""):
    """Mark a request handled (done or refused) by `by`."""
    if not may_handle_requests(by):
        raise ActionError(_("Only support managers and administrators handle these requests."))
    if dsr.status != DataSubjectRequest.Status.OPEN:
        raise ActionError(_("This request has already been handled."))
    if status == DataSubjectRequest.Status.REFUSED and not (note or "").strip():
        raise ActionError(_("Say why the request is refused."))
    dsr.status = status
    dsr.handled_by = by
    dsr.handled_at = timezone.now()
    if note.strip():
        dsr.note = (dsr.note + "\n" + note.strip()).strip()
    dsr.save(update_fields=["status", "handled_by", "handled_at", "note"])
    return dsr


def correct_person(person, *, by, full_name, email, phone) -> list[str]:
    """Staff correct a person's name, e-mail address and phone; returns the changed fields."""
    if not may_handle_requests(by):
        raise ActionError(_("Only support managers and administrators handle these requests."))
    full_name = (full_name or "").strip()
    email = (email or "").strip().lower()
    if not full_name:
        raise ActionError(_("Give the person's name."))
    try:
        validate_email(email)
    except ValidationError:
        raise ActionError(_("Enter a valid e-mail address.")) from None
    others = get_user_model().objects.filter(email__iexact=email).exclude(pk=person.pk)
    if others.exists():
        raise ActionError(_("Another account already uses this e-mail address."))
    values = {"full_name": full_name[:150], "email": email, "phone": (phone or "").strip()[:40]}
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save(update_fields=changed)
    return changed
