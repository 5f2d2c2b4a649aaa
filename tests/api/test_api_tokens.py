"""API clients: tokens stored only as SHA-256 hashes, shown once, refused when wrong."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kundcenter.api.models import ApiClient
from tests.api.helpers import api_client, bearer


def _access_url(org):
    return reverse("api-v1:access", args=[org.org_number]) + "?audience=support"


def test_only_the_hash_and_a_prefix_are_stored(db):
    client, token = api_client()
    client.refresh_from_db()
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(client.prefix) and len(client.prefix) == 11
    assert token not in str(ApiClient.objects.values().get())


def test_the_command_prints_the_token_once(db):
    out = StringIO()
    call_command("create_api_client", "Faktureringssystemet", stdout=out)
    token = out.getvalue().split("store it in the client's secrets:\n")[1].split("\n")[0]
    client = ApiClient.objects.get(name="Faktureringssystemet")
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_the_command_refuses_a_taken_name(db):
    api_client("Faktureringssystemet")
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_api_client", "faktureringssystemet", stdout=StringIO())


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-header"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer"}, id="empty-token"),
        pytest.param({"HTTP_AUTHORIZATION": "Bearer kc_wrongwrongwrongwrong"}, id="wrong-token"),
        pytest.param({"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, id="basic-auth"),
    ],
)
def test_no_or_a_bad_token_is_401(client, org_a, headers):
    api_client()
    response = client.get(_access_url(org_a), **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401 and response.json()["title"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_with_the_right_prefix_but_wrong_rest_is_401(client, org_a):
    _client, token = api_client()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get(_access_url(org_a), **bearer(forged)).status_code == 401


def test_an_inactive_client_is_401(client, org_a):
    api, token = api_client()
    ApiClient.objects.filter(pk=api.pk).update(active=False)
    assert client.get(_access_url(org_a), **bearer(token)).status_code == 401


def test_a_good_token_works_and_its_use_is_noted(client, org_a):
    api, token = api_client()
    assert api.last_used_at is None
    assert client.get(_access_url(org_a), **bearer(token)).status_code == 200
    api.refresh_from_db()
    assert api.last_used_at is not None


def test_the_openapi_schema_documents_bearer_auth(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/customers/{org_number}/access" in schema["paths"]
    assert schema["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"
