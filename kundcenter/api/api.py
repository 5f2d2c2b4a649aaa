"""The machine-to-machine API, version 1 (django-ninja), mounted at /api/v1/.

Every call carries `Authorization: Bearer <token>` of an `ApiClient`; the client's name
is what the customer's audit trail shows. Answers are JSON; a refusal is
`{"detail": "<sentence>"}` with 401 (no or bad token), 404 (no such customer) or 422
(bad input).
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.security import HttpBearer

from kundcenter.accounts import entitlements
from kundcenter.accounts.models import Organization
from kundcenter.api.tokens import client_for_token
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.privacy import log as privacy_log


class ClientToken(HttpBearer):
    """A bearer token of an active API client; the client becomes `request.auth`."""

    def authenticate(self, request, token):
        return privacy_log.api_access(request, client_for_token(token))


api = NinjaAPI(
    title="Kundcenter API",
    version="1",
    description="Support access checks and payment standing for the vendor's own systems.",
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
