import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache

from kundcenter.lib import ratelimit


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
def ratelimits_on(settings, monkeypatch):
    """Rate limits on, with the clock held in the middle of one hourly window: the limits
    count per fixed hour, so a test that ran across the full hour would start afresh
    half-way (it failed that way at 00:00 on a loaded machine)."""
    settings.RATELIMIT_ENABLED = True
    middle = int(time.time()) // ratelimit.WINDOW_SECONDS * ratelimit.WINDOW_SECONDS
    middle += ratelimit.WINDOW_SECONDS // 2
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: middle))
    cache.clear()
    yield settings
    cache.clear()
