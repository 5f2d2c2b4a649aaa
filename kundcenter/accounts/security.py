"""Helpers for logging in safely: how django-axes names the person trying to log in and
what it shows when a login is locked out."""

from django.conf import settings
from django.shortcuts import render

from kundcenter.accounts.models import User


def axes_username(request, credentials) -> str:
    """The e-mail address as the login form would match it (trimmed, lower case).

    Logins match addresses case-insensitively, so "Kalle@Example.se" and "kalle@example.se"
    must count as attempts on the same account, or an attacker could vary the spelling to
    dodge the lockout.
    """
    value = ""
    if credentials:
        value = credentials.get("username") or ""
    if not value and request is not None:
        value = request.POST.get("username", "")
    return User.objects.normalize_email(str(value).strip()).lower()


def lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (status 429, not a bare 403)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60)) if cooloff else 0
    return render(
        request,
        "accounts/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
