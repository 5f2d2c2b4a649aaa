"""Sessions: refreshed at most every few minutes, the second factor checked from the
session, and a logged-in session held at the second factor until it has been given."""

import time
from functools import partial
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from kundcenter.accounts import two_factor
from kundcenter.lib.machine import is_machine_path

# What a session that still owes its second factor may reach, by URL name.
_ALWAYS_ALLOWED = {"accounts:logout", "set_language"}
_STEP_PAGES = {
    two_factor.VERIFY: "accounts:two_factor_verify",
    two_factor.SET_UP: "accounts:two_factor_set_up",
}


class TwoFactorMiddleware:
    """A session that passed the password but not the second factor is sent to the
    verification page (a user with an app) or the set-up page (staff without one); only
    those, logging out, switching language and static files stay reachable. The
    redirect keeps the page asked for in ?next=. htmx requests get an HX-Redirect, so
    the whole page changes instead of a fragment being swapped in.

    Sets `request.two_factor_pending` (the step, or None); base.html hides the
    navigation while a step is pending. The API and the mail gate authenticate by bearer
    token, not by session, and are left alone (kundcenter.lib.machine).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.two_factor_pending = None
        if not self._exempt_path(request.path_info):
            step = two_factor.pending_step(request.user)
            request.two_factor_pending = step
            if step and self._url_name(request) not in _ALWAYS_ALLOWED | {_STEP_PAGES[step]}:
                return self._redirect(request, reverse(_STEP_PAGES[step]))
        return self.get_response(request)

    @staticmethod
    def _exempt_path(path: str) -> bool:
        return path.startswith(settings.STATIC_URL) or is_machine_path(path)

    @staticmethod
    def _url_name(request) -> str | None:
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None

    @staticmethod
    def _redirect(request, url):
        htmx = getattr(request, "htmx", None)
        if htmx:
            # The page the person looks at, not the fragment it asked for.
            current = urlsplit(htmx.current_url or "")
            wanted = current.path + (f"?{current.query}" if current.query else "")
        else:
            wanted = request.get_full_path() if request.method == "GET" else ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            url = f"{url}?{urlencode({'next': wanted})}"
        if htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_SECONDS without activity (customers'
    after SESSION_COOKIE_AGE): staff can open every customer's data, so a forgotten
    browser should not stay logged in for a working day. Activity starts the period
    again, as for everyone (SessionRefreshMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and two_factor.is_required(user):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            if request.session.get("_session_expiry") != idle:
                request.session.set_expiry(idle)
        return self.get_response(request)


# --- reads write nothing: the session is saved when it changed or is due a refresh ----------

# When a logged-in session last started its idle period again (seconds since the epoch).
REFRESHED = "_refreshed"
# The second factor as last checked: [user id, device id the session names, has an app,
# the REFRESHED stamp it was checked at].
TWO_FACTOR_CHECKED = "_two_factor_checked"


def _now() -> float:
    # Sub-second, so that a refresh always changes the stamp the second-factor check names.
    return time.time()


def mark_refreshed(sender, request, user, **kwargs):
    """At login (`user_logged_in`): the login's own save starts the idle period."""
    if hasattr(request, "session"):
        request.session[REFRESHED] = _now()


class SessionRefreshMiddleware:
    """A logged-in session starts its idle period again (SESSION_COOKIE_AGE, or
    STAFF_SESSION_IDLE_SECONDS for staff) at most every SESSION_REFRESH_SECONDS: the
    first request after that stamps it, which makes Django save it with a new expiry and
    cookie. Every other read leaves the session row alone (no SESSION_SAVE_EVERY_REQUEST),
    so a session ends between SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS and
    SESSION_COOKIE_AGE after the last activity. Polls never refresh it
    (kundcenter.lib.polling). Right after SessionMiddleware; reads only the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SESSION_KEY):
            now = _now()
            if now - session.get(REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED] = now
        return self.get_response(request)


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware (request.user.otp_device, is_verified()) without a
    database query per request: the device the session was verified with, and whether
    the person has an app at all (TwoFactorMiddleware asks), are checked once per session
    refresh (SessionRefreshMiddleware) and remembered in the session. So a device removed
    elsewhere (an administrator's reset) stops counting within SESSION_REFRESH_SECONDS;
    the person's own changes (verifying, setting up, turning off) change the session and
    are seen at once."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        session = request.session
        device_id = session.get(DEVICE_ID_SESSION_KEY) or ""
        stamp = session.get(REFRESHED, 0)
        checked = session.get(TWO_FACTOR_CHECKED)
        if checked and checked[0] == user.pk and checked[1] == device_id and checked[3] == stamp:
            if device_id:
                user.otp_device = SimpleLazyObject(
                    partial(self._device_from_persistent_id, device_id)
                )
            user.has_two_factor_app = checked[2]
            return user
        device = self._device_from_persistent_id(device_id) if device_id else None
        user.otp_device = self._finalize_device(request, user, device)
        has_app = user.otp_device is not None or two_factor.is_enabled(user)
        user.has_two_factor_app = has_app
        verified_id = device_id if user.otp_device is not None else ""
        session[TWO_FACTOR_CHECKED] = [user.pk, verified_id, has_app, stamp]
        return user
