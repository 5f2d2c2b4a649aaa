"""Personal tokens: made on the profile and shown once, stored hashed, listed with their
last use, revoked; a staff member's token works only while two-factor is on."""

import hashlib

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.api.models import PersonalToken
from kundcenter.api.tokens import create_personal_token
from tests.api.helpers import bearer


def _make(client, user, name="ERP", scopes=("tickets:read", "tickets:write")):
    client.force_login(user)
    return client.post(reverse("api_tokens:list"), {"name": name, "scopes": list(scopes)})


def test_the_profile_links_to_the_tokens(client, superuser_a):
    client.force_login(superuser_a)
    assert reverse("api_tokens:list") in client.get(reverse("accounts:profile")).content.decode()


def test_a_token_is_shown_once_and_stored_as_a_hash(client, superuser_a):
    response = _make(client, superuser_a)
    assert response.status_code == 200
    token = PersonalToken.objects.get(user=superuser_a)
    shown = response.content.decode().split('<code id="new-token">')[1].split("</code>")[0]
    assert token.token_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert shown not in str(PersonalToken.objects.values().get())
    assert shown not in client.get(reverse("api_tokens:list")).content.decode()
    assert token.scopes == ["tickets:read", "tickets:write"]


def test_the_list_shows_the_last_use(client, superuser_a, ticket_a):
    _token, secret = create_personal_token(superuser_a, "ERP")
    client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret))
    assert PersonalToken.objects.get().last_used_at is not None
    client.force_login(superuser_a)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "ERP" in page and "never" not in page


def test_a_revoked_token_is_refused(client, superuser_a, ticket_a):
    token, secret = create_personal_token(superuser_a, "ERP")
    client.force_login(superuser_a)
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    client.logout()
    response = client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret))
    assert response.status_code == 401


def test_nobody_revokes_someone_elses_token(client, superuser_a, superuser_b):
    token, _secret = create_personal_token(superuser_a, "ERP")
    client.force_login(superuser_b)
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_acts_as_its_person(client, superuser_a, ticket_a):
    _token, secret = create_personal_token(superuser_a, "ERP")
    client.post(
        f"/api/v1/tickets/{ticket_a.number}/replies",
        {"body": "Från vårt system"},
        content_type="application/json",
        **bearer(secret),
    )
    assert ticket_a.messages.get().author == superuser_a


def test_a_staff_token_needs_two_factor(client, specialist_hantverk, ticket_a):
    _token, secret = create_personal_token(specialist_hantverk, "Skript")
    TOTPDevice.objects.filter(user=specialist_hantverk).delete()
    response = client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret))
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    TOTPDevice.objects.create(user=specialist_hantverk, name="app", confirmed=True)
    assert client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret)).status_code == 200


def test_a_deactivated_persons_token_is_refused(client, superuser_a, ticket_a):
    _token, secret = create_personal_token(superuser_a, "ERP")
    superuser_a.is_active = False
    superuser_a.save(update_fields=["is_active"])
    assert client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret)).status_code == 401


def test_erasing_a_person_removes_their_tokens(client, superuser_a, ticket_a, manager):
    from kundcenter.privacy import erasure

    _token, secret = create_personal_token(superuser_a, "ERP")
    erasure.erase_person(by=manager, user=superuser_a)
    assert not PersonalToken.objects.filter(user=superuser_a).exists()
    assert client.get(f"/api/v1/tickets/{ticket_a.number}", **bearer(secret)).status_code == 401
