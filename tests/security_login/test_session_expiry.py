"""Sessions end after SESSION_COOKIE_AGE without activity; every request starts the
period again (SESSION_SAVE_EVERY_REQUEST)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone


def _session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_extends_the_session(client, superuser_a, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(superuser_a)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    remaining = _session(client).expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_an_idle_session_has_expired_and_asks_to_log_in_again(client, superuser_a, settings):
    client.force_login(superuser_a)
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=1) - idle)
    response = client.get(reverse("portal:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_session_cookie_is_http_only_and_the_age_is_a_working_day(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_a_staff_session_ends_sooner_when_idle(client, specialist_hantverk, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS < settings.SESSION_COOKIE_AGE
    client.force_login(specialist_hantverk)
    response = client.get(reverse("agent:queue"))
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == settings.STAFF_SESSION_IDLE_SECONDS
    remaining = _session(client).expire_date - timezone.now()
    assert remaining <= timedelta(seconds=settings.STAFF_SESSION_IDLE_SECONDS)

    idle = timedelta(seconds=settings.STAFF_SESSION_IDLE_SECONDS + 1)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=1) - idle)
    response = client.get(reverse("agent:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_customer_session_keeps_the_working_day(client, superuser_a, settings):
    client.force_login(superuser_a)
    response = client.get(reverse("portal:list"))
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
