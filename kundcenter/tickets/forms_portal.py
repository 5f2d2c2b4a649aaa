"""Forms on the customer side: a new ticket and a reply."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.entitlements import module_facts
from kundcenter.accounts.models import Module, Organization
from kundcenter.knowledge.forms import SUGGESTION_CHOICE_ATTRS, SUGGESTION_WIDGET_ATTRS
from kundcenter.tickets.files import ALLOWED_ENDINGS, check_uploads
from kundcenter.tickets.models import SERVICE_LEVEL_DESCRIPTIONS, ServiceLevel
from kundcenter.tickets.workflows import Category

CATEGORY_HELP = {
    Category.SUPPORT: _("A question about how to use the system."),
    Category.BUG: _("Something in the system does not work as it should."),
    Category.REQUEST: _("An idea for how the system could be better; goes to the product council."),
    Category.ORDER: _("Work you want done for you, such as a setup change; may be billed."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern from Django's file-upload docs)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(d, initial) for d in data if d]
        return [single_clean(data, initial)] if data else []


def _checked_files(files):
    """Refuse wrong types and sizes on the form, next to the field (the action re-checks)."""
    check_uploads(files)
    return files


def attachments_field():
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Screenshots or documents, at most %(count)d files. Allowed: %(types)s.")
        % {"count": settings.ATTACHMENT_MAX_FILES, "types": ", ".join(ALLOWED_ENDINGS)},
    )


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a ListedModelChoiceField: its `listed` objects, in their order (the
    queryset's), without reading them again (the queryset's iterator is a server-side
    cursor on PostgreSQL: three round trips for a form page)."""

    def __iter__(self):
        listed = self.field.listed
        if listed is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in listed.values():
            yield self.choice(obj)

    def __len__(self):
        listed = self.field.listed
        if listed is None:
            return super().__len__()
        return len(listed) + (self.field.empty_label is not None)

    def __bool__(self):
        listed = self.field.listed
        if listed is None:
            return super().__bool__()
        return self.field.empty_label is not None or bool(listed)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose objects the form has already read (`listed`, by pk, in the
    queryset's order): the submitted choice is found among them, and the choices listed
    from them, instead of asked of the database again."""

    iterator = ListedChoiceIterator
    listed: dict | None = None

    def to_python(self, value):
        if self.listed is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.listed[int(getattr(value, "pk", value))]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class NewTicketForm(forms.Form):
    """A SuperUser's new ticket. `organizations` are the customers they may register for.

    A registration is on the hot path: the licensed modules (with which customer licenses
    each) and the user's trainings are read once, and the choice is checked against them.
    """

    organization = ListedModelChoiceField(
        label=_("Customer"), queryset=Organization.objects.none(), empty_label=None
    )
    module = ListedModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.none(),
        empty_label=_("Choose a module"),
        widget=forms.Select(attrs=SUGGESTION_CHOICE_ATTRS),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.RadioSelect(attrs=SUGGESTION_CHOICE_ATTRS),
    )
    service_level = forms.TypedChoiceField(
        label=_("Service level"),
        choices=ServiceLevel.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        # Level 5 is the standard level (DOMAIN.md): chosen until the customer says more.
        initial=ServiceLevel(5),
        help_text=_("Only for software bugs: how hard the bug hits your business."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs=SUGGESTION_WIDGET_ATTRS)
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8, **SUGGESTION_WIDGET_ATTRS}),
        help_text=_("What happened, what you expected, and how to repeat it."),
    )
    # The knowledge-base suggestions shown while typing (kundcenter.knowledge): linked
    # to the ticket once registered, for the deflection figures.
    kb_log = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organizations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        self.fields["attachments"] = attachments_field()
        org_ids = [o.pk for o in self.organizations]
        if len(self.organizations) == 1:
            # Nothing to choose: the field stays out of the form.
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = Organization.objects.filter(pk__in=org_ids)
            self.fields["organization"].listed = {o.pk: o for o in self.organizations}
        # One query: every active module licensed to one of the customers, to which, and
        # whether `user` is trained for it; the registration's own check reads the same
        # facts (`module_facts`) instead of asking again.
        self.module_facts = module_facts(user, org_ids)
        self.licensed_to = self.module_facts.licensed_to
        licensed = {m.pk: m for m in self.module_facts.modules}
        field = self.fields["module"]
        field.required = bool(licensed)
        if user is None:
            field.queryset = Module.objects.filter(pk__in=list(licensed)).order_by("name")
            field.listed = licensed
        else:
            self._only_trained_modules(list(licensed.values()))

    def _only_trained_modules(self, licensed):
        """List only the modules the user is trained for, and name the others (DOMAIN.md:
        a SuperUser gets support only on modules they completed the training for)."""
        field = self.fields["module"]
        trained = self.module_facts.trained  # among the licensed ones
        field.queryset = Module.objects.filter(pk__in=sorted(trained)).order_by("name")
        field.listed = {m.pk: m for m in licensed if m.pk in trained}
        untrained = [m.name for m in licensed if m.pk not in trained]
        if not untrained:
            return
        if len(untrained) == len(licensed):
            field.error_messages["required"] = _(
                "You have not completed the official training for any of your modules yet, "
                "so you cannot register a ticket on them."
            )
        field.help_text = _(
            "Only the modules you are trained for are listed. Not listed, because you have "
            "not completed the official training for them: %(modules)s. See the Academy "
            "for coming trainings."
        ) % {"modules": ", ".join(untrained)}

    def clean_attachments(self):
        return _checked_files(self.cleaned_data["attachments"])

    def category_choices(self):
        """The category radios with their one-line explanations, for the template."""
        return [(radio, CATEGORY_HELP.get(radio.data["value"], "")) for radio in self["category"]]

    def service_level_choices(self):
        return [
            (radio, SERVICE_LEVEL_DESCRIPTIONS.get(radio.data["value"], ""))
            for radio in self["service_level"]
        ]

    def selected_organization(self):
        if len(self.organizations) == 1:
            return self.organizations[0]
        return self.cleaned_data.get("organization")

    def clean(self):
        data = super().clean()
        organization = self.selected_organization()
        module = data.get("module")
        if organization and module and organization.pk not in self.licensed_to.get(module.pk, ()):
            self.add_error(
                "module",
                _("%(org)s has no licence for %(module)s.")
                % {"org": organization.name, "module": module.name},
            )
        if data.get("category") == Category.BUG and not data.get("service_level"):
            self.add_error("service_level", _("A software bug needs a service level (1–5)."))
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                # Asked (kundcenter.js) when another form is sent while the box holds text.
                "data-unsent": _("Your reply has not been sent. Continue without it?"),
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = attachments_field()

    def clean_attachments(self):
        return _checked_files(self.cleaned_data["attachments"])
