"""The customer's own report in the portal, "Vår service till er": for the SuperUsers of a
customer, that customer's tickets by category and status, handling and resolution in time
per service level, and the support phone's average wait (vendor-wide, as the brochure
shows it). Never another customer's figures: everything is counted over
`Ticket.organization == the chosen customer`, and the customer must be one the user is a
SuperUser of."""

import datetime

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kundcenter.accounts.rules import is_staff_role, superuser_organizations
from kundcenter.reports import sla
from kundcenter.reports.forms import EARLIEST, DateInput
from kundcenter.reports.framework import DateRange
from kundcenter.reports.service_level import group_label
from kundcenter.tickets import phone
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, Status


class OurServiceForm(forms.Form):
    """The date range, by default the last twelve months."""

    date_from = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), widget=DateInput())

    def __init__(self, data):
        today = timezone.localdate()
        merged = {
            "date_from": (today.replace(day=1) - datetime.timedelta(days=334))
            .replace(day=1)
            .isoformat(),
            "date_to": today.isoformat(),
        }
        merged.update({k: v for k, v in data.items() if k in self.base_fields})
        super().__init__(merged)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first is None or last is None:
            return cleaned
        if first < EARLIEST:
            raise forms.ValidationError(_("Choose dates from the year 2000 on."))
        if last < first:
            raise forms.ValidationError(_("The end date comes before the start date."))
        if last > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose an end date at most a year ahead."))
        return cleaned


def _organization(request):
    """The customer whose report to show: one the user is a SuperUser of (404 otherwise)."""
    user = request.user
    if is_staff_role(user):
        raise Http404("Staff use the reports")
    organizations = sorted(superuser_organizations(user), key=lambda o: (o.name, o.pk))
    if not organizations or not user.is_active:
        raise Http404("Only a customer's SuperUsers see its report")
    wanted = request.GET.get("kund")
    if wanted:
        chosen = next((o for o in organizations if str(o.pk) == wanted), None)
        if chosen is None:
            raise Http404("Not a customer of this user")
        return chosen, organizations
    return organizations[0], organizations


def our_service(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organization, organizations = _organization(request)
    form = OurServiceForm(request.GET)
    context = {
        "nav": "our_service",
        "organization": organization,
        "organizations": organizations,
        "form": form,
        "phone_wait": phone.wait_text(phone.recent_average_wait()),
    }
    if form.is_valid():
        dates = DateRange(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        tickets = Ticket.objects.filter(organization=organization)
        in_range = sla.registered_between(tickets, dates.start, dates.end)
        status_counts = {}
        for row in in_range.values("category", "status").annotate(n=Count("pk")).order_by():
            status_counts[(row["category"], row["status"])] = row["n"]
        categories = [c for c in Category.values if any(k[0] == c for k in status_counts)]
        statuses = [s for s in Status.values if any(k[1] == s for k in status_counts)]
        levels = sla.compliance_by(tickets, dates.start, dates.end, "service_level")
        levels.sort(key=lambda g: (g["key"] is None, g["key"] or 0))
        context.update(
            dates=dates,
            statuses=[Status(s).label for s in statuses],
            category_rows=[
                (
                    Category(c).label,
                    [status_counts.get((c, s), 0) for s in statuses],
                    sum(status_counts.get((c, s), 0) for s in statuses),
                )
                for c in categories
            ],
            level_rows=[
                (group_label("service_level", g["key"], g["key"]), g)
                for g in levels
                if g["key"] is not None
            ],
            total=sla.compliance(tickets, dates.start, dates.end),
        )
    return render(request, "reports/our_service.html", context)
