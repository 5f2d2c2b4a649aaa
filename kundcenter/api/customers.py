"""Customers and their entitlements (scope `customers`): payment standing, hand-over to
support, licences and modules, SuperUsers and the support access granted now.

Staff and the vendor's systems see every customer; a customer's SuperUser sees their own
customers; anyone else's customer is a 404. A customer's SuperUser grants and revokes
support access (scope `access`) through the same entitlement actions as the customer page.
"""

from datetime import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kundcenter.accounts import entitlements
from kundcenter.accounts.models import (
    Licence,
    Membership,
    Organization,
    SupportAccessGrant,
    TrainingRecord,
)
from kundcenter.accounts.rules import is_staff_role, superuser_organizations, support_refusal
from kundcenter.api import auth
from kundcenter.api.common import Text, answers, local, require_person
from kundcenter.api.idempotency import idempotent
from kundcenter.api.problems import ApiProblem
from kundcenter.api.systems import customer_or_404
from kundcenter.lib.params import parse_id, parse_ticket_number
from kundcenter.tickets.access import visible_tickets_filter
from kundcenter.tickets.models import Ticket

router = Router(tags=["Customers"])


def _visible(request):
    organizations = Organization.objects.select_related("industry").order_by("name", "pk")
    user = request.auth.user
    if user is None or is_staff_role(user):
        return organizations
    return organizations.filter(pk__in=[o.pk for o in superuser_organizations(user)])


class CustomerOut(Schema):
    org_number: str
    name: str
    industry: str
    payment_standing: str
    payment_note: str
    handed_over_to_support: bool


def _customer_answer(org: Organization) -> dict:
    return {
        "org_number": org.org_number,
        "name": org.name,
        "industry": org.industry.name if org.industry_id else "",
        "payment_standing": org.payment_standing,
        "payment_note": org.payment_note,
        "handed_over_to_support": org.handed_over_to_support,
    }


class CustomerFilters(Schema):
    q: Text | None = Field(None, max_length=100, description="Part of the name.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/customers", response=answers((200, list[CustomerOut])), auth=auth.CUSTOMERS)
def list_customers(request, filters: Query[CustomerFilters]):
    """The customers the caller may see, by name."""
    organizations = _visible(request)
    if filters.q and filters.q.strip():
        text = "".join(ch for ch in filters.q if ch.isprintable()).strip()
        organizations = organizations.filter(name__icontains=text)
    chosen = organizations[filters.offset : filters.offset + filters.limit]
    return [_customer_answer(o) for o in chosen]


class LicenceOut(Schema):
    number: str
    modules: list[str]


class SuperUserOut(Schema):
    name: str
    email: str
    trained_modules: list[str]


class GrantOut(Schema):
    id: int
    audience: str
    starts_at: datetime
    expires_at: datetime
    granted_by: str


class EntitlementsOut(CustomerOut):
    licences: list[LicenceOut]
    superusers: list[SuperUserOut]
    access_grants: list[GrantOut] = Field(description="Support access granted now.")


def _visible_customer(request, org_number: str) -> Organization:
    organization = customer_or_404(org_number)
    if not _visible(request).filter(pk=organization.pk).exists():
        raise Http404("Not your customer")
    return organization


@router.get(
    "/customers/{org_number}", response=answers((200, EntitlementsOut)), auth=auth.CUSTOMERS
)
def get_customer(request, org_number: str):
    """One customer and what it is entitled to."""
    org = _visible_customer(request, org_number)
    licences = Licence.objects.filter(organization=org).prefetch_related("modules").order_by("pk")
    trainings = TrainingRecord.objects.select_related("module")
    superusers = (
        Membership.objects.filter(organization=org, role=Membership.Role.SUPERUSER)
        .select_related("user")
        .prefetch_related(Prefetch("user__trainings", queryset=trainings))
        .order_by("user__full_name", "pk")
    )
    answer = _customer_answer(org)
    answer["licences"] = [
        {"number": lic.number, "modules": sorted(m.slug for m in lic.modules.all())}
        for lic in licences
    ]
    answer["superusers"] = [
        {
            "name": str(m.user),
            "email": m.user.email,
            "trained_modules": sorted({r.module.slug for r in m.user.trainings.all()}),
        }
        for m in superusers
    ]
    answer["access_grants"] = [_grant_answer(g) for g in entitlements.active_grants(org)]
    return answer


def _grant_answer(grant) -> dict:
    return {
        "id": grant.pk,
        "audience": grant.audience,
        "starts_at": local(grant.starts_at),
        "expires_at": local(grant.expires_at),
        "granted_by": str(grant.granted_by) if grant.granted_by_id else "",
    }


class GrantIn(Schema):
    audience: Literal["support", "consultant"]
    hours: int | None = Field(None, ge=1, le=1000, description="Business hours; the default.")
    ticket: Text | None = Field(None, max_length=20, description="The order ticket (consultants).")
    note: Text = Field("", max_length=300)


@router.post(
    "/customers/{org_number}/access-grants",
    response=answers((201, GrantOut)),
    auth=auth.ACCESS,
)
@idempotent
def grant(request, org_number: str, payload: GrantIn):
    """A customer's SuperUser lets support (or a consultant) log in to their setup for a
    limited time, as on the customer page; refusals are the web's sentences."""
    user = require_person(request)
    org = _visible_customer(request, org_number)
    ticket = None
    if payload.ticket:
        number = parse_ticket_number(payload.ticket)
        ticket = (
            Ticket.objects.filter(visible_tickets_filter(user), number=number).first()
            if number
            else None
        )
        if ticket is None:
            raise ApiProblem(422, _("Choose one of your own tickets."))
    refusal = support_refusal(user, org)
    if refusal:
        raise ApiProblem(403, refusal)
    given = entitlements.grant_access(
        org, user, payload.audience, hours=payload.hours, ticket=ticket, note=payload.note
    )
    return Status(201, _grant_answer(given))


@router.post(
    "/customers/{org_number}/access-grants/{grant_id}/revoke",
    response=answers((200, GrantOut)),
    auth=auth.ACCESS,
)
def revoke(request, org_number: str, grant_id: str):
    """End a grant at once (the customer's SuperUsers, or staff)."""
    user = require_person(request)
    org = _visible_customer(request, org_number)
    wanted = parse_id(grant_id)
    found = (
        SupportAccessGrant.objects.filter(organization=org, pk=wanted).first() if wanted else None
    )
    if found is None:
        raise Http404("No such grant")
    return _grant_answer(entitlements.revoke_access(found, user))
