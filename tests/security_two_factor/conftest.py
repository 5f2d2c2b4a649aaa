"""Two-factor tests log in through the real login form (never force_login, which skips
the second factor as it skips the password: tests/conftest.py)."""

import pytest
from django.conf import settings


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold with the Swedish translation in place."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
