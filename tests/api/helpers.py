"""Calling the API as a client system would."""

from kundcenter.api.tokens import create_client


def api_client(name="Affärssystemet"):
    """An API client and its bearer token (shown once, like the management command)."""
    return create_client(name)


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def personal_token(user, scopes=None, name="Vårt affärssystem"):
    """A person's own token (staff get an authenticator app: their tokens need one)."""
    from kundcenter.accounts.rules import is_staff_role
    from kundcenter.api.tokens import create_personal_token
    from tests import factories

    if is_staff_role(user):
        factories.make_totp_device(user)
    return create_personal_token(user, name, scopes)[1]


def as_person(user, scopes=None):
    """The request headers of a call made with a new token of `user`'s."""
    return bearer(personal_token(user, scopes))
