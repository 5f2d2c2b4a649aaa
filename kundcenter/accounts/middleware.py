"""Holds a logged-in session at the second factor until it has been given."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

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
    browser should not stay logged in for a working day. Each request starts the period
    again, as for everyone (SESSION_SAVE_EVERY_REQUEST)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and two_factor.is_required(user):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            if request.session.get("_session_expiry") != idle:
                request.session.set_expiry(idle)
        return self.get_response(request)
