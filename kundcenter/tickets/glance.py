"""The customer at a glance: the facts a specialist wants beside every ticket.

Organisation, industry and team, licences and their modules, the SuperUsers with their
completed trainings, the payment standing, the support access grants in force and the
customer's latest tickets. A fixed number of queries whatever the customer's size.
"""

from django.db.models import Prefetch

from kundcenter.accounts.entitlements import active_grants
from kundcenter.accounts.models import Licence, Membership, TrainingRecord
from kundcenter.tickets.models import Ticket

LAST_TICKETS = 5


def customer_glance(ticket: Ticket, grants=None) -> dict:
    """The glance for `ticket`'s customer. `grants`: the grants in force, if the page has
    read them already (saves a query)."""
    organization = ticket.organization
    # Licences and their modules in one query (a licence without modules still shows).
    licences: dict[str, list[str]] = {}
    rows = Licence.objects.filter(organization=organization).values_list("number", "modules__name")
    for number, module in rows.order_by("number", "modules__name"):
        names = licences.setdefault(number, [])
        if module:
            names.append(module)
    superusers = list(
        Membership.objects.filter(
            organization=organization, role=Membership.Role.SUPERUSER, user__is_active=True
        )
        .select_related("user", "licence")
        .prefetch_related(
            Prefetch(
                "user__trainings",
                queryset=TrainingRecord.objects.select_related("module"),
            )
        )
        .order_by("user__full_name")
    )
    last_tickets = list(
        Ticket.objects.filter(organization=organization)
        .exclude(pk=ticket.pk)
        .only("number", "title", "status", "category", "last_activity_at")
        # The customer's index (organization, -last_activity_at): no sort of all of them.
        .order_by("-last_activity_at")[:LAST_TICKETS]
    )
    return {
        "organization": organization,
        "industry": organization.industry,
        "team": organization.industry.team,
        "licences": [{"number": n, "modules": m} for n, m in licences.items()],
        "superusers": superusers,
        "grants": list(grants) if grants is not None else list(active_grants(organization)),
        "last_tickets": last_tickets,
    }
