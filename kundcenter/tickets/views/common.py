"""Pages shared by both sides: the start page, the opening hours and the contact page."""

from datetime import timedelta

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.page_cache import cached_page
from kundcenter.reports.access import may_see_dashboard
from kundcenter.sla.calendar import DayKind
from kundcenter.sla.models import ClosedDay, SpecialHours
from kundcenter.sla.policy import get_calendar
from kundcenter.tickets import phone


def home(request):
    """Send people where they work: the support manager and admins to the dashboard,
    other staff to the queue, customers to their tickets."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if may_see_dashboard(request.user):
        return redirect("reports:dashboard")
    if is_staff_role(request.user):
        return redirect("agent:queue")
    return redirect("portal:list")


UPCOMING_DAYS = 60

_WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]

# Keys of kundcenter.sla.calendar.DE_FACTO_CLOSED_DAYS.
_DE_FACTO_LABELS = {
    "midsummer_eve": _("Midsummer Eve"),
    "christmas_eve": _("Christmas Eve"),
    "new_years_eve": _("New Year's Eve"),
}

_DAY_KIND_LABELS = {
    DayKind.HALF_DAY: _("Closes early"),
    DayKind.PUBLIC_HOLIDAY: _("Public holiday"),
    DayKind.DE_FACTO_CLOSED: pgettext_lazy("opening hours", "Closed"),
    DayKind.EXTRA_CLOSED: pgettext_lazy("opening hours", "Closed"),
    DayKind.SPECIAL_HOURS: _("Special opening hours"),
}


@cached_page
def opening_hours(request):
    """The weekly opening hours, whether support is open now, and the coming exceptions."""
    calendar = get_calendar()
    now = timezone.now()
    today = timezone.localdate(now)
    config = calendar.config
    weekly = [
        {"name": name, "hours": hours}
        for name, hours in zip(_WEEKDAYS, config.weekly_hours, strict=True)
    ]
    upcoming = calendar.upcoming(UPCOMING_DAYS, start=today)
    # Hand-added days carry their names in the database, not in the calendar.
    last = today + timedelta(days=UPCOMING_DAYS)
    names = dict(ClosedDay.objects.filter(date__range=(today, last)).values_list("date", "name"))
    names.update(
        SpecialHours.objects.filter(date__range=(today, last))
        .exclude(name="")
        .values_list("date", "name")
    )
    days = [
        {
            "date": info.date,
            "kind": info.kind,
            "label": _DAY_KIND_LABELS.get(info.kind, ""),
            "name": names.get(info.date) or info.name or "",
            "hours": info.hours,
        }
        for info in upcoming
    ]
    context = {
        "nav": "hours",
        "weekly": weekly,
        "half_day_hours": config.half_day_hours,
        "de_facto_closed": [
            label for key, label in _DE_FACTO_LABELS.items() if key in config.de_facto_closed_days
        ],
        "upcoming": days,
        "upcoming_days": UPCOMING_DAYS,
        "is_open": calendar.is_open(now),
        "next_opening": calendar.next_opening(now),
    }
    return render(request, "tickets/opening_hours.html", context)


@cached_page
def contact(request):
    """How to reach support, with the average phone wait of the last 30 days (public)."""
    context = {"nav": "contact", "phone_wait": phone.wait_text(phone.recent_average_wait())}
    return render(request, "tickets/contact.html", context)
