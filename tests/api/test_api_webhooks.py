"""Webhook endpoints over the API: the same people as the web pages manage them, the
secret is shown once, another customer's endpoint or delivery is a 404 like a missing
one, and a token needs the webhooks scope."""

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from kundcenter.webhooks import endpoints
from kundcenter.webhooks.models import Delivery, Endpoint
from kundcenter.webhooks.payloads import CUSTOMER_EVENTS
from tests.api.helpers import api_client, as_person, bearer

JSON = {"content_type": "application/json"}


@pytest.fixture
def anna(superuser_a):
    return as_person(superuser_a, scopes=["webhooks"])


def _register(client, headers, org, url, **extra):
    body = {"customer": org.org_number, "url": url, "events": ["ticket.created"], **extra}
    return client.post("/api/v1/webhooks", body, **JSON, **headers)


def test_a_superuser_registers_an_endpoint_and_sees_the_secret_once(
    client,
    anna,
    org_a,
    receiver,
):
    made = _register(client, anna, org_a, receiver.url, description="ERP")
    assert made.status_code == 201, made.json()
    answer = made.json()
    assert answer["secret"].startswith("whsec_")
    assert answer["customer"] == org_a.org_number and answer["events"] == ["ticket.created"]
    assert Endpoint.objects.get(pk=answer["id"]).secret == answer["secret"]
    read = client.get(f"/api/v1/webhooks/{answer['id']}", **anna).json()
    listed = client.get("/api/v1/webhooks", **anna).json()
    assert "secret" not in read and all("secret" not in e for e in listed)
    assert [e["id"] for e in listed] == [answer["id"]]


def test_the_same_idempotency_key_registers_one_endpoint(client, anna, org_a, receiver):
    body = {"customer": org_a.org_number, "url": receiver.url, "events": ["ticket.created"]}
    key = {"HTTP_IDEMPOTENCY_KEY": "erp-hook-1"}
    first = client.post("/api/v1/webhooks", body, **JSON, **anna, **key)
    again = client.post("/api/v1/webhooks", body, **JSON, **anna, **key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Endpoint.objects.count() == 1


def test_the_test_event_arrives_signed_with_the_secret_and_is_logged_with_its_code(
    client,
    anna,
    org_a,
    receiver,
    django_capture_on_commit_callbacks,
):
    made = _register(client, anna, org_a, receiver.url).json()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/api/v1/webhooks/{made['id']}/test", **anna)
    assert sent.status_code == 202 and sent.json()["event_type"] == "webhook.test"
    request = receiver.requests[-1]
    assert Webhook(made["secret"]).verify(request["body"], request["headers"])["type"] == (
        "webhook.test"
    )
    deliveries = client.get(f"/api/v1/webhooks/{made['id']}/deliveries", **anna).json()
    assert [d["state"] for d in deliveries] == ["delivered"]
    assert [a["status_code"] for a in deliveries[0]["attempt_log"]] == [200]

    # Redelivered: the same webhook-id, a second attempt.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            f"/api/v1/webhooks/{made['id']}/deliveries/{deliveries[0]['id']}/redeliver", **anna
        )
    assert again.status_code == 202
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [
        deliveries[0]["message_id"]
    ] * 2
    log = client.get(f"/api/v1/webhooks/{made['id']}/deliveries", **anna).json()
    assert [a["status_code"] for a in log[0]["attempt_log"]] == [200, 200]


def test_rotating_shows_a_new_secret_once_and_the_old_one_no_longer_verifies(
    client,
    anna,
    org_a,
    receiver,
    django_capture_on_commit_callbacks,
):
    made = _register(client, anna, org_a, receiver.url).json()
    rotated = client.post(f"/api/v1/webhooks/{made['id']}/secret", **anna)
    assert rotated.status_code == 200
    secret = rotated.json()["secret"]
    assert secret.startswith("whsec_") and secret != made["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/webhooks/{made['id']}/test", **anna)
    request = receiver.requests[-1]
    Webhook(secret).verify(request["body"], request["headers"])
    with pytest.raises(WebhookVerificationError):
        Webhook(made["secret"]).verify(request["body"], request["headers"])


def test_patch_changes_only_what_is_given_and_refuses_like_the_page(
    client,
    anna,
    org_a,
    receiver,
):
    made = _register(client, anna, org_a, receiver.url, description="ERP").json()
    url = f"/api/v1/webhooks/{made['id']}"
    changed = client.patch(url, {"events": ["ticket.closed", "ticket.replied"]}, **JSON, **anna)
    assert changed.status_code == 200
    assert changed.json()["events"] == ["ticket.replied", "ticket.closed"]
    assert changed.json()["description"] == "ERP" and changed.json()["url"] == receiver.url
    off = client.patch(url, {"active": False}, **JSON, **anna).json()
    assert off["active"] is False
    # A staff-only event is not a customer's to choose: the page's sentence, as 422.
    refused = client.patch(url, {"events": ["survey.answered"]}, **JSON, **anna)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Choose at least one event."
    bad = client.patch(url, {"url": "ftp://erp.example.se"}, **JSON, **anna)
    assert bad.status_code == 422 and "https://" in bad.json()["detail"]
    assert client.post(f"{url}/resume", **anna).json()["active"] is True


def test_delete_removes_the_endpoint(client, anna, org_a, receiver):
    made = _register(client, anna, org_a, receiver.url).json()
    assert client.delete(f"/api/v1/webhooks/{made['id']}", **anna).status_code == 204
    assert not Endpoint.objects.exists()
    assert client.get(f"/api/v1/webhooks/{made['id']}", **anna).status_code == 404


def test_another_customers_endpoint_and_delivery_are_404_like_missing_ones(
    client,
    anna,
    org_a,
    org_b,
    superuser_b,
    receiver,
):
    theirs = endpoints.create_endpoint(
        superuser_b, organization=org_b, url=receiver.url, events=CUSTOMER_EVENTS
    )
    their_delivery = endpoints.send_test(theirs, superuser_b)
    mine = _register(client, anna, org_a, receiver.url).json()
    missing = 10**12
    for path in [
        f"/api/v1/webhooks/{theirs.pk}",
        f"/api/v1/webhooks/{missing}",
        "/api/v1/webhooks/abc",
        f"/api/v1/webhooks/{theirs.pk}/deliveries",
    ]:
        response = client.get(path, **anna)
        assert response.status_code == 404, path
        assert response.json()["detail"] == "There is nothing here, or it is not yours to see."
    for path in ["secret", "resume", "test", f"deliveries/{their_delivery.pk}/redeliver"]:
        assert client.post(f"/api/v1/webhooks/{theirs.pk}/{path}", **anna).status_code == 404
    assert client.patch(f"/api/v1/webhooks/{theirs.pk}", {}, **JSON, **anna).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{theirs.pk}", **anna).status_code == 404
    # Their delivery under my endpoint is as missing as an id that never was.
    for delivery_id in [their_delivery.pk, missing, "x"]:
        response = client.post(
            f"/api/v1/webhooks/{mine['id']}/deliveries/{delivery_id}/redeliver", **anna
        )
        assert response.status_code == 404, delivery_id
    # Their customer cannot be named for a new endpoint (the same answer as no customer).
    for number in [org_b.org_number, "0000000000"]:
        body = {"customer": number, "url": receiver.url, "events": ["ticket.created"]}
        refused = client.post("/api/v1/webhooks", body, **JSON, **anna)
        assert refused.status_code == 422
        assert refused.json()["detail"] == (
            "Choose one of the customers whose webhooks you manage."
        )
    assert [e["id"] for e in client.get("/api/v1/webhooks", **anna).json()] == [mine["id"]]
    assert Endpoint.objects.get(pk=theirs.pk).secret == theirs.secret
    assert Delivery.objects.filter(endpoint=theirs).count() == 1


def test_the_manager_sees_every_endpoint_and_registers_one_for_every_customer(
    client,
    manager,
    superuser_a,
    org_a,
    receiver,
):
    theirs = endpoints.create_endpoint(
        superuser_a, organization=org_a, url=receiver.url, events=["ticket.created"]
    )
    headers = as_person(manager, scopes=["webhooks"])
    made = client.post(
        "/api/v1/webhooks",
        {"url": receiver.url, "events": ["survey.answered"]},
        **JSON,
        **headers,
    )
    assert made.status_code == 201, made.json()
    assert made.json()["customer"] is None and made.json()["for_staff"] is True
    listed = client.get("/api/v1/webhooks", **headers).json()
    assert {e["id"] for e in listed} == {theirs.pk, made.json()["id"]}
    # …but Anna never sees the staff endpoint.
    anna = as_person(superuser_a, scopes=["webhooks"])
    assert client.get(f"/api/v1/webhooks/{made.json()['id']}", **anna).status_code == 404


@pytest.mark.parametrize("persona", ["customer_user_a", "specialist_hantverk"])
def test_people_who_cannot_manage_webhooks_on_the_web_get_404(
    client,
    request,
    persona,
    superuser_a,
    org_a,
    receiver,
):
    theirs = endpoints.create_endpoint(
        superuser_a, organization=org_a, url=receiver.url, events=["ticket.created"]
    )
    headers = as_person(request.getfixturevalue(persona), scopes=["webhooks"])
    assert client.get("/api/v1/webhooks", **headers).status_code == 404
    assert client.get(f"/api/v1/webhooks/{theirs.pk}", **headers).status_code == 404
    refused = _register(client, headers, org_a, receiver.url)
    assert refused.status_code == 404
    assert not Endpoint.objects.exclude(pk=theirs.pk).exists()


def test_a_token_without_the_webhooks_scope_is_refused(client, superuser_a, org_a, receiver):
    headers = as_person(superuser_a, scopes=["tickets:read", "tickets:write"])
    response = client.get("/api/v1/webhooks", **headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "This token does not have the scope webhooks."
    assert _register(client, headers, org_a, receiver.url).status_code == 403
    assert not Endpoint.objects.exists()


def test_a_client_systems_token_cannot_manage_webhooks(client, db):
    _client, token = api_client()
    response = client.get("/api/v1/webhooks", **bearer(token))
    assert response.status_code == 403
    assert "personal token" in response.json()["detail"]


def test_bad_input_is_a_problem_never_a_500(client, anna, org_a, receiver):
    made = _register(client, anna, org_a, receiver.url).json()
    for body in [{"url": receiver.url}, {"url": 5, "events": []}, {"events": "x"}]:
        response = client.post("/api/v1/webhooks", body, **JSON, **anna)
        assert response.status_code == 422, body
        assert response["Content-Type"] == "application/problem+json"
    nul = client.patch(f"/api/v1/webhooks/{made['id']}", {"url": "https://a\x00"}, **JSON, **anna)
    assert nul.status_code == 422
    page = client.get(f"/api/v1/webhooks/{made['id']}/deliveries?before=x", **anna)
    assert page.status_code == 422
    big = client.get(f"/api/v1/webhooks/{'9' * 30}", **anna)
    assert big.status_code == 404


def test_staff_reading_endpoints_is_in_the_processing_log(client, manager, superuser_a, org_a):
    from kundcenter.privacy.models import ProcessingLogEntry

    hook = endpoints.create_endpoint(
        superuser_a, organization=org_a, url="https://93.184.215.14/h", events=["ticket.created"]
    )
    headers = as_person(manager, scopes=["webhooks"])
    assert client.get("/api/v1/webhooks", **headers).status_code == 200
    assert client.get(f"/api/v1/webhooks/{hook.pk}/deliveries", **headers).status_code == 200
    read = ProcessingLogEntry.objects.filter(actor=manager, action="read", subject=superuser_a)
    assert sorted(read.values_list("object_description", flat=True)) == [
        f"webhook endpoint #{hook.pk}",
        "webhook endpoints",
    ]
