"""Calling the API as a client system would."""

from kundcenter.api.tokens import create_client


def api_client(name="Affärssystemet"):
    """An API client and its bearer token (shown once, like the management command)."""
    return create_client(name)


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}
