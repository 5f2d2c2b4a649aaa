"""The client's IP address, for rate limits and the login lockout, is always a valid
address or nothing: a login from a unix socket or behind a proxy that writes "unknown"
must not fail (django-axes stores it in an IP-address column, which PostgreSQL checks)."""

from django.test import RequestFactory
from django.urls import reverse

from kundcenter.lib.ratelimit import client_ip
from tests import factories


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_the_connection_address_is_used(settings):
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(_request(REMOTE_ADDR="10.2.3.4")) == "10.2.3.4"


def test_the_proxy_header_wins_when_it_holds_an_address(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1")
    assert client_ip(request) == "203.0.113.7"


def test_garbage_in_the_header_falls_back_to_the_connection(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="unknown")
    assert client_ip(request) == "10.0.0.1"


def test_no_address_at_all_is_empty(settings):
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(_request(REMOTE_ADDR="")) == ""


def test_login_without_a_client_address_works_with_the_lockout_on(client, db, axes_on):
    user = factories.make_user("utan.adress@example.se")
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": factories.PASSWORD},
        REMOTE_ADDR="",
    )
    assert response.status_code == 302
    client.force_login(user)  # as the benchmark does: a request with no META at all
