"""The filter form every report shares: bounded fields, errors in words, never a 500."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Industry, Module, Team
from kundcenter.reports.framework import DAY, MONTH, WEEK, DateRange, period_count
from kundcenter.tickets.models import Channel
from kundcenter.tickets.workflows import Category

DEFAULT_DAYS = 30
MAX_PERIODS = 400
EARLIEST = datetime.date(2000, 1, 1)

GROUPINGS = [(DAY, _("Day")), (WEEK, _("Week")), (MONTH, _("Month"))]
BREAKDOWNS = [
    ("category", _("Category")),
    ("channel", _("Channel")),
    ("module", _("Module")),
    ("industry", _("Industry")),
    ("team", _("Team")),
]


def default_filters() -> dict:
    today = timezone.localdate()
    return {
        "date_from": (today - datetime.timedelta(days=DEFAULT_DAYS - 1)).isoformat(),
        "date_to": today.isoformat(),
        "grouping": DAY,
        "breakdown": "category",
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """Date range, grouping and the ticket filters. Fields a report does not use are
    left out of its form (`fields` names the ones to keep)."""

    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    grouping = forms.ChoiceField(label=_("Per"), choices=GROUPINGS)
    breakdown = forms.ChoiceField(label=_("Broken down by"), choices=BREAKDOWNS)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All"))] + Category.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All"))] + Channel.choices, required=False
    )
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, data=None, *, fields=None):
        merged = default_filters()
        if data is not None:
            merged.update({k: v for k, v in data.items() if k in self.base_fields})
        super().__init__(merged)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first is None or last is None:
            return cleaned
        if first < EARLIEST or last < EARLIEST:
            raise forms.ValidationError(_("Choose dates from the year 2000 on."))
        if last < first:
            raise forms.ValidationError(_("The end date comes before the start date."))
        limit = timezone.localdate() + datetime.timedelta(days=366)
        if last > limit:
            raise forms.ValidationError(_("Choose an end date at most a year ahead."))
        grouping = cleaned.get("grouping")
        if grouping and period_count(DateRange(first, last), grouping) > MAX_PERIODS:
            raise forms.ValidationError(
                _("That range holds more than %(max)d periods; group by week or month.")
                % {"max": MAX_PERIODS}
            )
        return cleaned

    @property
    def dates(self) -> DateRange:
        return DateRange(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


SLA_BREAKDOWNS = [
    ("service_level", _("Service level")),
    ("category", _("Category")),
    ("team", _("Team")),
    ("module", _("Module")),
    ("customer", _("Customer")),
]


class SlaFilterForm(ReportFilterForm):
    """The service-level reports' filters: broken down by level, category, team, module
    or customer instead of channel and industry."""

    breakdown = forms.ChoiceField(label=_("Broken down by"), choices=SLA_BREAKDOWNS)


class BreachesFilterForm(SlaFilterForm):
    """The breaches list: the report's filters plus the group (a breakdown value, or "-"
    for the tickets without one) whose late tickets to list."""

    breakdown = forms.ChoiceField(
        label=_("Broken down by"), choices=[("", "")] + SLA_BREAKDOWNS, required=False
    )
    group = forms.CharField(required=False, max_length=40)

    def __init__(self, data=None, *, fields=None):
        data = dict(data.items()) if data is not None else {}
        data.setdefault("breakdown", "")
        super().__init__(data, fields=fields)

    def clean(self):
        cleaned = super().clean()
        breakdown, group = cleaned.get("breakdown"), cleaned.get("group") or ""
        cleaned["group_key"] = None
        if not breakdown:
            return cleaned
        if group in ("", "-"):
            return cleaned
        if breakdown == "category":
            if group not in Category.values:
                raise forms.ValidationError(_("No such group."))
            cleaned["group_key"] = group
        else:
            try:
                cleaned["group_key"] = int(group)
            except ValueError:
                raise forms.ValidationError(_("No such group.")) from None
        return cleaned
