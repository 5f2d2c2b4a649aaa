from django.conf import settings

from kundcenter.accounts.rules import is_staff_role


def site(request):
    """Vendor settings and the viewer's side (staff or customer) for every template."""
    user = getattr(request, "user", None)
    return {
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        "vendor_support_phone": settings.VENDOR_SUPPORT_PHONE,
        "is_staff_side": bool(user and is_staff_role(user)),
    }
