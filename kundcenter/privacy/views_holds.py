"""Legal holds, for support managers and administrators: the list, placing and releasing."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kundcenter.lib.errors import ActionError
from kundcenter.privacy import log
from kundcenter.privacy.holds import find_hold_target, place_hold, release_hold
from kundcenter.privacy.models import LegalHold
from kundcenter.privacy.views_rights import handler_or_404

RELEASED_SHOWN = 50


class HoldForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The person's e-mail address"), max_length=254, required=False
    )
    org_number = forms.CharField(
        label=gettext_lazy("or the customer's organisation number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("A hold on a customer covers every person of the customer."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Shown to anyone who tries to erase the data."),
    )


class ReleaseForm(forms.Form):
    release_reason = forms.CharField(label=gettext_lazy("Why release it?"), max_length=300)


def _holds():
    return LegalHold.objects.select_related("user", "organization", "set_by", "released_by")


@login_required
def hold_list(request):
    """Active holds first, then the recently released ones; the form places a new hold."""
    handler_or_404(request)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, organization = find_hold_target(
                email=form.cleaned_data["email"], org_number=form.cleaned_data["org_number"]
            )
            hold = place_hold(
                by=request.user,
                user=user,
                organization=organization,
                reason=form.cleaned_data["reason"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            if hold.user_id:
                log.record(request, action=log.Action.CHANGE, subject=user, obj="legal hold")
            messages.success(request, _("The legal hold has been placed."))
            return redirect("privacy:holds")
    active = list(_holds().filter(active=True).order_by("-created_at", "-id"))
    released = list(_holds().filter(active=False).order_by("-released_at", "-id")[:RELEASED_SHOWN])
    return render(
        request,
        "privacy/holds/list.html",
        {
            "form": form,
            "active": active,
            "released": released,
            "release_form": ReleaseForm(),
            "nav": "privacy",
            "subnav": "holds",
        },
    )


@login_required
@require_POST
def hold_release(request, pk):
    handler_or_404(request)
    hold = get_object_or_404(LegalHold, pk=pk)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the hold is released."))
        return redirect("privacy:holds")
    try:
        release_hold(hold, by=request.user, reason=form.cleaned_data["release_reason"])
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        if hold.user_id:
            log.record(request, action=log.Action.CHANGE, subject=hold.user, obj="legal hold")
        messages.success(request, _("The legal hold has been released."))
    return redirect("privacy:holds")
