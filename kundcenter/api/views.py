"""A person's own API tokens, on their profile: made (shown once), listed with their last
use, revoked. Client systems' tokens are staff's: `manage.py create_api_client` and the
admin (which switches them off)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kundcenter.api import tokens
from kundcenter.api.models import PersonalToken, Scope
from kundcenter.lib.errors import ActionError


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What uses the token, e.g. our ERP system."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("May be used for"),
        choices=Scope.choices,
        initial=[Scope.TICKETS_READ, Scope.TICKETS_WRITE],
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.create_personal_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["scopes"]
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            made = {"token": token, "secret": secret}
            form = TokenForm()
    listed = PersonalToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": listed, "made": made, "scope_names": dict(Scope.choices)},
    )


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = tokens.revoke_personal_token(request.user, pk)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
