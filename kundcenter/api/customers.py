"""Customers and their entitlements (scope `customers`): payment standing, hand-over to
support, licences and modules, SuperUsers and the support access granted now.

Staff and the vendor's systems see every customer; a customer's SuperUser sees their own
customers; anyone else's customer is a 404.
"""

from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema

from kundcenter.accounts import entitlements
from kundcenter.accounts.models import Licence, Membership, Organization, TrainingRecord
from kundcenter.accounts.rules import is_staff_role, superuser_organizations
from kundcenter.api import auth
from kundcenter.api.common import answers, local
from kundcenter.api.systems import customer_or_404

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
    q: str | None = Field(None, max_length=100, description="Part of the name.")
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
    answer["access_grants"] = [
        {
            "audience": g.audience,
            "starts_at": local(g.starts_at),
            "expires_at": local(g.expires_at),
            "granted_by": str(g.granted_by) if g.granted_by_id else "",
        }
        for g in entitlements.active_grants(org)
    ]
    return answer
