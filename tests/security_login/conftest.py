import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold with the Swedish translation in place."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def axes_on(settings):
    """Login lockout switched on (the rest of the suite runs without it)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    yield settings


@pytest.fixture
def ratelimits_on(settings):
    settings.RATELIMIT_ENABLED = True
    cache.clear()
    yield settings
    cache.clear()
