"""Registering and password resets answer alike whether or not an address has an account.

`register` posts the registration form as a visitor would and runs what the change
queues after its commit (the e-mail), so `mail.outbox` holds what the address's owner
receives.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security_enumeration.helpers import STRONG


@pytest.fixture
def client(client):
    """Pages in English, so the assertions hold once the Swedish translation lands."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def _register(email, *, password=STRONG, full_name="Lisa Nyberg", follow=False):
        data = {
            "full_name": full_name,
            "email": email,
            "password1": password,
            "password2": password,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:register"), data, follow=follow)

    return _register
