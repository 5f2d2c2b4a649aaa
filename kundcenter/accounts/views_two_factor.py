"""Two-factor authentication pages: giving the code after the password, setting up an
authenticator app (staff at their first login, customers from their profile), new backup
codes, and switching it off (customers only). The rules are in
`kundcenter.accounts.two_factor`; `TwoFactorMiddleware` sends sessions here."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kundcenter.accounts import two_factor
from kundcenter.accounts.forms_two_factor import CodeForm
from kundcenter.accounts.middleware import TWO_FACTOR_CHECKED
from kundcenter.lib.errors import ActionError
from kundcenter.lib.ratelimit import ratelimit


def _next_url(request, default=None) -> str:
    """The page to go on to: ?next= (or the form's `next`) when it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours, never a bare word: redirect() would take that for a view's name.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(default or settings.LOGIN_REDIRECT_URL)


def _mark_verified(request, device) -> None:
    """The session has given its second factor (django-otp remembers the device). A new
    session key, as at the password step: the session has gained rights."""
    django_otp.login(request, device)
    request.session.cycle_key()
    request.two_factor_pending = None


@login_required
@ratelimit("two_factor", per_hour=60)
def verify(request):
    """The code after the password, from the app or a backup code."""
    if two_factor.pending_step(request.user) != two_factor.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, autofocus=True)
    if request.method == "POST" and form.is_valid():
        try:
            verified = two_factor.verify_code(request.user, form.cleaned_data["code"])
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            _mark_verified(request, verified.device)
            if verified.backup_code:
                left = two_factor.backup_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a backup code; %(count)s is left. Make new backup codes "
                        "on your profile page.",
                        "You used a backup code; %(count)s are left. Make new backup codes "
                        "on your profile page.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor/verify.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            # `make run` (DEBUG) shows a demo login's code, so trying it needs no command.
            "demo_code": two_factor.demo_code(request.user) if settings.DEBUG else None,
        },
    )


@login_required
@ratelimit("two_factor", per_hour=60)
def set_up(request):
    """Set up an authenticator app: a QR code (and the key to type), then its first code
    confirms it and the backup codes are shown, once."""
    user = request.user
    if two_factor.is_enabled(user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:profile")
    device = two_factor.start_set_up(user)
    form = CodeForm(request.POST or None, backup_allowed=False, autofocus=True)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_set_up(user, device, form.cleaned_data["code"])
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            device.refresh_from_db()
            _mark_verified(request, device)
            # Staff at their first login go on to work; customers back to their profile.
            default_page = None if two_factor.is_required(user) else "accounts:profile"
            # Shown in the answer to this POST only: the codes are never shown again.
            return render(
                request,
                "accounts/two_factor/backup_codes.html",
                {
                    "codes": codes,
                    "just_enabled": True,
                    "continue_url": _next_url(request, default_page),
                },
            )
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "next": next_url,
            "required": two_factor.is_required(user),
            "qr_code": two_factor.qr_code_svg(
                device, title=_("QR code to scan with your authenticator app")
            ),
            "secret": two_factor.secret_for_typing(device),
            "nav": "profile",
        },
    )


@login_required
@require_POST
def new_backup_codes(request):
    """Replace the backup codes (the old ones stop working) and show the new ones once."""
    try:
        codes = two_factor.make_backup_codes(request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor/backup_codes.html",
        {"codes": codes, "continue_url": resolve_url("accounts:profile"), "nav": "profile"},
    )


@login_required
def turn_off(request):
    """A customer switches two-factor authentication off with a current code."""
    user = request.user
    if two_factor.is_required(user):
        messages.error(
            request,
            _("Two-factor authentication is required for staff and cannot be turned off."),
        )
        return redirect("accounts:profile")
    if not two_factor.is_enabled(user):
        return redirect("accounts:profile")
    form = CodeForm(request.POST or None, autofocus=True)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.turn_off(user, form.cleaned_data["code"])
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            # The check remembered in the session (CachedOTPMiddleware) is made again.
            request.session.pop(TWO_FACTOR_CHECKED, None)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:profile")
    return render(request, "accounts/two_factor/turn_off.html", {"form": form, "nav": "profile"})
