"""SLA pages in English at a fixed moment, so the clock texts are exact and stay so once
the Swedish translation lands."""

import pytest
from django.conf import settings
from django.utils import timezone, translation

from tests.sla.helpers import at

# An ordinary Monday; the Friday before is 6 March 2026 (no holidays near).
MONDAY = at(2026, 3, 9)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def freeze(monkeypatch):
    """Set the wall clock the pages see: `freeze(at(2026, 3, 9, 9, 35))`."""

    def set_now(when):
        monkeypatch.setattr(timezone, "now", lambda: when)
        return when

    return set_now
