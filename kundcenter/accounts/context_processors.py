from django.conf import settings
from django.utils.functional import SimpleLazyObject

from kundcenter.accounts.rules import is_staff_role, superuser_organizations, support_phone_for


def site(request):
    """Vendor settings and the viewer's side (staff or customer) for every template."""
    user = getattr(request, "user", None)
    staff_side = bool(user and is_staff_role(user))
    return {
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        # Only for staff and customers handed over to support (rules.support_phone_for);
        # "" for everyone else. Lazy: pages without the number ask nothing.
        "vendor_support_phone": SimpleLazyObject(lambda: support_phone_for(user)),
        "is_staff_side": staff_side,
        # Lazy: only the customer side of the menu asks (staff and visitors never do).
        "is_portal_superuser": (lambda: _is_superuser(user)) if not staff_side else False,
    }


def _is_superuser(user) -> bool:
    """Whether `user` is now a SuperUser of some customer: the menu links "Our service to
    you" for them on every customer page.

    Read from the memberships, never remembered across requests, so a SuperUser who is
    removed loses the link on their next page. A page that has already read the
    memberships (the ticket pages, the catalog) pays nothing; any other customer page
    pays one small query for them. Remembering the fact in the session instead would
    need clearing every session of a person whose memberships change, and Django's
    sessions cannot be found by person; a flag on the user row would go stale whenever
    an older copy of the user is saved.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(superuser_organizations(user))
