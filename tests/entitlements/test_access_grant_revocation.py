"""Any SuperUser of the customer revokes a grant at once; nobody else reaches it (404)."""

import pytest
from django.urls import reverse

from kundcenter.accounts.entitlements import active_grants, revoke_access
from kundcenter.accounts.models import CustomerEvent
from kundcenter.lib.errors import ActionError
from tests import factories
from tests.entitlements.helpers import grant_now


def _revoke_url(grant):
    return reverse("accounts:revoke_access", args=[grant.organization_id, grant.pk])


def test_another_superuser_of_the_customer_revokes_at_once(client, org_a, superuser_a):
    grant = grant_now(org_a, superuser_a)
    colleague = factories.make_superuser(org_a, name="Bo Kollega")
    client.force_login(colleague)
    response = client.post(_revoke_url(grant), follow=True)
    assert "Access for Service &amp; Kvalitet has ended." in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_by == colleague and grant.revoked_at is not None
    assert not active_grants(org_a).exists()
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.GRANT_REVOKED)
    assert event.actor == colleague and event.grant == grant


def test_revoking_from_the_ticket_page_returns_there(client, org_a, superuser_a, ticket_a):
    grant = grant_now(org_a, superuser_a, ticket=ticket_a)
    client.force_login(superuser_a)
    page = reverse("portal:ticket", args=[ticket_a.number])
    assert _revoke_url(grant) in client.get(page).content.decode()
    response = client.post(_revoke_url(grant), {"next": page})
    assert response["Location"] == page
    assert not active_grants(org_a).exists()


def test_an_outside_next_address_is_ignored(client, org_a, superuser_a):
    grant = grant_now(org_a, superuser_a)
    client.force_login(superuser_a)
    response = client.post(_revoke_url(grant), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:organization_detail", args=[org_a.pk])


def test_revoking_twice_says_it_has_ended(org_a, superuser_a):
    grant = grant_now(org_a, superuser_a)
    revoke_access(grant, superuser_a)
    with pytest.raises(ActionError, match="This access has already ended."):
        revoke_access(grant, superuser_a)
    assert CustomerEvent.objects.filter(kind=CustomerEvent.Kind.GRANT_REVOKED).count() == 1


def test_a_customer_cannot_revoke_another_customers_grant(
    client, org_a, org_b, superuser_a, superuser_b
):
    grant_a = grant_now(org_a, superuser_a)
    client.force_login(superuser_b)
    # Through customer A's address: not their customer.
    assert client.post(_revoke_url(grant_a)).status_code == 404
    # Through their own customer's address with A's grant: not their grant.
    url = reverse("accounts:revoke_access", args=[org_b.pk, grant_a.pk])
    assert client.post(url).status_code == 404
    assert active_grants(org_a).get() == grant_a


def test_a_plain_member_cannot_revoke(client, org_a, superuser_a, customer_user_a):
    grant = grant_now(org_a, superuser_a)
    client.force_login(customer_user_a)
    assert client.post(_revoke_url(grant)).status_code == 404
    with pytest.raises(ActionError, match="Only the customer's SuperUsers can revoke access."):
        revoke_access(grant, customer_user_a)
    assert active_grants(org_a).exists()
