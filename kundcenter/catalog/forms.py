from django import forms
from django.utils.translation import gettext_lazy as _

from kundcenter.catalog.models import Feedback


class OrderForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Customer"), coerce=int)
    details = forms.CharField(
        label=_("Your request"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What should we do, for which part of your setup, and by when?"),
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations[0].pk


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback on the customer center"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=300)


class FeedbackStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Feedback.Status.choices)
