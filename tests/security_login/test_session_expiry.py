"""Sessions end after SESSION_COOKIE_AGE without activity; activity starts the period
again, saving the session at most every SESSION_REFRESH_SECONDS (issue 15: a read writes
nothing it need not)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.middleware import REFRESHED, TWO_FACTOR_CHECKED


def _session(client):
    return Session.objects.get(session_key=client.session.session_key)


def _refreshed_ago(client, seconds):
    """As if the session was last refreshed `seconds` earlier than it was."""
    session = client.session
    if session.get(TWO_FACTOR_CHECKED, [0, 0, 0, 0])[3] == session[REFRESHED]:
        session[TWO_FACTOR_CHECKED][3] -= seconds
    session[REFRESHED] -= seconds
    session.save()


def test_a_request_after_the_refresh_interval_extends_the_session(client, superuser_a, settings):
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(superuser_a)
    _refreshed_ago(client, settings.SESSION_REFRESH_SECONDS)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    remaining = _session(client).expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_read_within_the_refresh_interval_leaves_the_session_alone(client, superuser_a, settings):
    client.force_login(superuser_a)
    client.get(reverse("portal:list"))  # the first read after login remembers the 2FA check
    _refreshed_ago(client, settings.SESSION_REFRESH_SECONDS - 30)
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert _session(client).expire_date == soon


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
    assert settings.SESSION_REFRESH_SECONDS < settings.STAFF_SESSION_IDLE_SECONDS / 10
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
