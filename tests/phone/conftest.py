import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold whatever LANGUAGE_CODE says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
