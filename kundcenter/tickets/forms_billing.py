"""Forms for billable work: cost proposals, time entries, the customer's answer, the export.

Forms only parse. The rules (a reason for billable time, a positive price, …) live in
`kundcenter.tickets.billing`, whose refusal is what the user reads; fields those rules
cover are optional here and marked required for the browser only.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Organization
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.tickets.billing import DECLINE_CLOSE, DECLINE_RETURN
from kundcenter.tickets.models import BillableReason, CostProposal

REQUIRED_IN_BROWSER = {"required": True}
# Amounts are typed Swedish-style ("12 500,00"): a text field the action parses.
AMOUNT = {**REQUIRED_IN_BROWSER, "inputmode": "decimal", "autocomplete": "off"}


class BillableForm(forms.Form):
    """Mark a ticket outside free support, or back inside it, with a reason."""

    prefix = "billable"

    billable = forms.TypedChoiceField(
        coerce=lambda value: value == "1", choices=[("1", "1"), ("0", "0")]
    )
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs=REQUIRED_IN_BROWSER),
    )


class CostProposalForm(forms.Form):
    """What the work covers and its price: a fixed price or estimated hours × rate."""

    prefix = "proposal"

    description = forms.CharField(
        label=_("What the work covers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**REQUIRED_IN_BROWSER, "rows": 4}),
    )
    pricing = forms.ChoiceField(
        label=_("Pricing"),
        choices=CostProposal.Pricing.choices,
        initial=CostProposal.Pricing.FIXED,
        widget=forms.RadioSelect,
    )
    fixed_price = forms.CharField(
        label=_("Fixed price (SEK, excl. VAT)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    estimated_hours = forms.CharField(
        label=_("Estimated hours"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    hourly_rate = forms.CharField(
        label=_("Hourly rate (SEK, excl. VAT)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class TimeEntryForm(forms.Form):
    """Time spent on the ticket; billable time needs a reason."""

    prefix = "time"

    work_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        widget=forms.NumberInput(attrs={**REQUIRED_IN_BROWSER, "min": 1, "max": 1440}),
    )
    billable = forms.BooleanField(label=_("Billable"), required=False)
    reason = forms.ChoiceField(
        label=_("Why billable"),
        required=False,
        choices=[("", _("Not billable"))] + BillableReason.choices,
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"work_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SetupChangeForm(forms.Form):
    """A specialist may not change the setup: what change is needed, for the consultants."""

    prefix = "setup"

    reason = forms.CharField(
        label=_("The setup change that is needed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**REQUIRED_IN_BROWSER, "rows": 3}),
    )


class DecisionForm(forms.Form):
    """A SuperUser's answer to a cost proposal."""

    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    on_decline = forms.ChoiceField(
        label=_("If you decline"),
        required=False,
        choices=[
            (DECLINE_CLOSE, _("Close the ticket")),
            (DECLINE_RETURN, _("Return it to support to find another way")),
        ],
        initial=DECLINE_CLOSE,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Comment (optional)"), required=False, max_length=500)


def last_month(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{first:%Y-%m}"


class ExportForm(forms.Form):
    """Which month, and optionally which customer, to export (a GET form)."""

    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        # Plain text: <input type="month"> is missing in some browsers and looks different.
        widget=forms.TextInput(
            attrs={"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", "inputmode": "numeric"}
        ),
        help_text=_("Year and month, e.g. 2026-03."),
    )
    customer = forms.CharField(
        label=_("Customer's organisationsnummer (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "556677-8899"}),
        help_text=_("Leave empty for all customers."),
    )

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        try:
            month = datetime.datetime.strptime(text, "%Y-%m").date()
        except ValueError as exc:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03.")) from exc
        if month.year < 2000:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03."))
        return month

    def clean_customer(self):
        text = self.cleaned_data["customer"].strip()
        if not text:
            return None
        number = normalize_org_number(text)  # its ValidationError says what is wrong
        organization = Organization.objects.filter(org_number=number).first()
        if organization is None:
            raise ValidationError(
                _("No customer has the organisationsnummer %(number)s.") % {"number": number}
            )
        return organization
