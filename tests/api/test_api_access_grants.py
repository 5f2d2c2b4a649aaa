"""A customer's SuperUser grants and revokes support access over the API, through the
same entitlement actions as the customer page; others are refused with its sentences."""

from kundcenter.accounts.entitlements import set_payment_standing
from kundcenter.accounts.models import SupportAccessGrant
from tests.api.helpers import as_person


def _grant(client, org, headers, **body):
    return client.post(
        f"/api/v1/customers/{org.org_number}/access-grants",
        {"audience": "support", **body},
        content_type="application/json",
        **headers,
    )


def test_a_superuser_grants_and_revokes_access(client, org_a, superuser_a):
    headers = as_person(superuser_a)
    response = _grant(client, org_a, headers, note="Felsökning av momsen")
    assert response.status_code == 201, response.content
    grant = SupportAccessGrant.objects.get()
    assert grant.granted_by == superuser_a and grant.note == "Felsökning av momsen"
    check = client.get(
        f"/api/v1/customers/{org_a.org_number}/access?audience=support",
        **as_person(superuser_a),
    )
    assert check.status_code == 403  # the check is the vendor's, not the customer's
    revoked = client.post(
        f"/api/v1/customers/{org_a.org_number}/access-grants/{grant.pk}/revoke", **headers
    )
    assert revoked.status_code == 200
    grant.refresh_from_db()
    assert grant.revoked_by == superuser_a


def test_an_overdue_customer_cannot_grant(client, org_a, superuser_a, manager):
    set_payment_standing(org_a, "overdue", actor=manager)
    response = _grant(client, org_a, as_person(superuser_a))
    assert response.status_code == 403
    assert "because of an overdue payment" in response.json()["detail"]


def test_another_customers_grants_are_404(client, org_a, superuser_a, superuser_b):
    assert _grant(client, org_a, as_person(superuser_b)).status_code == 404
    _grant(client, org_a, as_person(superuser_a))
    grant = SupportAccessGrant.objects.get()
    response = client.post(
        f"/api/v1/customers/{org_a.org_number}/access-grants/{grant.pk}/revoke",
        **as_person(superuser_b),
    )
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_a_consultant_grant_needs_an_order_ticket(client, org_a, superuser_a, ticket_a):
    response = _grant(
        client, org_a, as_person(superuser_a), audience="consultant", ticket=ticket_a.number
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Consultants get access for an ordered setup change: choose its order ticket."
    )
