"""Each operation needs its scope; a token without it gets 403 saying which."""

from io import StringIO

from django.core.management import call_command

from kundcenter.api.models import ApiClient
from tests.api.helpers import api_client, as_person, bearer


def test_a_read_only_token_cannot_register(client, org_a, superuser_a):
    headers = as_person(superuser_a, scopes=["tickets:read"])
    assert client.get("/api/v1/tickets", **headers).status_code == 200
    response = client.post(
        "/api/v1/tickets",
        {"category": "support", "module": "ekonomi", "title": "T", "description": "D"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This token does not have the scope tickets:write."


def test_a_billing_client_cannot_check_access(client, org_a):
    _c, token = api_client("Faktureringssystemet")
    ApiClient.objects.update(scopes=["billing"])
    url = f"/api/v1/customers/{org_a.org_number}/access?audience=support"
    assert client.get(url, **bearer(token)).status_code == 403
    standing = client.post(
        f"/api/v1/customers/{org_a.org_number}/payment-standing",
        {"standing": "good"},
        content_type="application/json",
        **bearer(token),
    )
    assert standing.status_code == 200


def test_the_command_gives_a_client_chosen_scopes(db):
    call_command("create_api_client", "Växeln", "--scope", "tickets:write", stdout=StringIO())
    assert ApiClient.objects.get(name="Växeln").scopes == ["tickets:write"]


def test_existing_clients_keep_every_scope(db):
    client, _token = api_client()
    assert set(client.scopes) == {
        "tickets:read",
        "tickets:write",
        "customers",
        "billing",
        "access",
        "webhooks",
    }


def test_customers_need_the_customers_scope(client, manager):
    headers = as_person(manager, scopes=["tickets:read"])
    assert client.get("/api/v1/customers", **headers).status_code == 403


def test_a_customer_cannot_use_the_vendors_access_check(client, org_a, superuser_a):
    url = f"/api/v1/customers/{org_a.org_number}/access?audience=support"
    assert client.get(url, **as_person(superuser_a)).status_code == 403
