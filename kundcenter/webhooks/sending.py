"""One signed HTTP POST to a receiver, as the Standard Webhooks specification says.

The signature comes from the specification's own library (`standardwebhooks`): the
`webhook-signature` header is "v1,<base64 HMAC-SHA256 of id.timestamp.body>" under the
endpoint's "whsec_" secret. The request never follows a redirect (a 3xx is a failed
attempt), waits at most WEBHOOK_TIMEOUT_SECONDS, goes straight to the receiver (no proxy
from the environment) and only to http or https. For a customer's endpoint the host is
resolved first and refused if any of its addresses is loopback, private, link-local or
otherwise not public (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES); the connection then goes
to the address that was checked, so a second DNS answer cannot point it elsewhere.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

USER_AGENT = "Kundcenter-Webhooks/1"
EXCERPT = 200
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret in the specification's format: "whsec_" + base64(32 bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def sign(secret: str, message_id: str, timestamp: datetime, body: str) -> str:
    """The `webhook-signature` header value for `body` (the library does the work)."""
    return Webhook(secret).sign(message_id, timestamp, body)


class RefusedAddress(Exception):
    """The URL may not be called (scheme, or an address that is not public)."""


def url_refusal(url: str) -> str | None:
    """Why `url` can never be an endpoint, without resolving it (None: it may be)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return _("The address must start with https:// or http://.")
    if not parts.hostname:
        return _("The address has no host name.")
    if parts.username or parts.password:
        return _("Put no user name or password in the address; the signature proves the sender.")
    return None


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(url: str, *, public_only: bool) -> tuple[str, int, str]:
    """(host, port, address to connect to); RefusedAddress if the URL may not be called."""
    refusal = url_refusal(url)
    if refusal:
        raise RefusedAddress(refusal)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedAddress(
            _("The host name %(host)s cannot be found.") % {"host": parts.hostname}
        ) from exc
    addresses = [info[4][0] for info in infos]
    checked = public_only and not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
    if checked and (not addresses or not all(_is_public(a) for a in addresses)):
        raise RefusedAddress(
            _("%(host)s is not a public internet address.") % {"host": parts.hostname}
        )
    return parts.hostname, port, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Answer:
    """What one attempt came to: a status code (None: no answer), the answer's first
    words or the error, and how long it took."""

    status_code: int | None
    excerpt: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: str, headers: dict, *, public_only: bool) -> Answer:
    """POST `body` to `url` once; never raises for the receiver's failures."""
    started = time.monotonic()

    def took():
        return int((time.monotonic() - started) * 1000)

    try:
        host, port, address = resolve(url, public_only=public_only)
    except RefusedAddress as exc:
        return Answer(None, "", str(exc), took())
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, settings.WEBHOOK_TIMEOUT_SECONDS)
    data = body.encode("utf-8")
    try:
        connection.request(
            "POST",
            path,
            body=data,
            headers={
                **headers,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Content-Length": str(len(data)),
            },
        )
        response = connection.getresponse()
        # Only the first words: a receiver's long answer is never read whole.
        excerpt = response.read(EXCERPT * 4).decode("utf-8", "replace")
        excerpt = " ".join(excerpt.split())[:EXCERPT]
        status = response.status
        if 300 <= status < 400:
            excerpt = _("Redirect to %(location)s not followed.") % {
                "location": response.getheader("Location", "")[:150]
            }
        return Answer(status, excerpt, "", took())
    except (OSError, http.client.HTTPException) as exc:
        return Answer(None, "", f"{type(exc).__name__}: {exc}"[:300], took())
    finally:
        connection.close()
