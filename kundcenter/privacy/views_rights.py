"""Data-subject rights: my data and its export; the staff request list, export, correction
and erasure."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kundcenter.lib.errors import ActionError
from kundcenter.privacy import log, overview
from kundcenter.privacy.erasure import erase_person, erasure_refusal
from kundcenter.privacy.export import export_response
from kundcenter.privacy.models import DataSubjectRequest
from kundcenter.privacy.requests import (
    close_request,
    correct_person,
    may_handle_requests,
    register_request,
)
from kundcenter.privacy.subject import personal_data


def handler_or_404(request):
    # Customers and other staff never learn these pages exist.
    if not may_handle_requests(request.user):
        raise Http404


@login_required
def my_data(request):
    """Everything held about me, by kind, with the download of the export."""
    found = personal_data(user=request.user)
    return render(
        request,
        "privacy/rights/my_data.html",
        {"sections": overview.sections(found), "nav": "profile"},
    )


@login_required
def my_export(request):
    """Download my own data as JSON (streamed)."""
    return export_response(personal_data(user=request.user))


class RequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The person's e-mail address"), max_length=254)
    kind = forms.ChoiceField(label=gettext_lazy("Asks for"), choices=DataSubjectRequest.Kind)
    received_at = forms.DateTimeField(
        label=gettext_lazy("Received"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=gettext_lazy("Leave empty for now. The deadline is one month later."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
def request_list(request):
    """Open requests by deadline, overdue first; handled ones below."""
    handler_or_404(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dsr = register_request(by=request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The request has been registered."))
            return redirect("privacy:request_detail", pk=dsr.pk)
    now = timezone.now()
    requests = DataSubjectRequest.objects.select_related("user", "handled_by")
    open_requests = list(requests.open().order_by("due_at", "id"))
    handled = list(
        requests.exclude(status=DataSubjectRequest.Status.OPEN).order_by("-handled_at")[:50]
    )
    return render(
        request,
        "privacy/rights/request_list.html",
        {
            "form": form,
            "open_requests": open_requests,
            "handled": handled,
            "now": now,
            "nav": "privacy",
        },
    )


def _request_for(request, pk):
    handler_or_404(request)
    return get_object_or_404(DataSubjectRequest.objects.select_related("user"), pk=pk)


def _subject(dsr):
    return dsr.user or dsr.email


@login_required
def request_detail(request, pk):
    """One request: what is held about the person, and the buttons that fulfil it."""
    dsr = _request_for(request, pk)
    found = personal_data(user=dsr.user, email=dsr.email or None)
    log.record(
        request, action=log.Action.READ, subject=_subject(dsr), obj=f"data-subject request {pk}"
    )
    return render(
        request,
        "privacy/rights/request_detail.html",
        {
            "dsr": dsr,
            "person": found.user,
            "counts": found.counts(),
            "refusal": erasure_refusal(found.user, by=request.user),
            "overdue": dsr.is_overdue(),
            "nav": "privacy",
        },
    )


@login_required
def request_export(request, pk):
    """Staff download the export for a request (streamed)."""
    dsr = _request_for(request, pk)
    log.record(request, action=log.Action.EXPORT, subject=_subject(dsr), obj=f"request {pk}")
    return export_response(personal_data(user=dsr.user, email=dsr.email or None))


@login_required
@require_POST
def request_erase(request, pk):
    """Erase the person of an erasure request, after an explicit confirmation."""
    dsr = _request_for(request, pk)
    if dsr.kind != DataSubjectRequest.Kind.ERASURE or dsr.status != DataSubjectRequest.Status.OPEN:
        messages.error(request, _("Only an open erasure request can be carried out."))
    elif request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm that erasure cannot be undone."))
    else:
        try:
            erase_person(by=request.user, user=dsr.user, email=dsr.email or None, dsr=dsr)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The person's data has been erased."))
    return redirect("privacy:request_detail", pk=pk)


@login_required
@require_POST
def request_close(request, pk):
    """Mark a request done or refused."""
    dsr = _request_for(request, pk)
    status = request.POST.get("status")
    if status not in (DataSubjectRequest.Status.DONE, DataSubjectRequest.Status.REFUSED):
        status = DataSubjectRequest.Status.DONE
    try:
        close_request(dsr, by=request.user, status=status, note=request.POST.get("note", ""))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The request has been marked handled."))
    return redirect("privacy:request_detail", pk=pk)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)


@login_required
def person_edit(request, user_id):
    """Staff correct a person's name, e-mail address and phone number (logged)."""
    handler_or_404(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    initial = {"full_name": person.full_name, "email": person.email, "phone": person.phone}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = correct_person(person, by=request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            # The account is the person in the log, whichever address it has now; the
            # fields corrected are named, their values are not logged.
            log.record(
                request,
                action=log.Action.CHANGE,
                subject=person,
                obj="corrected " + (", ".join(changed) or "nothing"),
            )
            messages.success(request, _("The person's details have been corrected."))
            next_request = request.GET.get("request", "")
            if next_request.isdigit():
                return redirect("privacy:request_detail", pk=int(next_request))
            return redirect("privacy:person_edit", user_id=person.pk)
    log.record(request, action=log.Action.READ, subject=person, obj="person details")
    return render(
        request,
        "privacy/rights/person_edit.html",
        {"form": form, "person": person, "nav": "privacy"},
    )
