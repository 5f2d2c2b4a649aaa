"""The machine-to-machine API, version 1 (django-ninja), mounted at /api/v1/.

Every call carries `Authorization: Bearer <token>` of an `ApiClient`; the client's name
is what the customer's audit trail shows. Answers are JSON; a refusal is
`{"detail": "<sentence>"}` with 401 (no or bad token), 404 (no such customer) or 422
(bad input, or an unknown team, ticket or staff member in a body).
"""

from datetime import date, datetime, timedelta
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import ValidationError
from ninja.security import HttpBearer

from kundcenter.accounts import entitlements
from kundcenter.accounts.models import Organization, Team, User
from kundcenter.api.tokens import client_for_token
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.privacy import log as privacy_log
from kundcenter.tickets import phone
from kundcenter.tickets.models import Ticket


class ClientToken(HttpBearer):
    """A bearer token of an active API client; the client becomes `request.auth`."""

    def authenticate(self, request, token):
        return privacy_log.api_access(request, client_for_token(token))


api = NinjaAPI(
    title="Kundcenter API",
    version="1",
    description=(
        "Support access checks, payment standing and the phone call log for the vendor's "
        "own systems."
    ),
    auth=ClientToken(),
    urls_namespace="api-v1",
)


def _readable(errors) -> str:
    """Pydantic's error list as one sentence a developer can act on."""
    parts = []
    for error in errors:
        # loc is e.g. ("query", "audience") or ("body", "payload", "standing").
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        where = [p for p in where if p != "payload"]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


@api.exception_handler(ValidationError)
def _invalid_input(request, exc):
    return api.create_response(
        request, {"detail": _readable(exc.errors), "errors": exc.errors}, status=422
    )


@api.exception_handler(ActionError)
def _refused(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=422)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


def _customer(org_number: str) -> Organization:
    try:
        normalized = normalize_org_number(org_number)
    except DjangoValidationError as exc:
        raise Http404(f"No customer with organisation number {org_number}.") from exc
    organization = Organization.objects.filter(org_number=normalized).first()
    if organization is None:
        raise Http404(f"No customer with organisation number {normalized}.")
    return organization


def _local(moment: datetime | None) -> datetime | None:
    """Stockholm time to the second, e.g. 2026-04-08T09:00:00+02:00: what people read."""
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


class AccessAnswer(Schema):
    customer: str = Field(description="The customer's organisationsnummer.")
    audience: Literal["support", "consultant"]
    allowed: bool = Field(description="May the audience log in to the customer's setup now?")
    until: datetime | None = Field(description="When the access ends; null when not allowed.")


class Problem(Schema):
    detail: str


@api.get(
    "/customers/{org_number}/access",
    response={200: AccessAnswer, 401: Problem, 404: Problem, 422: Problem},
    summary="May support or a consultant log in to the customer's setup now?",
)
def access(request, org_number: str, audience: Literal["support", "consultant"]):
    """Kundcenter is the authority: the answer follows the customer's grants, and every
    check is recorded in the customer's audit trail with this client's name."""
    organization = _customer(org_number)
    allowed, until = entitlements.check_access(
        organization, audience, client_label=request.auth.name
    )
    return {
        "customer": organization.org_number,
        "audience": audience,
        "allowed": allowed,
        "until": _local(until),
    }


class PaymentStandingIn(Schema):
    standing: Literal["overdue", "good"]
    note: str = Field(
        "", max_length=300, description="Why; the customer's SuperUsers see it in the audit trail."
    )
    on: date | None = Field(
        None, alias="date", description="The date the standing applies from (YYYY-MM-DD)."
    )


class PaymentStandingOut(Schema):
    customer: str
    standing: Literal["overdue", "good"]
    note: str
    changed_at: datetime


@api.post(
    "/customers/{org_number}/payment-standing",
    response={200: PaymentStandingOut, 401: Problem, 404: Problem, 422: Problem},
    summary="Set the customer overdue or in good standing (the billing system).",
)
def payment_standing(request, org_number: str, payload: PaymentStandingIn):
    """While overdue, the customer gets no new support; the change is in its audit trail."""
    organization = entitlements.set_payment_standing(
        _customer(org_number),
        payload.standing,
        note=payload.note,
        actor_label=request.auth.name,
        as_of=payload.on,
    )
    return {
        "customer": organization.org_number,
        "standing": organization.payment_standing,
        "note": organization.payment_note,
        "changed_at": _local(organization.payment_changed_at),
    }


class PhoneCallIn(Schema):
    external_id: str = Field(
        min_length=1, max_length=100, description="The switchboard's id of the call."
    )
    started_at: datetime | None = Field(
        None, description="When the caller reached the queue (or give answered_at)."
    )
    answered_at: datetime | None = Field(
        None, description="When the call was answered; started_at is this minus the wait."
    )
    waited_seconds: int = Field(ge=0, le=phone.MAX_WAITED_SECONDS)
    team: str | None = Field(None, description="The team chosen in the switchboard: slug or id.")
    handled_by: str | None = Field(None, description="The e-mail address of the staff member.")
    ticket: str | None = Field(None, description="The ticket number the call was about.")
    customer: str | None = Field(None, description="The caller's organisationsnummer.")
    caller_number: str = Field("", max_length=40)


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
    lookup = {"pk": int(value)} if value.isdigit() else {"slug": value}
    team = Team.objects.filter(**lookup).first()
    if team is None:
        raise ActionError(f"No team {value}.")
    return team


def _staff(email: str | None) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.staff_role:
        raise ActionError(f"No support staff member with the e-mail address {email.strip()}.")
    return user


def _ticket(number: str | None) -> Ticket | None:
    if not number:
        return None
    ticket = Ticket.objects.select_related("organization").filter(number=number.strip()).first()
    if ticket is None:
        raise ActionError(f"No ticket with number {number.strip()}.")
    return ticket


def _call_answer(call) -> dict:
    return {
        "id": call.pk,
        "external_id": call.external_id,
        "started_at": _local(call.started_at),
        "waited_seconds": call.waited_seconds,
        "team": call.team.slug if call.team else None,
        "handled_by": call.handled_by.email if call.handled_by else None,
        "ticket": call.ticket.number if call.ticket else None,
        "customer": call.organization.org_number if call.organization else None,
    }


@api.post(
    "/phone/calls",
    response={200: PhoneCallOut, 201: PhoneCallOut, 401: Problem, 422: Problem},
    summary="Report a call to the call log (the switchboard); idempotent on external_id.",
)
def phone_call(request, payload: PhoneCallIn):
    """201 with the new call; 200 with the call made the first time when external_id was
    reported before (the first report counts). The average phone wait that customers see
    is computed from these calls."""
    started_at, answered_at = _aware(payload.started_at), _aware(payload.answered_at)
    if started_at is None and answered_at is not None:
        started_at = answered_at - timedelta(seconds=payload.waited_seconds)
    if started_at is None:
        raise ActionError("Give started_at or answered_at.")
    organization = None
    if payload.customer:
        try:
            organization = _customer(payload.customer)
        except Http404 as exc:
            raise ActionError(str(exc)) from exc
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
