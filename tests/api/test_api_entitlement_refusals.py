"""The API refuses what the web refuses, with the web's sentences (403): a person who is
not a SuperUser, a customer with an overdue payment, a module the person is not trained
for."""

from django.test import override_settings

from kundcenter.accounts.entitlements import set_payment_standing
from kundcenter.accounts.models import TrainingRecord
from kundcenter.tickets.models import Ticket
from tests.api.helpers import as_person

NEW = {
    "category": "support",
    "module": "ekonomi",
    "title": "Fråga",
    "description": "Hur gör jag?",
}


def _register(client, headers, **changes):
    return client.post(
        "/api/v1/tickets", {**NEW, **changes}, content_type="application/json", **headers
    )


def test_a_person_who_is_not_a_superuser_is_refused(client, org_a, superuser_a, customer_user_a):
    response = _register(client, as_person(customer_user_a))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only your organisation's SuperUsers can contact support. Your SuperUsers are: Anna Berg."
    )
    assert not Ticket.objects.exists()


def test_an_overdue_customer_is_refused(client, org_a, superuser_a, manager):
    set_payment_standing(org_a, "overdue", actor=manager)
    response = _register(client, as_person(superuser_a))
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "Support is paused for Bygg & Montage Norrland AB because of an overdue payment."
    )


def test_an_overdue_customers_reply_is_refused(client, org_a, superuser_a, ticket_a, manager):
    set_payment_standing(org_a, "overdue", actor=manager)
    response = client.post(
        f"/api/v1/tickets/{ticket_a.number}/replies",
        {"body": "Hallå?"},
        content_type="application/json",
        **as_person(superuser_a),
    )
    assert response.status_code == 403
    assert "because of an overdue payment" in response.json()["detail"]


@override_settings(OVERDUE_ALLOWS_LEVEL1_BUGS=True)
def test_a_level_1_bug_passes_while_overdue_when_the_setting_allows(
    client, org_a, superuser_a, manager
):
    set_payment_standing(org_a, "overdue", actor=manager)
    response = _register(client, as_person(superuser_a), category="bug", service_level=1)
    assert response.status_code == 201


def test_an_untrained_module_is_refused(client, org_a, superuser_a):
    TrainingRecord.objects.filter(user=superuser_a, module__slug="lon").delete()
    response = _register(client, as_person(superuser_a), module="lon")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "You need to complete the official training for Lön before you can get support "
        "on it. See the Academy for coming trainings."
    )


def test_an_unlicensed_module_is_refused(client, org_a, superuser_a):
    from kundcenter.accounts.models import Module

    Module.objects.get_or_create(slug="projekt", defaults={"name": "Projekt"})
    response = _register(client, as_person(superuser_a), module="projekt")
    assert response.status_code == 403
    assert "has no licence for the module" in response.json()["detail"]
