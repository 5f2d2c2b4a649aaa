"""Access to tickets: every view reaches a ticket, message or file through here.

Anything a user may not see is a 404, never a 403: a customer must not learn that
another customer's ticket exists.
"""

from django.db.models import Q
from django.http import Http404

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import (
    is_staff_role,
    member_organizations,
    superuser_organizations,
)
from kundcenter.tickets.models import Attachment, Ticket
from kundcenter.tickets.workflows import Actor, Category, Lane

ALL_TICKET_ROLES = (User.StaffRole.SPECIALIST, User.StaffRole.MANAGER, User.StaffRole.ADMIN)
# Categories whose workflow a lane carries from start to end, in whatever lane the ticket
# sits: the product department takes feature requests through the product council and
# closes them (which hands them back to support), consultants acknowledge orders
# registered in the portal. Without these a step answered 404 (issue 14).
OWN_CATEGORIES = {
    Lane.PRODUCT: (Category.REQUEST,),
    Lane.CONSULTANT: (Category.ORDER,),
}


def visible_tickets_filter(user) -> Q:
    """A Q object selecting the tickets `user` may see.

    Specialists, managers and admins see every ticket; the product department and
    consultants see the tickets in their lane, those assigned to them and those of the
    category they carry (OWN_CATEGORIES). Customer
    SuperUsers see their customers' tickets; any customer person sees the tickets
    they reported themselves, while they are still a member of that customer:
    visibility follows current membership, so a person removed from a customer loses
    its tickets (and their files and later replies) at once.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if is_staff_role(user, *ALL_TICKET_ROLES):
        return Q()
    if is_staff_role(user, User.StaffRole.PRODUCT):
        return (
            Q(lane=Lane.PRODUCT) | Q(assignee=user) | Q(category__in=OWN_CATEGORIES[Lane.PRODUCT])
        )
    if is_staff_role(user, User.StaffRole.CONSULTANT):
        return (
            Q(lane=Lane.CONSULTANT)
            | Q(assignee=user)
            | Q(category__in=OWN_CATEGORIES[Lane.CONSULTANT])
        )
    # A literal id list (from the per-request membership cache) rather than a subquery, so
    # the planner can use the organisation and reporter indexes for the OR.
    member_org_ids = [org.pk for org in member_organizations(user)]
    if not member_org_ids:
        return Q(pk__in=[])
    superuser_org_ids = [org.pk for org in superuser_organizations(user)]
    # Their own tickets count only where they are not SuperUser already (there they see
    # all): a SuperUser of every customer they belong to gets one indexed IN, no OR.
    own_org_ids = [pk for pk in member_org_ids if pk not in superuser_org_ids]
    own = Q(reporter=user, organization_id__in=own_org_ids)
    if not superuser_org_ids:
        return own
    if not own_org_ids:
        return Q(organization_id__in=superuser_org_ids)
    return Q(organization_id__in=superuser_org_ids) | own


def may_see_ticket(user, ticket) -> bool:
    """Whether `user` may see `ticket` now (e.g. before mailing them about it)."""
    return Ticket.objects.filter(visible_tickets_filter(user), pk=ticket.pk).exists()


def may_see_loaded_ticket(user, ticket) -> bool:
    """`may_see_ticket` for a ticket just read from the database: a customer person's
    visibility (visible_tickets_filter) decided from the ticket's organisation and reporter
    and the person's memberships (read once per user object), without a query of its own.
    Staff roles are asked the database."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_staff_role(user):
        return may_see_ticket(user, ticket)
    organization_id = ticket.organization_id
    if organization_id in {org.pk for org in superuser_organizations(user)}:
        return True
    return ticket.reporter_id == user.pk and organization_id in {
        org.pk for org in member_organizations(user)
    }


def get_ticket_for(user, number: str, queryset=None) -> Ticket:
    """The ticket `number` if `user` may see it; Http404 otherwise."""
    queryset = queryset if queryset is not None else Ticket.objects.all()
    ticket = queryset.filter(visible_tickets_filter(user), number=number).first()
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def is_staff_viewer(user) -> bool:
    return is_staff_role(user)


def get_attachment_for(user, ticket_number: str, attachment_id: int) -> Attachment:
    """An attachment on a visible ticket; internal files only for staff."""
    ticket = get_ticket_for(user, ticket_number)
    qs = Attachment.objects.filter(ticket=ticket, pk=attachment_id)
    if not is_staff_viewer(user):
        qs = qs.filter(internal=False)
    attachment = qs.first()
    if attachment is None:
        raise Http404("No such file")
    attachment.ticket = ticket
    return attachment


def actor_kinds(user, ticket) -> set:
    """The workflow actors `user` may act as on `ticket` (see workflows.Actor)."""
    from kundcenter.accounts.rules import is_customer_superuser

    kinds = set()
    if is_staff_role(user, User.StaffRole.MANAGER, User.StaffRole.ADMIN):
        return {Actor.SPECIALIST, Actor.PRODUCT, Actor.CONSULTANT}
    if is_staff_role(user, User.StaffRole.SPECIALIST):
        kinds.add(Actor.SPECIALIST)
    elif is_staff_role(user, User.StaffRole.PRODUCT):
        kinds.add(Actor.PRODUCT)
    elif is_staff_role(user, User.StaffRole.CONSULTANT):
        kinds.add(Actor.CONSULTANT)
    elif is_customer_superuser(user, ticket.organization_id):
        kinds.add(Actor.CUSTOMER)
    return kinds
