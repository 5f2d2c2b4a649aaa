"""API tokens: made once, stored as a SHA-256 hash, compared in constant time.

Two kinds share one format (`kc_` and 43 random characters): a client's token (the
vendor's systems, made by staff with `manage.py create_api_client`) and a person's own
token (made on their profile page). `caller_for_token` finds either and answers a
`Caller`: who is calling, as whom, with which scopes.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.models import User
from kundcenter.api.models import ALL_SCOPES, ApiClient, PersonalToken
from kundcenter.lib.errors import ActionError

TOKEN_START = "kc_"
# "kc_" and eight random characters: enough to tell tokens apart, useless to guess one.
PREFIX_LENGTH = len(TOKEN_START) + 8
MAX_PERSONAL_TOKENS = 20


def hash_token(token: str) -> str:
    # A plain hash is enough: tokens are 256 random bits, not passwords people choose.
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return TOKEN_START + secrets.token_urlsafe(32)


def clean_scopes(scopes) -> list[str]:
    """The known scopes among `scopes`, in their canonical order; refuses none at all."""
    chosen = [s for s in ALL_SCOPES if s in set(scopes or ())]
    if not chosen:
        raise ActionError(_("Choose at least one scope."))
    return chosen


def create_client(name: str, scopes=None) -> tuple[ApiClient, str]:
    """Create an API client; returns it and its token, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ActionError(_("Give the API client a name."))
    if ApiClient.objects.filter(name__iexact=name).exists():
        raise ActionError(_("An API client named %(name)s exists already.") % {"name": name})
    scopes = clean_scopes(ALL_SCOPES if scopes is None else scopes)
    token = _new_token()
    with transaction.atomic():
        client = ApiClient.objects.create(
            name=name[:100],
            token_hash=hash_token(token),
            prefix=token[:PREFIX_LENGTH],
            scopes=scopes,
        )
    return client, token


def create_personal_token(user: User, name: str, scopes=None) -> tuple[PersonalToken, str]:
    """Make a personal token for `user`; returns it and the token, shown only this once."""
    name = (name or "").strip()
    if not name:
        raise ActionError(_("Give the token a name, e.g. the system that will use it."))
    scopes = clean_scopes(ALL_SCOPES if scopes is None else scopes)
    live = PersonalToken.objects.filter(user=user, revoked_at=None)
    if live.count() >= MAX_PERSONAL_TOKENS:
        raise ActionError(
            _("You have %(count)d tokens already; revoke one you no longer use first.")
            % {"count": MAX_PERSONAL_TOKENS}
        )
    token = _new_token()
    made = PersonalToken.objects.create(
        user=user,
        name=name[:100],
        token_hash=hash_token(token),
        prefix=token[:PREFIX_LENGTH],
        scopes=scopes,
    )
    return made, token


def revoke_personal_token(user: User, token_id: int) -> PersonalToken:
    """Revoke one of `user`'s own tokens; someone else's token is not found."""
    token = PersonalToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise ActionError(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@dataclass
class Caller:
    """Who calls the API: a client system (`user` None) or a person (`user`)."""

    name: str
    scopes: frozenset
    client: ApiClient | None = None
    token: PersonalToken | None = None
    user: User | None = None

    @property
    def key(self) -> str:
        """Stable and unique: what rate limits and idempotency keys are counted under."""
        return f"client:{self.client.pk}" if self.client else f"token:{self.token.pk}"


def _find(queryset, token: str):
    presented = hash_token(token)
    found = None
    # The prefix narrows the search; the hashes are compared in constant time, so the
    # response time tells an attacker nothing about how close a guess was.
    for row in queryset.filter(prefix=token[:PREFIX_LENGTH]):
        if hmac.compare_digest(row.token_hash, presented):
            found = row
    if found is not None:
        found.last_used_at = timezone.now()
        queryset.model.objects.filter(pk=found.pk).update(last_used_at=found.last_used_at)
    return found


def _well_formed(token: str) -> bool:
    return token.startswith(TOKEN_START) and PREFIX_LENGTH + 8 <= len(token) <= 100


def client_for_token(token: str) -> ApiClient | None:
    """The active client whose token this is, or None. Records when it was used."""
    token = (token or "").strip()
    if not _well_formed(token):
        return None
    return _find(ApiClient.objects.filter(active=True), token)


def caller_for_token(token: str) -> Caller | None:
    """The client or person (active, not revoked) this token belongs to, or None."""
    token = (token or "").strip()
    if not _well_formed(token):
        return None
    client = _find(ApiClient.objects.filter(active=True), token)
    if client is not None:
        return Caller(name=client.name, scopes=frozenset(client.scopes or ()), client=client)
    personal = _find(PersonalToken.objects.filter(revoked_at=None).select_related("user"), token)
    if personal is None or not personal.user.is_active:
        return None
    return Caller(
        name=str(personal.user),
        scopes=frozenset(personal.scopes or ()),
        token=personal,
        user=personal.user,
    )
