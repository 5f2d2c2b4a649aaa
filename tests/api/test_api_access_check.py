"""GET /api/v1/customers/{org_number}/access: may support or a consultant log in now,
and until when? Kundcenter is the authority; every check is in the audit trail."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.entitlements import grant_access
from kundcenter.accounts.models import CustomerEvent
from tests import factories
from tests.api.helpers import api_client, bearer
from tests.entitlements.helpers import at, freeze, grant_now


@pytest.fixture
def token(db):
    return api_client("Affärssystemet")[1]


def _ask(client, token, org_number, audience="support"):
    url = reverse("api-v1:access", args=[org_number])
    return client.get(url, {"audience": audience}, **bearer(token))


def test_no_grant_answers_no(client, org_a, token):
    response = _ask(client, token, org_a.org_number)
    assert response.status_code == 200
    assert response.json() == {
        "customer": org_a.org_number,
        "audience": "support",
        "allowed": False,
        "until": None,
    }


def test_a_grant_answers_yes_with_its_end(client, org_a, superuser_a, token):
    grant = grant_now(org_a, superuser_a)
    answer = _ask(client, token, org_a.org_number).json()
    assert answer["allowed"] is True
    until = timezone.localtime(grant.expires_at).replace(microsecond=0)
    assert answer["until"] == until.isoformat()  # e.g. 2026-04-08T09:00:00+02:00


def test_revocation_takes_effect_at_once(client, org_a, superuser_a, token):
    grant = grant_now(org_a, superuser_a)
    assert _ask(client, token, org_a.org_number).json()["allowed"] is True
    client.force_login(superuser_a)
    client.post(reverse("accounts:revoke_access", args=[org_a.pk, grant.pk]))
    client.logout()
    assert _ask(client, token, org_a.org_number).json() == {
        "customer": org_a.org_number,
        "audience": "support",
        "allowed": False,
        "until": None,
    }


def test_an_expired_grant_answers_no(client, org_a, superuser_a, token):
    grant_access(org_a, superuser_a, "support", now=at(2026, 3, 26, 15))  # ended 27 March
    assert _ask(client, token, org_a.org_number).json()["allowed"] is False


def test_the_audiences_are_separate(client, org_a, superuser_a, token):
    order = factories.make_ticket(org_a, superuser_a, category="order")
    grant_now(org_a, superuser_a, "consultant", ticket=order)
    assert _ask(client, token, org_a.org_number, "consultant").json()["allowed"] is True
    assert _ask(client, token, org_a.org_number, "support").json()["allowed"] is False


def test_every_check_is_recorded_with_the_clients_name(client, org_a, superuser_a, token):
    grant = grant_now(org_a, superuser_a)
    _ask(client, token, org_a.org_number)
    _ask(client, token, org_a.org_number, "consultant")
    checks = list(
        CustomerEvent.objects.filter(kind=CustomerEvent.Kind.GRANT_CHECKED).order_by("pk")
    )
    assert [(e.actor_label, e.grant, e.detail) for e in checks] == [
        ("Affärssystemet", grant, "allowed (Service & Kvalitet)"),
        ("Affärssystemet", None, "refused (Consultants)"),
    ]


def test_the_org_number_may_be_written_without_dash(client, org_a, token):
    response = _ask(client, token, org_a.org_number.replace("-", ""))
    assert response.status_code == 200 and response.json()["customer"] == org_a.org_number


@pytest.mark.parametrize("org_number", ["5566778899", "1234567897", "not-a-number"])
def test_an_unknown_customer_is_404(client, db, token, org_number):
    response = _ask(client, token, org_number)
    assert response.status_code == 404
    assert "No customer with organisation number" in response.json()["detail"]
    assert not CustomerEvent.objects.exists()


@pytest.mark.parametrize("audience", ["everyone", ""])
def test_a_bad_audience_is_422_with_a_clear_message(client, org_a, token, audience):
    response = _ask(client, token, org_a.org_number, audience)
    assert response.status_code == 422
    assert response.json()["detail"] == "audience: Choose 'support' or 'consultant'."


def test_a_missing_audience_is_422(client, org_a, token):
    url = reverse("api-v1:access", args=[org_a.org_number])
    response = client.get(url, **bearer(token))
    assert response.status_code == 422
    assert response.json()["detail"] == "audience: This field is required."


def test_the_answer_gives_the_end_in_stockholm_time(client, monkeypatch, org_a, superuser_a, token):
    # Granted at 15:00 on Skärtorsdagen: 8 business hours end Wednesday after Easter, 09:00.
    freeze(monkeypatch, at(2026, 4, 2, 15))
    grant_access(org_a, superuser_a, "support")
    freeze(monkeypatch, at(2026, 4, 7, 10))
    assert _ask(client, token, org_a.org_number).json()["until"] == "2026-04-08T09:00:00+02:00"
    freeze(monkeypatch, at(2026, 4, 8, 9))
    assert _ask(client, token, org_a.org_number).json()["allowed"] is False
