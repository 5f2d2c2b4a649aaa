"""The processing log: a person's own entries, and the staff search."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import User
from kundcenter.privacy.incidents import may_handle_incidents
from kundcenter.privacy.models import ProcessingLogEntry

ENTRIES_PER_PAGE = 50


class LogSearchForm(forms.Form):
    subject = forms.CharField(
        label=_("Person (e-mail)"), required=False, max_length=254, strip=True
    )
    actor = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=User.objects.exclude(staff_role="").order_by("full_name", "email"),
        required=False,
        empty_label=_("Anyone"),
    )


@login_required
def my_log(request):
    """Who at the vendor has processed my data, newest first."""
    user = request.user
    entries = ProcessingLogEntry.objects.filter(
        Q(subject=user) | Q(subject__isnull=True, subject_email__iexact=user.email)
    ).select_related("actor")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/log/my_log.html", {"page": page, "nav": "profile"})


@login_required
def log_search(request):
    """Managers and admins trace processing per person or per staff member."""
    if not may_handle_incidents(request.user):
        raise Http404("Not a staff page")
    form = LogSearchForm(request.GET or None)
    page = None
    if form.is_valid() and (form.cleaned_data["subject"] or form.cleaned_data["actor"]):
        entries = ProcessingLogEntry.objects.select_related("actor", "subject")
        email = form.cleaned_data["subject"]
        if email:
            entries = entries.filter(
                Q(subject__email__iexact=email) | Q(subject_email__iexact=email)
            )
        if form.cleaned_data["actor"]:
            entries = entries.filter(actor=form.cleaned_data["actor"])
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "privacy/log/search.html", {"form": form, "page": page, "nav": "privacy"}
    )
