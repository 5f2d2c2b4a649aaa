"""A small fixed-window rate limiter on Django's cache.

    @ratelimit("register", per_hour=20)
    def register(request): ...

Each client (the logged-in person, otherwise the IP address) may do `action` at most
`per_hour` times per clock hour; after that the view is not run and a friendly page with
status 429 says when to try again. Only the listed methods count (POST by default), so
showing a form is never limited. Switched off by RATELIMIT_ENABLED=0 (and in tests).

The counts live in the default cache: Redis when CACHE_URL or REDIS_URL is set, so every
server process counts together; otherwise the memory of the one process that serves.
When Redis cannot be reached, nothing is counted and the request goes ahead.
"""

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 60 * 60

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's IP address: from CLIENT_IP_HEADER behind a proxy, else the connection;
    "" when neither holds a valid address (a unix socket, a proxy that writes "unknown").

    With a header such as X-Forwarded-For the first (client-most) address is used; only
    set CLIENT_IP_HEADER when the proxy in front overwrites that header. django-axes
    stores the answer in an IP-address column, so anything else must never come out.
    """
    candidates = []
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        candidates.append(request.META.get(header, "").split(",")[0].strip())
    candidates.append(request.META.get("REMOTE_ADDR", "").strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def _client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or 'unknown'}"


def count(key: str, window_seconds: int) -> int | None:
    """Add one to the counter `key`, which starts afresh every `window_seconds`; returns
    the count so far, or None when the cache cannot be reached (nothing is counted)."""
    window = int(time.time()) // window_seconds
    key = f"{key}:{window}"
    try:
        # add() only writes a missing key, so two requests at once both count.
        if cache.add(key, 1, timeout=window_seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window_seconds)
            return 1
    except Exception:
        # The shared cache (Redis) is down: let people log in and register rather than
        # fail every request; django-axes still locks out guessed passwords (it counts in
        # the database).
        logger.warning("Rate limit not counted: the cache is unavailable", exc_info=True)
        return None


def hit(action: str, request, per_hour: int) -> int:
    """Count one attempt at `action`; return the seconds to wait, 0 if it is allowed."""
    so_far = count(f"ratelimit:{action}:{_client_key(request)}", WINDOW_SECONDS)
    if so_far is None or so_far <= per_hour:
        return 0
    now = int(time.time())
    return (now // WINDOW_SECONDS + 1) * WINDOW_SECONDS - now


def ratelimit(action: str, *, per_hour: int, methods=("POST",)):
    """Limit a view (function or `dispatch`) to `per_hour` `methods` requests per client."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            # Works on plain views (request first) and on methods (self, request).
            request = args[0] if hasattr(args[0], "META") else args[1]
            if settings.RATELIMIT_ENABLED and request.method in methods:
                wait = hit(action, request, per_hour)
                if wait:
                    response = render(
                        request,
                        "rate_limited.html",
                        {"minutes": max(1, -(-wait // 60))},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(*args, **kwargs)

        return wrapped

    return decorator
