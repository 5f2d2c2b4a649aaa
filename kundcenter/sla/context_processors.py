from functools import cached_property

from django.utils import timezone

from kundcenter.sla.policy import get_calendar


class _SupportHours:
    """Whether support is open now and when it opens next, worked out on first use.

    Pages that do not show it pay nothing; pages that do use the cached calendar, so no
    query after the first request of the process.
    """

    @cached_property
    def _state(self):
        calendar, now = get_calendar(), timezone.now()
        return calendar.is_open(now), calendar.next_opening(now)

    def is_open(self):
        return self._state[0]

    def next_opening(self):
        return self._state[1]


def support_hours(request):
    """Whether support is open, for the header of every page."""
    support = _SupportHours()
    return {
        # Callables: templates call them only when they show the state.
        "support_open": support.is_open,
        "support_next_opening": support.next_opening,
    }
