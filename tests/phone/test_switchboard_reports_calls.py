"""POST /api/v1/phone/calls: the switchboard reports its calls, idempotent on its own id."""

import json

import pytest
from django.urls import reverse

from kundcenter.tickets.models import PhoneCall, TicketEvent
from tests.api.helpers import api_client, bearer


@pytest.fixture
def token(db):
    return api_client("Telefonväxeln")[1]


def _post(client, body, token=None, raw=None):
    headers = bearer(token) if token else {}
    data = raw if raw is not None else json.dumps(body)
    return client.post(
        reverse("api-v1:phone_call"), data, content_type="application/json", **headers
    )


def _body(**changes):
    body = {
        "external_id": "vx-1001",
        "started_at": "2026-03-02T09:15:00+01:00",
        "waited_seconds": 170,
        "team": "hantverk-transport-konsult",
    }
    body.update(changes)
    return body


def test_a_new_call_is_201_with_the_call(client, token, team_hantverk):
    response = _post(client, _body(), token)
    assert response.status_code == 201
    call = PhoneCall.objects.get()
    assert response.json() == {
        "id": call.pk,
        "external_id": "vx-1001",
        "started_at": "2026-03-02T09:15:00+01:00",
        "waited_seconds": 170,
        "team": "hantverk-transport-konsult",
        "handled_by": None,
        "ticket": None,
        "customer": None,
    }
    assert call.source == PhoneCall.Source.SWITCHBOARD and call.team == team_hantverk


def test_the_same_id_again_is_200_with_the_same_call(client, token, team_hantverk):
    first = _post(client, _body(), token)
    again = _post(client, _body(waited_seconds=999), token)  # a retry; the first report counts
    assert again.status_code == 200
    assert again.json() == first.json()
    assert PhoneCall.objects.count() == 1
    assert PhoneCall.objects.get().waited_seconds == 170


def test_staff_and_switchboard_ids_do_not_collide(client, token, specialist_hantverk):
    _post(client, _body(external_id="1"), token)
    _post(client, _body(external_id="2"), token)
    assert PhoneCall.objects.filter(source="switchboard").count() == 2


def test_a_call_linked_to_a_ticket_and_a_staff_member(
    client, token, ticket_a, specialist_hantverk, team_hantverk
):
    response = _post(
        client,
        _body(
            ticket=ticket_a.number,
            handled_by=specialist_hantverk.email.upper(),
            team=str(team_hantverk.pk),
            caller_number="+46 70 555 12 34",
        ),
        token,
    )
    assert response.status_code == 201
    answer = response.json()
    assert answer["ticket"] == ticket_a.number
    assert answer["handled_by"] == specialist_hantverk.email
    assert answer["customer"] == ticket_a.organization.org_number
    call = PhoneCall.objects.get()
    assert call.caller_number == "0705551234" and call.team == team_hantverk
    assert TicketEvent.objects.filter(ticket=ticket_a, kind="phone", public=False).count() == 1


def test_answered_at_instead_of_started_at(client, token, team_hantverk):
    body = _body(answered_at="2026-03-02T09:18:00+01:00", waited_seconds=180)
    del body["started_at"]
    response = _post(client, body, token)
    assert response.status_code == 201
    assert response.json()["started_at"] == "2026-03-02T09:15:00+01:00"


def test_a_time_without_offset_is_stockholm_time(client, token, team_hantverk):
    response = _post(client, _body(started_at="2026-07-01T10:00:00"), token)
    assert response.json()["started_at"] == "2026-07-01T10:00:00+02:00"


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"waited_seconds": -1}, "waited_seconds: Give a value of at least 0."),
        ({"waited_seconds": "lång"}, "waited_seconds: Give a whole number."),
        ({"external_id": ""}, "external_id: Write at least 1 character."),
        ({"started_at": "igår"}, "started_at: Give a time as YYYY-MM-DDTHH:MM (ISO 8601)."),
        ({"started_at": None}, "Give started_at or answered_at."),
        ({"started_at": "2999-01-01T10:00:00+01:00"}, "A call cannot come in in the future."),
        ({"team": "okant-team"}, "No team okant-team."),
        ({"ticket": "2026-999999"}, "No ticket with number 2026-999999."),
        ({"handled_by": "nobody@example.com"}, "No support staff member with the e-mail"),
        ({"customer": "556677-8899"}, "No customer with organisation number"),
        ({"caller_number": "1" * 25}, "The caller's number is too long"),
    ],
)
def test_bad_input_is_422_with_a_clear_message(client, token, team_hantverk, changes, detail):
    response = _post(client, _body(**changes), token)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)
    assert not PhoneCall.objects.exists()


def test_a_customer_is_not_a_staff_member(client, token, team_hantverk, superuser_a):
    response = _post(client, _body(handled_by=superuser_a.email), token)
    assert response.status_code == 422
    assert not PhoneCall.objects.exists()


def test_a_missing_field_is_422(client, token):
    response = _post(client, {"external_id": "vx-1"}, token)
    assert response.status_code == 422
    assert response.json()["detail"] == "waited_seconds: This field is required."


def test_broken_json_is_a_client_error(client, token):
    response = _post(client, None, token, raw="{not json")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("header", [None, "kc_wrongwrongwrongwrong"])
def test_without_a_valid_token_it_is_401_and_nothing_is_logged(client, db, header):
    response = _post(client, _body(), header)
    assert response.status_code == 401
    assert not PhoneCall.objects.exists()


def test_the_openapi_schema_lists_the_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/phone/calls"]
