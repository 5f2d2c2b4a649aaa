"""Nobody can fill a person's inbox through the registration or password-reset forms:
at most ACCOUNT_MAILS_PER_ADDRESS_PER_DAY such mails go to one address a day, whichever
IP addresses ask, while the page answers the same as ever."""

import time
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from kundcenter.lib import ratelimit
from tests import factories
from tests.security_enumeration.helpers import page_text


@pytest.fixture
def capped(settings, monkeypatch):
    """The cap counts per fixed day (and the registration limit per fixed hour): the clock
    is held in the middle of one window so a test never runs across midnight."""
    settings.RATELIMIT_ENABLED = True
    now = int(time.time()) // 86400 * 86400 + 43200
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
    settings.ACCOUNT_MAILS_PER_ADDRESS_PER_DAY = 3
    cache.clear()
    yield
    cache.clear()


def test_registration_mails_to_one_address_are_capped(client, register, db, capped):
    factories.make_user("finns@example.se")
    answers = [page_text(register("finns@example.se", follow=True)) for _ in range(5)]
    assert len(mail.outbox) == 3
    assert len(set(answers)) == 1  # the fifth answer reads like the first
    # Another address is not affected.
    register("ledig@example.se")
    assert mail.outbox[-1].to == ["ledig@example.se"]


def test_password_reset_mails_to_one_address_are_capped(
    client, db, capped, django_capture_on_commit_callbacks
):
    factories.make_user("finns@example.se")
    for index in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:password_reset"),
                {"email": "finns@example.se"},
                REMOTE_ADDR=f"10.1.1.{index}",  # many IP addresses: the per-IP limit is no help
            )
        assert response.status_code == 302
    assert len(mail.outbox) == 3
