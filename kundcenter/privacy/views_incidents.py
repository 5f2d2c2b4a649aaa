"""The incident register: staff-only (managers and admins), everyone else gets a 404."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kundcenter.accounts.models import User
from kundcenter.lib.errors import ActionError
from kundcenter.privacy import incidents
from kundcenter.privacy.models import Incident

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = list(incidents.INCIDENT_FIELDS)
        widgets = {
            "detected_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }


class ReportedForm(forms.Form):
    reported_at = forms.DateTimeField(
        label=gettext_lazy("Reported to IMY at"), required=False, widget=DATETIME_WIDGET
    )


class AffectedForm(forms.Form):
    start = forms.DateTimeField(label=gettext_lazy("From"), widget=DATETIME_WIDGET)
    end = forms.DateTimeField(label=gettext_lazy("To"), widget=DATETIME_WIDGET)
    actor = forms.ModelChoiceField(
        label=gettext_lazy("Processed by"),
        queryset=User.objects.exclude(staff_role="").order_by("full_name", "email"),
        required=False,
        empty_label=gettext_lazy("Anyone"),
    )


def incident_staff(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not incidents.may_handle_incidents(request.user):
            raise Http404("Not a staff page")
        return view(request, *args, **kwargs)

    return wrapper


@incident_staff
def incident_list(request):
    now = timezone.now()
    rows = [(i, incidents.deadline(i, now)) for i in Incident.objects.all()[:200]]
    overdue = sum(1 for _i, d in rows if d.overdue)
    return render(
        request,
        "privacy/incidents/list.html",
        {"rows": rows, "overdue": overdue, "nav": "privacy"},
    )


@incident_staff
def incident_create(request):
    form = IncidentForm(request.POST or None, initial={"detected_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            incident = incidents.register_incident(request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The incident is registered."))
            return redirect("privacy:incident_detail", pk=incident.pk)
    return render(
        request, "privacy/incidents/form.html", {"form": form, "incident": None, "nav": "privacy"}
    )


@incident_staff
def incident_edit(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        try:
            incidents.update_incident(incident, request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The incident is saved."))
            return redirect("privacy:incident_detail", pk=incident.pk)
    return render(
        request,
        "privacy/incidents/form.html",
        {"form": form, "incident": incident, "nav": "privacy"},
    )


@incident_staff
def incident_detail(request, pk):
    incident = get_object_or_404(Incident.objects.select_related("created_by"), pk=pk)
    return _detail(request, incident)


def _detail(request, incident, affected_form=None, people=None, status=200):
    context = {
        "incident": incident,
        "deadline": incidents.deadline(incident),
        "reported_form": ReportedForm(),
        "affected_form": affected_form or AffectedForm(),
        "people": people,
        "nav": "privacy",
    }
    return render(request, "privacy/incidents/detail.html", context, status=status)


@incident_staff
@require_POST
def incident_mark_reported(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    form = ReportedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date and time."))
        return redirect("privacy:incident_detail", pk=incident.pk)
    try:
        incidents.mark_reported(incident, request.user, form.cleaned_data["reported_at"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The report to IMY is recorded."))
    return redirect("privacy:incident_detail", pk=incident.pk)


@incident_staff
def incident_affected(request, pk):
    """List the people from the processing log (GET) and notify them by e-mail (POST)."""
    incident = get_object_or_404(Incident, pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    form = AffectedForm(data)
    if not form.is_valid():
        return _detail(request, incident, affected_form=form, status=400)
    try:
        people = incidents.affected_people(
            form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["actor"]
        )
    except ActionError as exc:
        form.add_error(None, exc.message)
        return _detail(request, incident, affected_form=form, status=400)
    if request.method == "POST":
        try:
            sent = incidents.notify_affected(incident, request.user, people)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(count)d people were notified by e-mail.") % {"count": sent}
            )
            return redirect("privacy:incident_detail", pk=incident.pk)
    return _detail(request, incident, affected_form=form, people=people)
