"""The vendor's systems: support-access checks, payment standing and the phone call log.

A client's token (or a staff member's own) with the scope `access`, `billing` or
`tickets:write` respectively.
"""

from datetime import datetime, timedelta
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from kundcenter.accounts import entitlements
from kundcenter.accounts.models import Organization, Team, User
from kundcenter.api import auth
from kundcenter.api.common import Day, Moment, Text, answers, local, require_staff_or_system
from kundcenter.api.problems import ApiProblem
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.tickets import phone
from kundcenter.tickets.models import Ticket

router = Router(tags=["Systems"])


def customer_or_404(org_number: str) -> Organization:
    """The customer with this organisationsnummer (with or without dash), else 404."""
    try:
        normalized = normalize_org_number((org_number or "")[:40])
    except DjangoValidationError as exc:
        raise ApiProblem(
            404, _("No customer with organisation number %(number)s.") % {"number": org_number[:40]}
        ) from exc
    organization = Organization.objects.filter(org_number=normalized).first()
    if organization is None:
        raise ApiProblem(
            404, _("No customer with organisation number %(number)s.") % {"number": normalized}
        )
    return organization


class AccessAnswer(Schema):
    customer: str = Field(description="The customer's organisationsnummer.")
    audience: Literal["support", "consultant"]
    allowed: bool = Field(description="May the audience log in to the customer's setup now?")
    until: datetime | None = Field(description="When the access ends; null when not allowed.")


@router.get(
    "/customers/{org_number}/access",
    response=answers((200, AccessAnswer)),
    auth=auth.ACCESS,
    summary="May support or a consultant log in to the customer's setup now?",
)
def access(request, org_number: str, audience: Literal["support", "consultant"]):
    """Kundcenter is the authority: the answer follows the customer's grants, and every
    check is recorded in the customer's audit trail with this client's name."""
    require_staff_or_system(request)
    organization = customer_or_404(org_number)
    allowed, until = entitlements.check_access(
        organization, audience, client_label=request.auth.name
    )
    return {
        "customer": organization.org_number,
        "audience": audience,
        "allowed": allowed,
        "until": local(until),
    }


class PaymentStandingIn(Schema):
    standing: Literal["overdue", "good"]
    note: Text = Field(
        "", max_length=300, description="Why; the customer's SuperUsers see it in the audit trail."
    )
    on: Day | None = Field(
        None, alias="date", description="The date the standing applies from (YYYY-MM-DD)."
    )


class PaymentStandingOut(Schema):
    customer: str
    standing: Literal["overdue", "good"]
    note: str
    changed_at: datetime | None


@router.post(
    "/customers/{org_number}/payment-standing",
    response=answers((200, PaymentStandingOut)),
    auth=auth.BILLING,
    summary="Set the customer overdue or in good standing (the billing system).",
)
def payment_standing(request, org_number: str, payload: PaymentStandingIn):
    """While overdue, the customer gets no new support; the change is in its audit trail."""
    require_staff_or_system(request)
    organization = entitlements.set_payment_standing(
        customer_or_404(org_number),
        payload.standing,
        note=payload.note,
        actor_label=request.auth.name,
        as_of=payload.on,
    )
    return {
        "customer": organization.org_number,
        "standing": organization.payment_standing,
        "note": organization.payment_note,
        "changed_at": local(organization.payment_changed_at),
    }


class PhoneCallIn(Schema):
    external_id: Text = Field(
        min_length=1, max_length=100, description="The switchboard's id of the call."
    )
    started_at: Moment | None = Field(
        None, description="When the caller reached the queue (or give answered_at)."
    )
    answered_at: Moment | None = Field(
        None, description="When the call was answered; started_at is this minus the wait."
    )
    waited_seconds: int = Field(ge=0, le=phone.MAX_WAITED_SECONDS)
    team: Text | None = Field(
        None, max_length=100, description="The team chosen in the switchboard: slug or id."
    )
    handled_by: Text | None = Field(
        None, max_length=254, description="The e-mail address of the staff member."
    )
    ticket: Text | None = Field(None, max_length=40, description="The ticket number.")
    customer: Text | None = Field(None, max_length=40, description="The organisationsnummer.")
    caller_number: Text = Field("", max_length=40)


class PhoneCallOut(Schema):
    id: int
    external_id: str
    started_at: datetime
    waited_seconds: int
    team: str | None
    handled_by: str | None
    ticket: str | None
    customer: str | None


def _aware(moment: datetime | None) -> datetime | None:
    """A time without an offset is Stockholm time, as people write it."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _team(value: str | None) -> Team | None:
    if not value:
        return None
    value = value.strip()
    lookup = {"pk": int(value)} if value.isascii() and value.isdigit() else {"slug": value}
    if "pk" in lookup and not 0 < lookup["pk"] < 2**63:
        lookup = {"slug": value}
    team = Team.objects.filter(**lookup).first()
    if team is None:
        raise ActionError(_("No team %(team)s.") % {"team": value})
    return team


def _staff(email: str | None) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.staff_role:
        raise ActionError(
            _("No support staff member with the e-mail address %(email)s.")
            % {"email": email.strip()}
        )
    return user


def _ticket(number: str | None) -> Ticket | None:
    if not number:
        return None
    ticket = Ticket.objects.select_related("organization").filter(number=number.strip()).first()
    if ticket is None:
        raise ActionError(_("No ticket with number %(number)s.") % {"number": number.strip()})
    return ticket


def _call_answer(call) -> dict:
    return {
        "id": call.pk,
        "external_id": call.external_id,
        "started_at": local(call.started_at),
        "waited_seconds": call.waited_seconds,
        "team": call.team.slug if call.team else None,
        "handled_by": call.handled_by.email if call.handled_by else None,
        "ticket": call.ticket.number if call.ticket else None,
        "customer": call.organization.org_number if call.organization else None,
    }


@router.post(
    "/phone/calls",
    response=answers((200, PhoneCallOut), (201, PhoneCallOut)),
    auth=auth.WRITE_TICKETS,
    summary="Report a call to the call log (the switchboard); idempotent on external_id.",
)
def phone_call(request, payload: PhoneCallIn):
    """201 with the new call; 200 with the call made the first time when external_id was
    reported before (the first report counts). The average phone wait that customers see
    is computed from these calls."""
    require_staff_or_system(request)
    started_at, answered_at = _aware(payload.started_at), _aware(payload.answered_at)
    if started_at is None and answered_at is not None:
        started_at = answered_at - timedelta(seconds=payload.waited_seconds)
    if started_at is None:
        raise ActionError(_("Give started_at or answered_at."))
    organization = None
    if payload.customer:
        try:
            organization = customer_or_404(payload.customer)
        except ApiProblem as exc:
            raise ActionError(exc.detail) from exc
    call, created = phone.record_switchboard_call(
        external_id=payload.external_id,
        started_at=started_at,
        waited_seconds=payload.waited_seconds,
        team=_team(payload.team),
        handled_by=_staff(payload.handled_by),
        ticket=_ticket(payload.ticket),
        organization=organization,
        caller_number=payload.caller_number,
    )
    call = (
        type(call)
        .objects.select_related("team", "handled_by", "ticket", "organization")
        .get(pk=call.pk)
    )
    return Status(201 if created else 200, _call_answer(call))
