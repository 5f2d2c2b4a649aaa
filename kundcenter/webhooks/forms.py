"""The endpoint form: address, description, events and on/off (and, for staff, whose)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Organization
from kundcenter.webhooks import payloads


class EndpointForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Customer"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Every customer"),
    )
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("Where the signed POSTs go, e.g. https://erp.example.se/kundcenter/webhook."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, organizations=None, staff=False, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = payloads.EVENT_CHOICES
        if not staff:
            choices = [c for c in choices if c[0] in payloads.CUSTOMER_EVENTS]
        self.fields["events"].choices = choices
        if editing:
            del self.fields["organization"]
            return
        self.fields["organization"].queryset = organizations
        if not staff:
            self.fields["organization"].required = True
            self.fields["organization"].empty_label = None
