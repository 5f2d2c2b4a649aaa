from django import forms
from django.utils.translation import gettext_lazy as _

from kundcenter.academy.models import MaterialRequest
from kundcenter.accounts.models import Module


class MaterialRequestForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.filter(active=True),
        required=False,
        empty_label=_("Any module"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What would help you"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A handbook page, a routine description, a video or a training."),
    )


class MaterialStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MaterialRequest.Status.choices)
