"""Who is calling: the bearer token, its scope, the staff two-factor rule, the rate limit.

Each operation declares the scope it needs (`ApiToken(Scope.TICKETS_READ)`); the token
becomes `request.auth`, a `tokens.Caller`. A person's token acts as that person: the
request's user is set to them, so the processing log, the domain actions and the access
helpers see the same person as on the web.
"""

import time

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from kundcenter.accounts import two_factor
from kundcenter.api.models import Scope
from kundcenter.api.problems import ApiProblem, speak
from kundcenter.api.tokens import Caller, caller_for_token
from kundcenter.lib import ratelimit
from kundcenter.privacy import log as privacy_log

RATE_WINDOW_SECONDS = 60


def _throttle(caller: Caller) -> None:
    """Refuse the call with 429 and Retry-After once the token has used its minute."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return
    used = ratelimit.count(f"api:{caller.key}", RATE_WINDOW_SECONDS)
    if used is not None and used > limit:
        wait = RATE_WINDOW_SECONDS - int(time.time()) % RATE_WINDOW_SECONDS
        raise ApiProblem(
            429,
            _("This token may make %(limit)d calls a minute. Try again in %(seconds)d seconds.")
            % {"limit": limit, "seconds": wait},
            headers={"Retry-After": str(wait)},
        )


class _Label:
    def __init__(self, name):
        self.name = name


class ApiToken(HttpBearer):
    """A bearer token of an active client or a person, with the scope `scope`."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        speak(request)
        caller = caller_for_token(token)
        if caller is None:
            return None
        if caller.user is not None:
            request.user = caller.user
        # Every call of a known token is logged, the refused ones too. The log names no
        # person: a personal token's calls are under the person's account id (the
        # request's user) and the token's number.
        privacy_log.api_access(request, caller.client or _Label(f"token {caller.token.pk}"))
        # Staff (and anyone who may use the admin) must use two-factor on the web; their
        # tokens work only while it is on.
        if (
            caller.user is not None
            and two_factor.is_required(caller.user)
            and not two_factor.is_enabled(caller.user)
        ):
            raise ApiProblem(
                403,
                _(
                    "A staff member's token works only while two-factor authentication is "
                    "on for them. Turn it on from your profile."
                ),
            )
        if self.scope not in caller.scopes:
            raise ApiProblem(
                403,
                _("This token does not have the scope %(scope)s.") % {"scope": self.scope},
            )
        _throttle(caller)
        return caller


READ_TICKETS = ApiToken(Scope.TICKETS_READ)
WRITE_TICKETS = ApiToken(Scope.TICKETS_WRITE)
CUSTOMERS = ApiToken(Scope.CUSTOMERS)
BILLING = ApiToken(Scope.BILLING)
ACCESS = ApiToken(Scope.ACCESS)
WEBHOOKS = ApiToken(Scope.WEBHOOKS)
