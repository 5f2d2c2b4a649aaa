"""Forms for registering, logging in, the profile and joining a customer."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import User
from kundcenter.lib.orgnr import normalize_org_number


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, asking for the e-mail address instead of a user name."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    # One message for a wrong address, a wrong password and an unconfirmed account, so it
    # tells nobody whether an account exists; it names the confirmation mail, since a
    # person who has just registered is the likeliest to meet it. (Django's own says the
    # fields are case-sensitive, which the address is not.)
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is wrong, or the account is not confirmed "
            "yet. If you have just registered, open the link in the confirmation mail we "
            "sent you first."
        ),
        "inactive": _(
            "The e-mail address or the password is wrong, or the account is not confirmed "
            "yet. If you have just registered, open the link in the confirmation mail we "
            "sent you first."
        ),
    }


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, but saving only queues a task with the address.

    The task (kundcenter.accounts.registration.mail_password_reset) decides whether the
    address has an active account and mails the link, so the request does the same work,
    and takes as long, for an address with an account and one without.
    """

    def save(self, **kwargs):
        from kundcenter.accounts.registration import request_password_reset

        request_password_reset(self.cleaned_data["email"])


class ConfirmRegistrationForm(forms.Form):
    """The last step of registering: the password chosen then, to open the account."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }


class JoinForm(forms.Form):
    org_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("The organisationsnummer of the company you work for, e.g. 556677-8899."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Message to the SuperUsers"),
        required=False,
        max_length=500,
        help_text=_("Optional: who you are and what you work with."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_org_number(self):
        return normalize_org_number(self.cleaned_data["org_number"])


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or organisationsnummer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
