"""A SuperUser's endpoint only ever gets its own customer's tickets, never an internal
change, note or survey; another customer's endpoint is a 404 on every page."""

import json

import pytest

from kundcenter.accounts.models import Membership
from kundcenter.tickets import actions, surveys
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Status
from kundcenter.webhooks import endpoints
from kundcenter.webhooks.models import Delivery
from tests import factories
from tests.conftest import login


def _customer_requests(receiver):
    return [r for r in receiver.requests if "staff" not in r["path"]]


def test_another_customers_ticket_never_reaches_a_superusers_endpoint(
    receiver, committed, endpoint_a, staff_endpoint, org_a, org_b, superuser_a, superuser_b
):
    committed(lambda: factories.make_ticket(org_b, superuser_b, title="Hemligt B"))
    assert _customer_requests(receiver) == []
    assert not Delivery.objects.filter(endpoint=endpoint_a).exists()
    # The staff endpoint for every customer got it.
    assert [r["path"] for r in receiver.requests] == ["/hook?staff=1"]
    own = committed(lambda: factories.make_ticket(org_a, superuser_a))
    bodies = [r["body"].decode() for r in _customer_requests(receiver)]
    assert len(bodies) == 1 and own.number in bodies[0]
    assert "Hemligt B" not in bodies[0] and "Handelshuset" not in bodies[0]


def test_internal_changes_notes_and_surveys_go_only_to_staff_endpoints(
    receiver,
    committed,
    endpoint_a,
    staff_endpoint,
    org_a,
    superuser_a,
    specialist_hantverk,
):
    ticket = committed(lambda: factories.make_ticket(org_a, superuser_a))
    receiver.requests.clear()
    committed(
        lambda: actions.reply(ticket, specialist_hantverk, "Intern anteckning", internal=True)
    )
    committed(lambda: actions.assign(ticket, specialist_hantverk, specialist_hantverk))
    assert _customer_requests(receiver) == []
    assert receiver.types() == ["ticket.updated"]  # the assignment, to staff only
    assert "Intern anteckning" not in receiver.requests[0]["body"].decode()

    receiver.requests.clear()
    committed(lambda: actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS))
    committed(lambda: actions.transition(ticket, specialist_hantverk, Status.CLOSED))
    survey = surveys.survey_of(Ticket.objects.get(pk=ticket.pk))
    committed(lambda: surveys.answer(survey, 2, "Det tog lång tid"))
    customer = [json.loads(r["body"])["type"] for r in _customer_requests(receiver)]
    staff = [json.loads(r["body"])["type"] for r in receiver.requests if "staff" in r["path"]]
    assert customer == ["ticket.transitioned", "ticket.closed"]
    assert staff == ["ticket.transitioned", "ticket.closed", "survey.answered"]
    assert all(b"Det tog l" not in r["body"] for r in _customer_requests(receiver))


def test_an_endpoint_stops_when_its_owner_is_no_longer_a_superuser(
    receiver, committed, endpoint_a, org_a, superuser_a
):
    other = factories.make_superuser(org_a, "lisa@byggmontage.se", "Lisa Lind")
    Membership.objects.filter(user=superuser_a, organization=org_a).update(
        role=Membership.Role.USER
    )
    committed(lambda: factories.make_ticket(org_a, other))
    assert receiver.requests == []
    assert not endpoints.may_receive(endpoint_a)


def test_a_superuser_cannot_register_for_another_customer(receiver, superuser_a, org_b):
    from kundcenter.lib.errors import ActionError

    with pytest.raises(ActionError):
        endpoints.create_endpoint(
            superuser_a, organization=org_b, url=receiver.url, events=["ticket.created"]
        )


@pytest.mark.parametrize(
    "path",
    [
        "/webhooks/{pk}/",
        "/webhooks/{pk}/ny-hemlighet/",
        "/webhooks/{pk}/ateruppta/",
        "/webhooks/{pk}/testa/",
        "/webhooks/{pk}/ta-bort/",
        "/webhooks/{pk}/leveranser/{delivery}/skicka-igen/",
        "/webhooks/kund/{org}/",
    ],
)
def test_another_customers_endpoint_is_a_404_on_every_page(
    client, receiver, committed, endpoint_a, org_a, superuser_a, superuser_b, path
):
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    delivery = Delivery.objects.get(endpoint=endpoint_a)
    url = path.format(pk=endpoint_a.pk, delivery=delivery.pk, org=org_a.pk)
    login(client, superuser_b)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404
    endpoint_a.refresh_from_db()
    assert endpoint_a.secret and endpoint_a.pk


@pytest.mark.parametrize("persona", ["customer_user_a", "specialist_hantverk", "consultant"])
def test_people_who_may_not_manage_webhooks_get_a_404(client, request, endpoint_a, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get("/webhooks/").status_code == 404
    assert client.get(f"/webhooks/{endpoint_a.pk}/").status_code == 404


def test_a_superuser_does_not_see_staff_endpoints(client, staff_endpoint, endpoint_a, superuser_a):
    login(client, superuser_a)
    page = client.get("/webhooks/").content.decode()
    assert endpoint_a.url in page and "staff=1" not in page
    assert client.get(f"/webhooks/{staff_endpoint.pk}/").status_code == 404
