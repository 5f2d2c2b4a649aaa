"""API tokens: made once, stored as a SHA-256 hash, compared in constant time."""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.api.models import ApiClient
from kundcenter.lib.errors import ActionError

TOKEN_START = "kc_"
# "kc_" and eight random characters: enough to tell tokens apart, useless to guess one.
PREFIX_LENGTH = len(TOKEN_START) + 8


def hash_token(token: str) -> str:
    # A plain hash is enough: tokens are 256 random bits, not passwords people choose.
    return hashlib.sha256(token.encode()).hexdigest()


def create_client(name: str) -> tuple[ApiClient, str]:
    """Create an API client; returns it and its token, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ActionError(_("Give the API client a name."))
    if ApiClient.objects.filter(name__iexact=name).exists():
        raise ActionError(_("An API client named %(name)s exists already.") % {"name": name})
    token = TOKEN_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        client = ApiClient.objects.create(
            name=name[:100], token_hash=hash_token(token), prefix=token[:PREFIX_LENGTH]
        )
    return client, token


def client_for_token(token: str) -> ApiClient | None:
    """The active client whose token this is, or None. Records when it was used."""
    token = (token or "").strip()
    if not token.startswith(TOKEN_START) or len(token) < PREFIX_LENGTH + 8:
        return None
    presented = hash_token(token)
    found = None
    # The prefix narrows the search; the hashes are compared in constant time, so the
    # response time tells an attacker nothing about how close a guess was.
    for client in ApiClient.objects.filter(prefix=token[:PREFIX_LENGTH], active=True):
        if hmac.compare_digest(client.token_hash, presented):
            found = client
    if found is not None:
        found.last_used_at = timezone.now()
        ApiClient.objects.filter(pk=found.pk).update(last_used_at=found.last_used_at)
    return found
