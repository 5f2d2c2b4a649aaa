"""The customer's audit trail: every grant, check, expiry and revocation, visible to its
SuperUsers and staff; another customer's is 404."""

import pytest
from django.urls import reverse

from kundcenter.accounts.entitlements import check_access, record_expired_grants, revoke_access
from kundcenter.accounts.models import CustomerEvent
from tests.entitlements.helpers import grant_now


def _events_url(org):
    return reverse("accounts:customer_events", args=[org.pk])


def test_the_superusers_see_grant_check_expiry_and_revocation(client, org_a, superuser_a):
    first = grant_now(org_a, superuser_a)
    check_access(org_a, "support", client_label="Affärssystemet")
    revoke_access(first, superuser_a)
    check_access(org_a, "support", client_label="Affärssystemet")
    second = grant_now(org_a, superuser_a)
    record_expired_grants(now=second.expires_at)
    client.force_login(superuser_a)
    for url in (_events_url(org_a), reverse("accounts:organization_detail", args=[org_a.pk])):
        html = client.get(url).content.decode()
        for text in (
            "Access granted",
            "Access checked by the vendor",
            "Affärssystemet",
            "allowed (Service &amp; Kvalitet)",
            "refused (Service &amp; Kvalitet)",
            "Access revoked",
            "Access expired",
        ):
            assert text in html, (url, text)


def test_the_trail_is_newest_first_and_paginated(client, org_a, superuser_a):
    for i in range(60):
        check_access(org_a, "consultant", client_label=f"Klient {i:02d}")
    client.force_login(superuser_a)
    page_one = client.get(_events_url(org_a)).content.decode()
    assert "Klient 59" in page_one and "Klient 09" not in page_one
    assert page_one.index("Klient 59") < page_one.index("Klient 58")
    page_two = client.get(_events_url(org_a), {"page": 2}).content.decode()
    assert "Klient 09" in page_two
    customer_page = client.get(
        reverse("accounts:organization_detail", args=[org_a.pk])
    ).content.decode()
    assert _events_url(org_a) in customer_page  # "the whole audit trail" link


@pytest.mark.parametrize("who", ["superuser_b", "customer_user_a"])
def test_another_customers_trail_is_not_found(client, request, org_a, superuser_a, who):
    grant_now(org_a, superuser_a)
    client.force_login(request.getfixturevalue(who))
    assert client.get(_events_url(org_a)).status_code == 404


def test_support_staff_read_the_trail(client, org_a, superuser_a, specialist_hantverk):
    grant_now(org_a, superuser_a)
    client.force_login(specialist_hantverk)
    assert "Access granted" in client.get(_events_url(org_a)).content.decode()


def test_every_kind_of_event_has_a_name():
    assert all(label for _value, label in CustomerEvent.Kind.choices)
