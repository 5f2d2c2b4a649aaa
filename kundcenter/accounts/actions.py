"""Domain actions on people and their customers.

Views (and later the API) change accounts only through these functions. Each action
checks first, changes inside one transaction and queues its e-mail to run after commit.
A refused action raises `ActionError` with a translated message and changes nothing.
Registering and forgotten passwords are in registration.py.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kundcenter.accounts.models import JoinRequest, Membership, Organization, User
from kundcenter.accounts.rules import (
    active_superusers,
    is_staff_role,
    may_manage_members,
    membership,
)
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.outbox.events import record_mail

log = logging.getLogger(__name__)


def _mail(recipient: User, subject: str, body: str) -> None:
    """Record one plain e-mail, sent after the change commits (kundcenter.outbox)."""
    if not recipient.email or not recipient.is_active:
        return
    record_mail(
        {
            "to": [recipient.email],
            "subject": subject,
            "body": body,
            "from_email": settings.DEFAULT_FROM_EMAIL,
        }
    )


# --- profile ------------------------------------------------------------------------------


def update_profile(user: User, *, full_name: str, phone: str, language: str) -> User:
    """Change a person's own name, phone number and language."""
    full_name = (full_name or "").strip()
    if not full_name:
        raise ActionError(_("Give your name."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ActionError(_("Choose a language."))
    user.full_name = full_name[:150]
    user.phone = (phone or "").strip()[:40]
    user.language = language
    user.save(update_fields=["full_name", "phone", "language"])
    return user


# --- joining a customer ------------------------------------------------------------------


def request_to_join(user: User, org_number: str, *, message: str = "", now=None):
    """Ask to join the customer with `org_number`; its SuperUsers decide.

    Returns the pending JoinRequest, or None when no request was made: the number
    belongs to no customer, or the person is already a member. The caller shows the
    same answer in every case, so a person cannot probe which companies are customers.
    """
    if is_staff_role(user):
        raise ActionError(_("Staff accounts are not linked to customers."))
    try:
        org_number = normalize_org_number(org_number)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from exc
    organization = Organization.objects.filter(org_number=org_number).first()
    if organization is None or membership(user, organization) is not None:
        return None
    existing = JoinRequest.objects.filter(
        user=user, organization=organization, status=JoinRequest.Status.PENDING
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                user=user,
                organization=organization,
                message=(message or "").strip()[:500],
                created_at=now or timezone.now(),
            )
            _tell_superusers_about(join_request)
    except IntegrityError:  # a double submit created it first
        return JoinRequest.objects.filter(
            user=user, organization=organization, status=JoinRequest.Status.PENDING
        ).first()
    return join_request


def decide_join_request(join_request: JoinRequest, user: User, *, approve: bool, now=None):
    """Approve (the person becomes a plain user of the customer) or reject a request.

    Only the customer's SuperUsers and support staff decide; the decision is recorded
    with who made it and when.
    """
    if not may_manage_members(user, join_request.organization):
        raise ActionError(_("Only the customer's SuperUsers can decide on requests to join."))
    now = now or timezone.now()
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequest.Status.PENDING:
            raise ActionError(_("This request has already been decided."))
        if approve:
            Membership.objects.get_or_create(
                user_id=join_request.user_id,
                organization_id=join_request.organization_id,
                defaults={"role": Membership.Role.USER, "created_at": now},
            )
            join_request.status = JoinRequest.Status.APPROVED
        else:
            join_request.status = JoinRequest.Status.REJECTED
        join_request.decided_by = user
        join_request.decided_at = now
        join_request.save(update_fields=["status", "decided_by", "decided_at"])
        _tell_requester_about(join_request)
    return join_request


# --- e-mails -------------------------------------------------------------------------------


def _tell_superusers_about(join_request: JoinRequest) -> None:
    organization = join_request.organization
    url = settings.SITE_URL + reverse("accounts:organization_detail", args=[organization.pk])
    superusers = active_superusers(organization)
    for superuser in superusers:
        with translation.override(superuser.language or settings.LANGUAGE_CODE):
            subject = _("%(name)s asks to join %(org)s") % {
                "name": join_request.user.full_name,
                "org": organization.name,
            }
            body = _(
                "%(name)s (%(email)s) has registered in the customer center and asks to "
                "join %(org)s.\n\nApprove or reject the request here: %(url)s\n"
            ) % {
                "name": join_request.user.full_name,
                "email": join_request.user.email,
                "org": organization.name,
                "url": url,
            }
            _mail(superuser, subject, body)


def _tell_requester_about(join_request: JoinRequest) -> None:
    requester = join_request.user
    with translation.override(requester.language or settings.LANGUAGE_CODE):
        if join_request.status == JoinRequest.Status.APPROVED:
            subject = _("You have joined %(org)s") % {"org": join_request.organization.name}
            body = _(
                "Your request to join %(org)s has been approved. Log in to see your "
                "organisation: %(url)s\n"
            )
        else:
            subject = _("Your request to join %(org)s") % {"org": join_request.organization.name}
            body = _(
                "Your request to join %(org)s was not approved. Ask your organisation's "
                "SuperUsers if you think this is a mistake.\n\n%(url)s\n"
            )
        body %= {
            "org": join_request.organization.name,
            "url": settings.SITE_URL + reverse("accounts:organization"),
        }
        _mail(requester, subject, body)
