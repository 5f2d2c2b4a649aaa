from functools import cached_property

from django.conf import settings
from django.utils import timezone

from kundcenter.accounts.rules import is_staff_role


class _SupportHours:
    """Whether support is open now and when it opens next, worked out on first use.

    Pages that do not show it pay nothing; pages that do use the cached calendar, so no
    query after the first request of the process.
    """

    @cached_property
    def _state(self):
        from kundcenter.sla.policy import get_calendar

        calendar, now = get_calendar(), timezone.now()
        return calendar.is_open(now), calendar.next_opening(now)

    def is_open(self):
        return self._state[0]

    def next_opening(self):
        return self._state[1]


def site(request):
    """Vendor settings and the viewer's side (staff or customer) for every template."""
    user = getattr(request, "user", None)
    support = _SupportHours()
    return {
        "vendor_name": settings.VENDOR_NAME,
        "vendor_support_email": settings.VENDOR_SUPPORT_EMAIL,
        "vendor_support_phone": settings.VENDOR_SUPPORT_PHONE,
        "is_staff_side": bool(user and is_staff_role(user)),
        # Callables: templates call them only when they show the state.
        "support_open": support.is_open,
        "support_next_opening": support.next_opening,
    }
