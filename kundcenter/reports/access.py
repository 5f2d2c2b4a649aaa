"""Who sees which reports, and which tickets they count: the one place that decides.

The support manager and administrators see every report over every ticket. The product
department and consultants see the ticket reports over their own lane only. Everyone
else (specialists, customers, visitors) gets a 404, as for any staff page they may not see.
"""

from django.db.models import Q
from django.http import Http404

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.tickets.workflows import Lane

ALL_TICKETS_ROLES = (User.StaffRole.MANAGER, User.StaffRole.ADMIN)
LANE_OF_ROLE = {User.StaffRole.PRODUCT: Lane.PRODUCT, User.StaffRole.CONSULTANT: Lane.CONSULTANT}


def may_see_reports(user) -> bool:
    return is_staff_role(user, *ALL_TICKETS_ROLES, *LANE_OF_ROLE)


def sees_all_reports(user) -> bool:
    """Managers and admins: every report, including those not about tickets in a lane."""
    return is_staff_role(user, *ALL_TICKETS_ROLES)


def report_ticket_scope(user) -> Q:
    """A Q over Ticket selecting what `user`'s reports count; Http404 if they get none."""
    if sees_all_reports(user):
        return Q()
    if may_see_reports(user):
        return Q(lane=LANE_OF_ROLE[user.staff_role])
    raise Http404("No reports for this user")


def may_see_dashboard(user) -> bool:
    """The dashboard (Översikt) covers all of support: managers and admins, their landing page."""
    return sees_all_reports(user)


def scope_lane(scope: Q) -> str | None:
    """The lane a scope from `report_ticket_scope` keeps to (None: every ticket)."""
    for child in scope.children:
        if isinstance(child, tuple) and child[0] == "lane":
            return child[1]
    return None
