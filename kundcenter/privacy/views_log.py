"""The processing log: a person's own entries, and the staff search.

The log holds account ids and keyed hashes, never names or addresses: the pages show
the person and the staff member by reading their accounts (after an erasure, the
anonymised account).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.models import User
from kundcenter.privacy import log
from kundcenter.privacy.incidents import may_handle_incidents
from kundcenter.privacy.models import ProcessingLogEntry

ENTRIES_PER_PAGE = 50


class LogSearchForm(forms.Form):
    subject = forms.CharField(
        label=_("Person (e-mail)"),
        required=False,
        max_length=254,
        strip=True,
        help_text=_(
            "Finds the account that has this address now, or a person without an account "
            "who gave it."
        ),
    )
    # Chosen by following a person's link in the results (works for erased accounts).
    person = forms.ModelChoiceField(
        queryset=User.objects.all(), required=False, widget=forms.HiddenInput
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
    entries = ProcessingLogEntry.objects.filter(log.about_user(request.user))
    entries = entries.select_related("actor")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/log/my_log.html", {"page": page, "nav": "profile"})


@login_required
def log_search(request):
    """Managers and admins trace processing per person or per staff member."""
    if not may_handle_incidents(request.user):
        raise Http404("Not a staff page")
    form = LogSearchForm(request.GET or None)
    page = None
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("subject") or data.get("person") or data.get("actor"):
        entries = ProcessingLogEntry.objects.select_related("actor", "subject")
        if data["subject"]:
            entries = entries.filter(log.about_address(data["subject"]))
        if data["person"]:
            entries = entries.filter(subject=data["person"])
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/log/search.html",
        {
            "form": form,
            "page": page,
            "person": data.get("person"),
            "nav": "privacy",
        },
    )
