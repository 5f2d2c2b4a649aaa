import pytest
from django.conf import settings


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold once the Swedish translation lands."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
