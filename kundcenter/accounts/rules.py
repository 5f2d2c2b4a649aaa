"""Who may do what: the one place that answers entitlement questions.

Each `*_refusal` function returns None when the action is allowed, or a translated,
user-facing sentence that says why not. Views show the sentence; actions raise it.
"""

from bisect import bisect_left

from django.conf import settings
from django.utils.translation import gettext as _

from kundcenter.accounts.models import Membership, Organization, User
from kundcenter.lib.compiled import Compiled

# (highest module count, SuperUsers allowed) — DOMAIN.md's default table. Overridable
# with the SUPERUSER_QUOTA setting; never above SUPERUSER_QUOTA_MAX per licence.
DEFAULT_SUPERUSER_QUOTA = ((3, 2), (6, 3), (None, 4))
SUPERUSER_QUOTA_MAX = 4


def superuser_quota(module_count: int) -> int:
    """SuperUsers allowed on one licence with `module_count` modules."""
    table = getattr(settings, "SUPERUSER_QUOTA", DEFAULT_SUPERUSER_QUOTA)
    bounds = [upper if upper is not None else float("inf") for upper, _quota in table]
    index = min(bisect_left(bounds, max(module_count, 1)), len(table) - 1)
    return min(table[index][1], SUPERUSER_QUOTA_MAX)


def is_staff_role(user, *roles) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.staff_role:
        return False
    return not roles or user.staff_role in roles


def is_support_staff(user) -> bool:
    """Specialists, their manager and admins: the people who work the support queues."""
    return is_staff_role(
        user, User.StaffRole.SPECIALIST, User.StaffRole.MANAGER, User.StaffRole.ADMIN
    )


# A person's memberships with their customers: read on nearly every customer page (the
# menu asks whether the person is a SuperUser), so its SQL is built once per process.
# The industry too: registering a ticket routes it by the customer's industry.
_MEMBERSHIPS = Compiled(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id)
        .select_related("organization", "organization__industry")
        .order_by("pk")
    )
)


def membership(user, organization) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        people = _MEMBERSHIPS.objects(user.pk)
        for person in people:
            Membership.user.field.set_cached_value(person, user)
        cache = {m.organization_id: m for m in people}
        user._membership_cache = cache
    org_id = organization.pk if isinstance(organization, Organization) else organization
    return cache.get(org_id)


def memberships(user) -> list[Membership]:
    """Every membership of `user`, customers selected; one query per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    membership(user, 0)  # fill the cache
    return list(user._membership_cache.values())


def superuser_organizations(user) -> list[Organization]:
    if not getattr(user, "is_authenticated", False):
        return []
    membership(user, 0)  # fill the cache
    return [m.organization for m in user._membership_cache.values() if m.is_superuser_role]


def member_organizations(user) -> list[Organization]:
    if not getattr(user, "is_authenticated", False):
        return []
    membership(user, 0)
    return [m.organization for m in user._membership_cache.values()]


def support_phone_for(user) -> str:
    """The support phone number, for the people who may have it: staff, and the people of
    a customer handed over to support after implementation and training. Anyone else
    (visitors, customers still being implemented) gets "" and is pointed to the portal
    and e-mail."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if is_staff_role(user) or any(o.handed_over_to_support for o in member_organizations(user)):
        return settings.VENDOR_SUPPORT_PHONE
    return ""


def is_customer_superuser(user, organization) -> bool:
    m = membership(user, organization)
    return bool(m and m.is_superuser_role and user.is_active)


def active_superusers(organization):
    """The customer's active SuperUsers, a QuerySet of User (`organization`: a customer or
    its id): the people who speak for it, on whose behalf staff register a ticket and
    who are told of what needs the customer's answer. A deactivated SuperUser is left out."""
    return User.objects.filter(
        is_active=True,
        memberships__organization=organization,
        memberships__role=Membership.Role.SUPERUSER,
    )


def superuser_names(organization) -> list[str]:
    # Only active people: a deactivated SuperUser cannot contact support, so naming them
    # would send a colleague to someone who cannot help.
    return list(
        organization.memberships.filter(role=Membership.Role.SUPERUSER, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )


def support_refusal(user, organization) -> str | None:
    """Why `user` may not contact support for `organization` (None: they may)."""
    if not is_customer_superuser(user, organization):
        names = superuser_names(organization)
        if names:
            return _(
                "Only your organisation's SuperUsers can contact support. "
                "Your SuperUsers are: %(names)s."
            ) % {"names": ", ".join(names)}
        return _(
            "Only your organisation's SuperUsers can contact support, and your "
            "organisation has not appointed any yet."
        )
    if organization.is_overdue:
        return _(
            "Support is paused for %(org)s because of an overdue payment. "
            "Please contact %(billing)s to settle it; support opens again at once."
        ) % {"org": organization.name, "billing": settings.VENDOR_BILLING_EMAIL}
    return None


# --- customer pages: least privilege per staff role (README "Who may do what") ---------------


def _works_on_customer(user, organization) -> bool:
    """Whether one of `organization`'s tickets is in `user`'s lane or assigned to them."""
    from kundcenter.tickets.access import visible_tickets_filter
    from kundcenter.tickets.models import Ticket

    org_id = organization.pk if isinstance(organization, Organization) else organization
    return Ticket.objects.filter(visible_tickets_filter(user), organization_id=org_id).exists()


def may_open_customer(user, organization) -> bool:
    """Who may open a customer's page: its own people; support staff (specialists, the
    support manager, admins) every customer; the product department and consultants only
    a customer with a ticket in their lane or assigned to them."""
    if is_support_staff(user):
        return True
    if is_staff_role(user, User.StaffRole.PRODUCT, User.StaffRole.CONSULTANT):
        return _works_on_customer(user, organization)
    if is_staff_role(user):
        return False
    return membership(user, organization) is not None


def customers_visible_to_staff(user, organizations):
    """`organizations` narrowed to those `user` (staff) may open (see may_open_customer)."""
    if is_support_staff(user):
        return organizations
    if is_staff_role(user, User.StaffRole.PRODUCT, User.StaffRole.CONSULTANT):
        from kundcenter.tickets.models import Ticket

        worked = Ticket.objects.visible_to(user).values("organization_id")
        return organizations.filter(pk__in=worked)
    return organizations.none()


def may_revoke_grant(user, organization) -> bool:
    """A support access grant is ended by the customer's SuperUsers, and on the customer's
    word by the support manager or an admin; not by those who use the access."""
    return is_customer_superuser(user, organization) or is_staff_role(
        user, User.StaffRole.MANAGER, User.StaffRole.ADMIN
    )


def may_keep_customer_records(user) -> bool:
    """Trainings and payment standing are recorded by support staff only."""
    return is_support_staff(user)


def may_manage_members(user, organization) -> bool:
    """SuperUsers of the customer and support staff approve joins and appoint SuperUsers."""
    return is_customer_superuser(user, organization) or is_support_staff(user)
