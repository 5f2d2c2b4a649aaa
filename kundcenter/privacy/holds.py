"""Legal holds: keeping a person's or a customer's data from erasure while a dispute, an
audit or an authority's order needs it.

A hold is placed and released by support managers and administrators, with a reason each
time; released holds stay listed (who released it, when and why) as the audit trail.
While a hold is active, `erasure.erasure_refusal` refuses to erase the people it covers.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.models import Organization
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.privacy.models import LegalHold
from kundcenter.privacy.requests import may_handle_requests


def _check_handler(by):
    if not may_handle_requests(by):
        raise ActionError(_("Only support managers and administrators handle legal holds."))


def find_hold_target(*, email: str = "", org_number: str = ""):
    """The person (by e-mail address) or customer (by organisation number) to hold.

    Returns (user, organization) with exactly one of them set, or refuses with a message
    that says which field to fix.
    """
    email = (email or "").strip()
    org_number = (org_number or "").strip()
    if bool(email) == bool(org_number):
        raise ActionError(_("Give either a person's e-mail address or a customer's number."))
    if email:
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise ActionError(_("No account has the e-mail address %(email)s.") % {"email": email})
        return user, None
    try:
        normalized = normalize_org_number(org_number)
    except ValidationError as exc:
        raise ActionError(exc.messages[0]) from None
    organization = Organization.objects.filter(org_number=normalized).first()
    if organization is None:
        raise ActionError(
            _("No customer has the organisation number %(number)s.") % {"number": normalized}
        )
    return None, organization


def place_hold(*, by, reason: str, user=None, organization=None) -> LegalHold:
    """Place a legal hold on a person or a customer; erasure of the covered people stops."""
    _check_handler(by)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(
            _(
                "Say why the data must be kept (the reason is shown to anyone "
                "who tries to erase it)."
            )
        )
    if (user is None) == (organization is None):
        raise ActionError(_("Give either a person's e-mail address or a customer's number."))
    existing = LegalHold.objects.filter(active=True, user=user, organization=organization)
    if existing.exists():
        raise ActionError(_("There is already an active legal hold on them."))
    return LegalHold.objects.create(
        user=user, organization=organization, reason=reason[:300], set_by=by
    )


def release_hold(hold: LegalHold, *, by, reason: str) -> LegalHold:
    """Release an active hold; it stays in the list with who released it and why."""
    _check_handler(by)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Say why the hold is released."))
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not hold.active:
            raise ActionError(_("This legal hold has already been released."))
        hold.active = False
        hold.released_by = by
        hold.released_at = timezone.now()
        hold.release_reason = reason[:300]
        hold.save(update_fields=["active", "released_by", "released_at", "release_reason"])
    return hold
