"""Entitlement tests assert the English source sentences, whatever LANGUAGE_CODE says."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.webhooks.conftest import receiver  # noqa: F401 - a real webhook receiver


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
