"""A person with an authenticator app gives its current code after the password, and
then lands on the page first asked for."""

from django.urls import reverse

from tests.security_two_factor.helpers import (
    VERIFY,
    app_code,
    enrolled,
    log_in_with_password,
    page_text,
)


def test_the_current_app_code_opens_the_page_asked_for(client, specialist_hantverk, ticket_a):
    device, _codes = enrolled(specialist_hantverk)
    ticket_url = reverse("agent:ticket", args=[ticket_a.number])
    login = log_in_with_password(client, specialist_hantverk, next_url=ticket_url)
    held = client.get(login["Location"])
    assert held["Location"].startswith(VERIFY)
    verify_page = client.get(held["Location"])
    assert 'name="next"' in page_text(verify_page)

    response = client.post(VERIFY, {"code": app_code(device), "next": ticket_url})
    assert response.status_code == 302
    assert response["Location"] == ticket_url
    assert ticket_a.title in page_text(client.get(ticket_url))


def test_a_wrong_code_is_refused_with_a_clear_message(client, specialist_hantverk):
    enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    response = client.post(VERIFY, {"code": "123 456"})
    assert response.status_code == 200
    assert "That code is not right. Check the time on your phone and try again." in page_text(
        response
    )
    assert client.get(reverse("agent:queue"))["Location"].startswith(VERIFY)


def test_a_next_address_elsewhere_is_not_followed(client, specialist_hantverk):
    device, _codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    response = client.post(VERIFY, {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_verifying_gives_the_session_a_new_key(client, specialist_hantverk):
    device, _codes = enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    before = client.session.session_key
    client.post(VERIFY, {"code": app_code(device)})
    assert client.session.session_key != before
