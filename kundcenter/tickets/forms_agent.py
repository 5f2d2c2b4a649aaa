"""Forms of the staff side: the queue filters, the ticket page's actions, phone registration.

Forms only parse. Where an action has its own rule (a reason is needed, a level is
needed) the field is optional here and the action's refusal is what the user reads, so
there is one wording for each rule; the browser still marks such fields as required.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import Module, Organization, Team, User
from kundcenter.accounts.rules import active_superusers
from kundcenter.lib import params
from kundcenter.lib.errors import ActionError
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.tickets import actions, macros, queues
from kundcenter.tickets.models import Macro, ServiceLevel
from kundcenter.tickets.workflows import EARLY_CLOSE_REASONS, Category, Lane, Status

REQUIRED_IN_BROWSER = {"required": True}
# Asked (kundcenter.js) when another form on the page is sent while the box holds text.
UNSENT_WARNING = _("The text you have written has not been saved. Continue without it?")
# A tag field: existing tags matching what is typed fill <datalist id="tag-suggestions">.
TAG_FIELD = {
    "list": "tag-suggestions",
    "autocomplete": "off",
    "hx-get": reverse_lazy("agent:tag_suggestions"),
    "hx-trigger": "input changed delay:200ms",
    "hx-target": "#tag-suggestions",
    "hx-swap": "innerHTML",
    "hx-push-url": "false",
    "hx-sync": "this:replace",
}


def _blank(label):
    return [("", label)]


class QueueFilterForm(forms.Form):
    """The filter bar above the queue (a GET form)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Ticket number, words, customer or reporter"),
            }
        ),
    )
    team = forms.ModelChoiceField(
        Team.objects.all(), label=_("Team"), required=False, empty_label=_("All teams")
    )
    lane = forms.ChoiceField(
        label=_("Lane"), required=False, choices=_blank(_("All lanes")) + Lane.choices
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=_blank(_("All categories")) + Category.choices,
    )
    module = forms.ModelChoiceField(
        Module.objects.all(), label=_("Module"), required=False, empty_label=_("All modules")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (queues.STATUS_OPEN, _("Open")),
            (queues.STATUS_CLOSED, _("Closed")),
            (queues.STATUS_ALL, _("All")),
        ]
        + [(s.value, s.label) for s in Status if s != Status.CLOSED],
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Name or organisationsnummer")}),
    )
    service_level = forms.ChoiceField(
        label=_("Service level"),
        required=False,
        choices=_blank(_("All levels")) + [(str(v), str(v)) for v in ServiceLevel.values],
    )
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs=TAG_FIELD),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Most urgent first")),
            ("due", _("Time left, least first")),
            ("-due", _("Time left, most first")),
            ("number", _("Number, oldest first")),
            ("-number", _("Number, newest first")),
            ("-activity", _("Latest activity first")),
            ("activity", _("Earliest activity first")),
            ("level", _("Service level, 1 first")),
            ("-level", _("Service level, 5 first")),
            ("customer", _("Customer, A–Ö")),
            ("-customer", _("Customer, Ö–A")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        team_id = params.parse_id(self.data.get("team")) if self.is_bound else None
        if team_id is None:
            team_id = user.team_id
        self.people = list(queues.staff_for_team(team_id))
        # Read once, for this form's select and the bulk-action form's (BulkForm).
        self.teams = [(t.pk, t.name) for t in Team.objects.all()]
        self.fields["team"].choices = _blank(_("All teams")) + self.teams
        self.fields["assignee"].choices = (
            _blank(_("Anyone"))
            + [(queues.ASSIGNEE_ME, _("Me")), (queues.ASSIGNEE_NONE, _("Unassigned"))]
            + [(str(p.pk), p.full_name) for p in self.people]
        )

    def clean_status(self):
        return self.cleaned_data["status"] or queues.STATUS_OPEN


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReplyForm(forms.Form):
    """A public reply, an internal note or a logged phone call."""

    PUBLIC, INTERNAL, PHONE = "public", "internal", "phone"

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (PUBLIC, _("Public reply (the customer sees it)")),
            (INTERNAL, _("Internal note (staff only)")),
            (PHONE, _("Logged phone call")),
        ],
        initial=PUBLIC,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={**REQUIRED_IN_BROWSER, "data-unsent": UNSENT_WARNING}),
    )
    files = MultipleFileField(label=_("Attachments"), required=False)
    # The canned reply the text came from: its side effects run when this is sent.
    macro = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Collision warning: the newest message the writer had seen, and their "send anyway".
    last_seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    notify_linked = forms.BooleanField(
        label=_("Also post this reply on every open linked ticket (each reporter is told)"),
        required=False,
    )


class TransitionForm(forms.Form):
    """A workflow step. Its fields belong to the reply form on the page (form="reply-form"),
    so the step buttons send what was written there too."""

    target = forms.ChoiceField(choices=Status.choices)
    service_level = forms.TypedChoiceField(
        label=_("Service level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(_("Choose a level")) + ServiceLevel.choices,
        widget=forms.Select(attrs={"form": "reply-form"}),
    )
    reason = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"form": "reply-form"}),
    )


class CloseForm(forms.Form):
    prefix = "close"

    close_reason = forms.ChoiceField(
        label=_("Reason"), choices=[(r.value, r.label) for r in EARLY_CLOSE_REASONS]
    )
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs=REQUIRED_IN_BROWSER),
    )


class AssignForm(forms.Form):
    prefix = "assign"

    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, ticket, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        # `people`: staff_for_team(ticket.team_id), when the caller has read it already.
        self.people = list(queues.staff_for_team(ticket.team_id)) if people is None else people
        self.fields["assignee"].choices = [
            (queues.ASSIGNEE_ME, _("Me")),
            (queues.ASSIGNEE_NONE, _("Nobody")),
        ] + [(str(p.pk), p.full_name) for p in self.people]
        if ticket.assignee_id:
            self.fields["assignee"].initial = str(ticket.assignee_id)

    def assignee_for(self, user) -> User | None:
        value = self.cleaned_data["assignee"]
        if value == queues.ASSIGNEE_ME:
            return user
        if value == queues.ASSIGNEE_NONE:
            return None
        return next(p for p in self.people if str(p.pk) == value)


class ServiceLevelForm(forms.Form):
    prefix = "level"

    level = forms.TypedChoiceField(
        label=_("Service level"), coerce=int, choices=ServiceLevel.choices
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs=REQUIRED_IN_BROWSER),
    )


class CategoryForm(forms.Form):
    prefix = "category"

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    service_level = forms.TypedChoiceField(
        label=_("Service level (for a software bug)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(_("Keep / not needed")) + ServiceLevel.choices,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs=REQUIRED_IN_BROWSER),
    )


class TeamForm(forms.Form):
    prefix = "team"

    team = forms.ModelChoiceField(Team.objects.all(), label=_("Team"), empty_label=None)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)


class HandOverForm(forms.Form):
    prefix = "handover"

    lane = forms.ChoiceField(label=_("Hand over to"), choices=Lane.choices)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)


class WorkaroundForm(forms.Form):
    """A workaround provided for a level 1–2 bug (it becomes level 3)."""

    prefix = "workaround"

    reason = forms.CharField(
        label=_("Describe the workaround"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**REQUIRED_IN_BROWSER, "rows": 3}),
    )


def find_customer(text: str) -> Organization | None:
    """The customer with this organisationsnummer, or None."""
    try:
        number = normalize_org_number(text)
    except ValidationError:
        return None
    return Organization.objects.filter(org_number=number).first()


# Customers listed when a name matches several.
NAME_MATCHES_SHOWN = 10


class CustomerLookupForm(forms.Form):
    """Finds the customer by organisationsnummer or by (part of) its name."""

    customer = forms.CharField(
        label=_("Customer's name or organisationsnummer"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or 556677-8899")}),
    )

    def clean_customer(self):
        text = self.cleaned_data["customer"].strip()
        organization = find_customer(text)
        if organization is not None:
            return organization
        matches = list(
            Organization.objects.filter(name__icontains=text).order_by("name")[
                : NAME_MATCHES_SHOWN + 1
            ]
        )
        self.matches = matches[:NAME_MATCHES_SHOWN]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(_("No customer has this name or organisationsnummer."))
        raise ValidationError(
            _("Several customers match. Choose one below, or type the organisationsnummer.")
        )


class RegisterForCustomerForm(forms.Form):
    """A phone call registered as a ticket on behalf of one of the customer's SuperUsers."""

    customer = forms.CharField(widget=forms.HiddenInput)
    reporter = forms.ModelChoiceField(
        User.objects.none(), label=_("Caller (SuperUser)"), empty_label=None
    )
    module = forms.ModelChoiceField(
        Module.objects.filter(active=True), label=_("Module"), required=False, empty_label="–"
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    service_level = forms.TypedChoiceField(
        label=_("Service level (software bugs)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank("–") + ServiceLevel.choices,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["customer"].initial = organization.org_number
        # Only the modules the customer has a licence for.
        self.fields["module"].queryset = (
            Module.objects.filter(active=True, licences__organization=organization)
            .distinct()
            .order_by("name")
        )
        self.fields["reporter"].queryset = (
            active_superusers(organization).only("pk", "full_name", "email").order_by("full_name")
        )
        self.fields["reporter"].label_from_instance = lambda u: f"{u.full_name} <{u.email}>"


class LogCallForm(forms.Form):
    """A call staff took, for the call log (kundcenter.tickets.phone.log_call)."""

    started_at = forms.DateTimeField(
        label=_("Call came in"),
        required=False,
        help_text=_("Leave empty for a call that just ended."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    waited_seconds = forms.IntegerField(
        label=_("Seconds waited in the queue"), min_value=0, max_value=24 * 3600
    )
    team = forms.ModelChoiceField(
        Team.objects.all(),
        label=_("Team chosen in the switchboard"),
        required=False,
        empty_label="–",
    )
    ticket = forms.CharField(label=_("Ticket number"), required=False, max_length=16)
    caller_number = forms.CharField(label=_("Caller's number"), required=False, max_length=40)


class TicketNumberForm(forms.Form):
    """Another ticket, by its number (linking)."""

    number = forms.CharField(label=_("Ticket number"), max_length=16)

    def clean_number(self):
        return self.cleaned_data["number"].strip()


class MergeForm(TicketNumberForm):
    """Close this ticket as a duplicate of another of the same customer."""

    prefix = "merge"

    number = forms.CharField(label=_("Duplicate of ticket number"), max_length=16)
    reason = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)


# --- the agent workspace: tags, bulk actions, saved views, canned replies ---------------


class TagForm(forms.Form):
    """Tags to add to a ticket, separated by commas."""

    prefix = "tags"

    names = forms.CharField(
        label=_("Add tags"),
        max_length=300,
        help_text=_("Separate tags with commas."),
        widget=forms.TextInput(attrs=TAG_FIELD),
    )


class BulkForm(forms.Form):
    """One action for the tickets ticked in the queue (a POST form around the table)."""

    prefix = "bulk"

    action = forms.ChoiceField(
        label=_("Action for the selected tickets"),
        choices=[
            ("assign", _("Assign")),
            ("team", _("Move to another team")),
            ("tag", _("Add a tag")),
            ("transition", _("Set the status")),
        ],
    )
    tickets = forms.MultipleChoiceField(required=False)
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    team = forms.ModelChoiceField(
        Team.objects.all(), label=_("Team"), required=False, empty_label="–"
    )
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs=TAG_FIELD),
    )
    target = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank("–") + Status.choices
    )

    def __init__(self, *args, people=None, teams=None, **kwargs):
        """`people` and `teams`: what to offer, as the queue's filter form read them;
        when the form is sent, any active staff member and any team."""
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].choices = _blank("–") + teams
        self.people = list(queues.staff_for_team(None) if people is None else people)
        self.fields["assignee"].choices = [
            (queues.ASSIGNEE_ME, _("Me")),
            (queues.ASSIGNEE_NONE, _("Nobody")),
        ] + [(str(p.pk), p.full_name) for p in self.people]
        if self.is_bound:
            name = self.add_prefix("tickets")
            numbers = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            self.fields["tickets"].choices = [(n, n) for n in numbers]

    def assignee_for(self, user):
        """The person chosen (None for nobody); "me" is `user`."""
        value = self.cleaned_data.get("assignee")
        if value == queues.ASSIGNEE_ME:
            return user
        if value == queues.ASSIGNEE_NONE or not value:
            return None
        return next((p for p in self.people if str(p.pk) == value), None)


class SavedViewForm(forms.Form):
    """Save the queue's current filters and sort under a name."""

    prefix = "view"

    name = forms.CharField(label=_("Name of the view"), max_length=80)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    is_default = forms.BooleanField(label=_("Open this view by default"), required=False)


class MacroForm(forms.ModelForm):
    """Create or edit a canned reply in the workspace."""

    PERSONAL = "personal"

    scope = forms.ChoiceField(label=_("Who uses it"))

    class Meta:
        model = Macro
        fields = ["name", "body_sv", "body_en", "set_status", "add_tags"]
        widgets = {
            "body_sv": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.teams = list(macros.teams_user_may_share_with(user))
        self.fields["scope"].choices = [(self.PERSONAL, _("Only me"))] + [
            (str(t.pk), _("Team %(team)s") % {"team": t.name}) for t in self.teams
        ]
        if self.instance.pk:
            self.fields["scope"].initial = (
                self.PERSONAL if self.instance.owner_id else str(self.instance.team_id)
            )
        self.fields["body_sv"].help_text = macros.PLACEHOLDER_HELP
        self.fields["set_status"].choices = _blank(_("Leave the status as it is")) + [
            c for c in Status.choices if c[0] != Status.NEW
        ]

    def clean(self):
        data = super().clean()
        if not (data.get("body_sv") or "").strip() and not (data.get("body_en") or "").strip():
            raise ValidationError(_("Write the text in Swedish, English or both."))
        for field in ("body_sv", "body_en"):
            unknown = macros.unknown_placeholders(data.get(field) or "")
            if unknown:
                self.add_error(
                    field,
                    _("Unknown placeholder: %(names)s.")
                    % {"names": ", ".join("{{ " + n + " }}" for n in unknown)},
                )
        try:
            data["add_tags"] = ", ".join(actions.clean_tag_names(data.get("add_tags") or ""))
        except ActionError as exc:
            self.add_error("add_tags", exc.message)
        return data

    def save(self, commit=True):
        macro = super().save(commit=False)
        scope = self.cleaned_data["scope"]
        if scope == self.PERSONAL:
            macro.owner, macro.team = self.user, None
        else:
            macro.owner, macro.team = None, next(t for t in self.teams if str(t.pk) == scope)
        if macro.created_by_id is None:
            macro.created_by = self.user
        macro.updated_at = timezone.now()
        if commit:
            macro.save()
        return macro
