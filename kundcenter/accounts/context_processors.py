from django.conf import settings

from kundcenter.accounts.rules import is_staff_role, superuser_organizations


def site(request):
    """Vendor settings and the viewer's side (staff or customer) for every template."""
    user = getattr(request, "user", None)
    staff_side = bool(user and is_staff_role(user))
    return {
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        "vendor_support_phone": settings.VENDOR_SUPPORT_PHONE,
        "is_staff_side": staff_side,
        "is_portal_superuser": (lambda: _known_superuser(user)) if not staff_side else False,
    }


def _known_superuser(user) -> bool:
    """Whether `user` is a customer's SuperUser, if the page has already read their
    memberships (the portal pages all do); never a query of its own, so a page that does
    not need the memberships stays as cheap as it was (and shows no link)."""
    if getattr(user, "_membership_cache", None) is None:
        return False
    return bool(superuser_organizations(user))
