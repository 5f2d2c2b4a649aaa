"""Forms on the customer page: SuperUsers, trainings, payment standing, access grants.

They only parse input; the rules live in `kundcenter.accounts.entitlements`.
"""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.entitlements import FRIDAY_GRANT_CHOICES, is_friday
from kundcenter.accounts.models import (
    Licence,
    Membership,
    Module,
    Organization,
    SupportAccessGrant,
    User,
)

# Lazy: the label is translated when a page shows it, not when this module is imported.
_hours_label = lazy(lambda hours: gettext("%(hours)d hours") % {"hours": hours}, str)


def _person_label(user):
    return f"{user.full_name} <{user.email}>"


class AppointSuperUserForm(forms.Form):
    """Appoint one of the customer's plain members as SuperUser."""

    person = forms.ModelChoiceField(
        User.objects.none(), label=_("Member"), empty_label=_("Choose a member")
    )
    licence = forms.ModelChoiceField(
        Licence.objects.none(),
        label=_("Licence"),
        required=False,
        empty_label=_("The first licence with a free place"),
    )

    def __init__(self, *args, organization, **kwargs):
        kwargs.setdefault("auto_id", "appoint-%s")  # several forms share the customer page
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__organization=organization,
                memberships__role=Membership.Role.USER,
            )
            .only("pk", "full_name", "email")
            .order_by("full_name")
        )
        # Read the members once, for both the options and `has_candidates`.
        people = list(field.queryset)
        self.has_candidates = bool(people)
        field.choices = [("", field.empty_label)] + [(u.pk, _person_label(u)) for u in people]
        licences = organization.licences.order_by("number")
        self.fields["licence"].queryset = licences
        self.several_licences = licences.count() > 1
        if not self.several_licences:
            del self.fields["licence"]


class TrainingForm(forms.Form):
    """Staff record that a person completed the official training for a module."""

    person = forms.ModelChoiceField(
        User.objects.none(), label=_("Person"), empty_label=_("Choose a person")
    )
    module = forms.ModelChoiceField(
        Module.objects.none(), label=_("Module"), empty_label=_("Choose a module")
    )
    training = forms.CharField(
        label=_("Training"),
        max_length=200,
        required=False,
        help_text=_("The course, e.g. “Lön grundkurs”. Empty: the module's name."),
    )
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organization, **kwargs):
        kwargs.setdefault("auto_id", "training-%s")
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            User.objects.filter(memberships__organization=organization)
            .only("pk", "full_name", "email")
            .order_by("full_name")
        )
        self.fields["person"].label_from_instance = _person_label
        # The customer's licensed modules first: those are the ones that matter here.
        self.fields["module"].queryset = (
            Module.objects.filter(active=True, licences__organization=organization)
            .distinct()
            .order_by("name")
        )
        self.fields["completed_on"].initial = timezone.localdate

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError(_("A training cannot be completed in the future."))
        return completed_on


class PaymentStandingForm(forms.Form):
    """Staff set a customer overdue or in good standing."""

    standing = forms.ChoiceField(
        label=_("Payment standing"),
        choices=Organization.PaymentStanding.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_(
            "Why, e.g. the invoice number. The customer's SuperUsers see it in the audit trail."
        ),
    )
    as_of = forms.DateField(
        label=_("From (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "payment-%s")
        super().__init__(*args, **kwargs)


class GrantAccessForm(forms.Form):
    """A SuperUser lets Service & Kvalitet or consultants log in to the customer's setup.

    On a Friday (Europe/Stockholm) support access lasts 24 or 72 hours, chosen here; on
    other days it is 8 business hours and there is nothing to choose.
    """

    audience = forms.ChoiceField(
        label=_("Access for"),
        choices=SupportAccessGrant.Audience.choices,
        widget=forms.RadioSelect,
        initial=SupportAccessGrant.Audience.SUPPORT,
    )
    hours = forms.TypedChoiceField(
        label=_("How long (Service & Kvalitet, on a Friday)"),
        choices=[(h, _hours_label(h)) for h in FRIDAY_GRANT_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("On a Friday you choose whether access lasts over the weekend."),
    )
    ticket = forms.ModelChoiceField(
        queryset=None,
        to_field_name="number",
        label=_("Ticket"),
        required=False,
        empty_label=_("No ticket"),
        help_text=_("Consultants need the order ticket of the setup change."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, organization, ticket=None, now=None, **kwargs):
        kwargs.setdefault("auto_id", "grant-%s")
        super().__init__(*args, **kwargs)
        from kundcenter.tickets.models import Ticket

        self.friday = is_friday(now or timezone.now())
        if not self.friday:
            del self.fields["hours"]
        field = self.fields["ticket"]
        if ticket is not None:
            # Granted from a ticket page: that ticket, nothing to choose.
            field.queryset = Ticket.objects.filter(pk=ticket.pk)
            field.initial = ticket.number
            field.widget = forms.HiddenInput()
        else:
            field.queryset = (
                Ticket.objects.filter(organization=organization)
                .open()
                .only("pk", "number", "title", "category")
                .order_by("-created_at")
            )
            field.label_from_instance = lambda t: (
                f"{t.number} · {t.get_category_display()} · {t.title}"
            )
