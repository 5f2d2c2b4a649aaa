"""Registration, password reset, login and the ticket form are rate limited per client:
past the limit a friendly page with status 429 instead of the action."""

from django.urls import reverse

from kundcenter.accounts.models import User
from kundcenter.tickets.models import Ticket
from tests import factories


def _assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many requests" in html
    assert "Please try again in" in html


def test_registration_is_limited_per_ip_address(client, db, ratelimits_on):
    url = reverse("accounts:register")
    for _ in range(20):
        # Refused registrations count as much as accepted ones.
        assert client.post(url, {"email": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    data = {
        "full_name": "Lisa Nyberg",
        "email": "lisa@example.se",
        "password1": "Fjallbacka-Regn-2026",
        "password2": "Fjallbacka-Regn-2026",
    }
    _assert_limited(client.post(url, data, REMOTE_ADDR="10.0.0.1"))
    assert not User.objects.filter(email="lisa@example.se").exists()
    # Showing the form is not limited, and another address is not affected.
    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.post(url, data, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_password_reset_is_limited(client, db, ratelimits_on):
    url = reverse("accounts:password_reset")
    for _ in range(10):
        assert client.post(url, {"email": "okand@example.se"}).status_code == 302
    _assert_limited(client.post(url, {"email": "okand@example.se"}))


def test_login_posts_are_limited_per_ip_address_whatever_the_address(client, db, ratelimits_on):
    factories.make_user("kalle@example.se")
    url = reverse("accounts:login")
    for n in range(60):
        client.post(url, {"username": f"person{n}@example.se", "password": "x"})
    response = client.post(url, {"username": "kalle@example.se", "password": factories.PASSWORD})
    _assert_limited(response)
    assert "_auth_user_id" not in client.session


def test_the_ticket_form_is_limited_per_person(client, superuser_a, ratelimits_on):
    client.force_login(superuser_a)
    url = reverse("portal:new")
    for _ in range(30):
        assert client.post(url, {}).status_code == 200  # incomplete: the form again
    _assert_limited(client.post(url, {}))
    assert client.get(url).status_code == 200
    assert not Ticket.objects.exists()


def test_limits_are_off_when_disabled(client, db, settings):
    settings.RATELIMIT_ENABLED = False
    url = reverse("accounts:password_reset")
    for _ in range(12):
        assert client.post(url, {"email": "okand@example.se"}).status_code == 302
