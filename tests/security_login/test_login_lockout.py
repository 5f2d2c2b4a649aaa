"""Brute force: after AXES_FAILURE_LIMIT failed logins for one address from one IP address
even the right password is refused, with a friendly page, until the cool-off has passed."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests import factories

LOGIN = reverse("accounts:login")


def _login(client, password, username="kalle@example.se", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, times, **kwargs):
    """`times` failed logins; the one that reaches the limit gets the lockout page."""
    for attempt in range(1, times + 1):
        response = _login(client, "fel-losenord", **kwargs)
        assert response.status_code == (429 if attempt >= 5 else 200)


def test_brute_force_past_the_limit_is_locked_out_even_with_the_right_password(client, db, axes_on):
    factories.make_user("kalle@example.se")
    _fail(client, 5)
    response = _login(client, factories.PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "Logging in failed 5 times in a row" in html
    assert "Try again in 30 minutes." in html
    assert "_auth_user_id" not in client.session


def test_spelling_the_address_differently_does_not_dodge_the_lockout(client, db, axes_on):
    factories.make_user("kalle@example.se")
    for spelling in (
        "kalle@example.se",
        "KALLE@example.se",
        " Kalle@Example.SE",
        "kalle@EXAMPLE.se",
    ):
        _login(client, "fel-losenord", username=spelling.strip())
    _login(client, "fel-losenord", username="Kalle@example.se")
    assert _login(client, factories.PASSWORD).status_code == 429


def test_the_lockout_is_per_address_and_ip_address(client, db, axes_on):
    factories.make_user("kalle@example.se")
    factories.make_user("greta@example.se")
    _fail(client, 5)
    # The same person from another network, and another person from the same one, get in.
    assert _login(client, factories.PASSWORD, ip="10.0.0.2").status_code == 302
    client.post(reverse("accounts:logout"))
    response = _login(client, factories.PASSWORD, username="greta@example.se")
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cooloff(client, db, axes_on):
    factories.make_user("kalle@example.se")
    _fail(client, 5)
    assert _login(client, factories.PASSWORD).status_code == 429
    # Let the attempts age past the cool-off (30 minutes by default).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = _login(client, factories.PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, db, axes_on):
    factories.make_user("kalle@example.se")
    _fail(client, 4)
    assert _login(client, factories.PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    _fail(client, 4)
    assert _login(client, factories.PASSWORD).status_code == 302


def test_the_lockout_page_reads_in_swedish(client, db, axes_on, settings):
    from django.utils import translation

    factories.make_user("kalle@example.se")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"):
        for _ in range(5):
            response = _login(client, "fel-losenord")
    html = response.content.decode()
    assert response.status_code == 429
    assert "För många försök" in html
    assert "Försök igen om 30 minuter." in html
