"""Forms of two-factor authentication: one code field, checked by the actions in
`kundcenter.accounts.two_factor` (the form only reads it)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app (or, where `backup_allowed`, a backup code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, backup_allowed=True, autofocus=False, **kwargs):
        super().__init__(*args, **kwargs)
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True
        if backup_allowed:
            self.fields["code"].help_text = _(
                "The six-digit code from your authenticator app, or one of your backup codes."
            )
        else:
            self.fields["code"].help_text = _("The six-digit code that your app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
