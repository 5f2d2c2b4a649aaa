"""POST /api/v1/customers/{org_number}/payment-standing: the billing system sets a customer
overdue or in good standing; the change is in the audit trail under the client's name."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.models import CustomerEvent
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from tests.api.helpers import api_client, bearer


@pytest.fixture
def token(db):
    return api_client("Faktureringssystemet")[1]


def _post(client, org_number, body, token=None):
    url = reverse("api-v1:payment_standing", args=[org_number])
    headers = bearer(token) if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_billing_system_sets_a_customer_overdue(client, org_a, superuser_a, token):
    response = _post(
        client,
        org_a.org_number,
        {"standing": "overdue", "note": "Faktura 20417 förfallen", "date": "2026-03-02"},
        token,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["customer"] == org_a.org_number and body["standing"] == "overdue"
    assert body["note"] == "Faktura 20417 förfallen"
    assert body["changed_at"].startswith("2026-03-02T00:00:00")
    org_a.refresh_from_db()
    assert org_a.is_overdue
    event = CustomerEvent.objects.get(kind=CustomerEvent.Kind.PAYMENT)
    assert event.actor is None and event.actor_label == "Faktureringssystemet"
    assert "Faktura 20417 förfallen" in event.detail and "2026-03-02" in event.detail
    with pytest.raises(ActionError, match="because of an overdue payment"):
        actions.register_ticket(
            reporter=superuser_a,
            organization=org_a,
            category="support",
            title="Fråga",
            description="Hur gör jag?",
        )


def test_and_back_in_good_standing_without_a_date(client, org_a, token):
    _post(client, org_a.org_number, {"standing": "overdue"}, token)
    response = _post(client, org_a.org_number, {"standing": "good", "note": "Betald"}, token)
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert not org_a.is_overdue
    assert CustomerEvent.objects.filter(actor_label="Faktureringssystemet").count() == 2


def test_the_change_shows_in_the_superusers_audit_trail(client, org_a, superuser_a, token):
    _post(client, org_a.org_number, {"standing": "overdue", "note": "Faktura 20417"}, token)
    client.force_login(superuser_a)
    html = client.get(reverse("accounts:customer_events", args=[org_a.pk])).content.decode()
    assert "Payment standing changed" in html and "Faktureringssystemet" in html


def test_without_a_token_it_is_401_and_nothing_changes(client, org_a):
    response = _post(client, org_a.org_number, {"standing": "overdue"})
    assert response.status_code == 401
    org_a.refresh_from_db()
    assert not org_a.is_overdue
    assert not CustomerEvent.objects.exists()


def test_a_logged_in_browser_session_is_not_enough(client, org_a, admin_user):
    client.force_login(admin_user)
    assert _post(client, org_a.org_number, {"standing": "overdue"}).status_code == 401


def test_an_unknown_customer_is_404(client, db, token):
    assert _post(client, "556677-8899", {"standing": "overdue"}, token).status_code == 404


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"standing": "late"}, "standing: Choose 'overdue' or 'good'."),
        ({}, "standing: This field is required."),
        ({"standing": "overdue", "date": "2 mars"}, "date: Give a date as YYYY-MM-DD."),
        ({"standing": "overdue", "note": "x" * 301}, "note: Write at most 300 characters."),
    ],
)
def test_bad_input_is_422_with_a_clear_message(client, org_a, token, body, detail):
    response = _post(client, org_a.org_number, body, token)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)
    org_a.refresh_from_db()
    assert not org_a.is_overdue


def test_a_future_date_is_422(client, org_a, token):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _post(client, org_a.org_number, {"standing": "overdue", "date": tomorrow}, token)
    assert response.status_code == 422
    assert response.json()["detail"] == "The payment standing cannot change on a future date."


def test_broken_json_is_a_client_error(client, org_a, token):
    url = reverse("api-v1:payment_standing", args=[org_a.org_number])
    response = client.post(url, "{not json", content_type="application/json", **bearer(token))
    assert 400 <= response.status_code < 500
