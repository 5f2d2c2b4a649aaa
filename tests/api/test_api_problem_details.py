"""Every refusal is an RFC 9457 problem document in the caller's language (Swedish by
default, English on request), never a server error: not for malformed JSON, wrong types,
huge ids or malformed ticket numbers."""

import pytest

from tests.api.helpers import personal_token


def _headers(token, language=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return headers


@pytest.fixture
def token(superuser_a):
    return personal_token(superuser_a)


def _is_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    return body


def test_swedish_is_the_default(client, settings, token):
    settings.LANGUAGE_CODE = "sv"
    body = _is_problem(client.get("/api/v1/tickets/2026-999999", **_headers(token)), 404)
    assert body["title"] == "Hittades inte"


def test_accept_language_chooses_english(client, settings, token):
    settings.LANGUAGE_CODE = "sv"
    response = client.get("/api/v1/tickets/2026-999999", **_headers(token, "en-GB,en;q=0.8"))
    assert _is_problem(response, 404)["title"] == "Not found"


def test_a_domain_refusal_speaks_swedish(client, settings, token, ticket_a):
    settings.LANGUAGE_CODE = "sv"
    response = client.post(
        f"/api/v1/tickets/{ticket_a.number}/replies",
        {"body": "   "},
        content_type="application/json",
        **_headers(token),
    )
    assert _is_problem(response, 422)["detail"] == "Skriv ett meddelande först."


def test_no_token_is_401_with_www_authenticate(client, db):
    response = client.get("/api/v1/tickets")
    _is_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_malformed_json_is_400(client, token):
    response = client.post(
        "/api/v1/tickets", "{not json", content_type="application/json", **_headers(token, "en")
    )
    assert _is_problem(response, 400)["detail"] == (
        "The request body could not be read: send valid JSON."
    )


def test_invalid_fields_are_422_with_each_field(client, token):
    response = client.post(
        "/api/v1/tickets",
        {"category": "nonsense", "module": "ekonomi"},
        content_type="application/json",
        **_headers(token, "en"),
    )
    body = _is_problem(response, 422)
    assert {e["field"] for e in body["errors"]} >= {"category", "title", "description"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tickets/9999999999999999999999999",
        "/api/v1/tickets/2026-000001%00",
        "/api/v1/tickets/²⁰²⁶-000001",
        "/api/v1/tickets/{n}/attachments/99999999999999999999999999",
        "/api/v1/tickets/{n}/attachments/-1",
        "/api/v1/tickets/{n}/events/١٢",
        "/api/v1/customers/9999999999999999999999",
    ],
)
def test_huge_and_malformed_ids_are_404(client, token, ticket_a, path):
    response = client.get(path.format(n=ticket_a.number), **_headers(token, "en"))
    _is_problem(response, 404)


@pytest.mark.parametrize("limit", ["0", "101", "99999999999999999999999", "x"])
def test_out_of_range_query_values_are_422(client, token, limit):
    _is_problem(client.get("/api/v1/tickets", {"limit": limit}, **_headers(token, "en")), 422)


def test_the_schema_says_errors_are_problem_json(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    answers = schema["paths"]["/api/v1/tickets"]["post"]["responses"]
    assert "application/problem+json" in answers["422"]["content"]
    assert "Retry-After" in answers["429"]["headers"]


def test_an_unknown_address_under_the_api_is_a_problem_too(client, db):
    response = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en")
    _is_problem(response, 404)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/api/v1/tickets",
            {"category": "support", "module": "ek\x00", "title": "T", "description": "D"},
        ),
        ("/api/v1/tickets/{n}/replies", {"body": "Hej\x00då"}),
        ("/api/v1/tickets/{n}/transitions", {"target": "received", "reason": "\x00"}),
    ],
)
def test_a_nul_byte_in_text_is_422_not_a_database_error(client, token, ticket_a, path, body):
    response = client.post(
        path.format(n=ticket_a.number),
        body,
        content_type="application/json",
        **_headers(token, "en"),
    )
    _is_problem(response, 422)


@pytest.mark.parametrize("query", [{"customer": "55\x0066"}, {"cursor": "1\x00"}])
def test_a_nul_byte_in_a_query_is_422(client, token, query):
    _is_problem(client.get("/api/v1/tickets", query, **_headers(token, "en")), 422)


def test_a_time_outside_any_sane_year_is_422(client, db):
    from tests.api.helpers import api_client

    _c, system = api_client()
    response = client.post(
        "/api/v1/phone/calls",
        {"external_id": "x1", "answered_at": "9999-12-31T23:59:59+00:00", "waited_seconds": 5},
        content_type="application/json",
        **_headers(system, "en"),
    )
    _is_problem(response, 422)


def test_a_method_the_address_does_not_take_is_a_problem_too(client, token):
    response = client.put("/api/v1/tickets", {}, content_type="application/json", **_headers(token))
    body = _is_problem(response, 405)
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
    assert "PUT" in body["detail"]


def test_each_fields_message_is_in_the_callers_language(client, token):
    data = {"category": "nonsense", "module": "ekonomi", "title": "x" * 300}
    swedish = client.post(
        "/api/v1/tickets", data, content_type="application/json", **_headers(token, "sv")
    )
    errors = {e["field"]: e["message"] for e in _is_problem(swedish, 422)["errors"]}
    assert errors["description"] == "Fältet måste fyllas i."
    assert errors["title"] == "Skriv högst 200 tecken."
    assert errors["category"].startswith("Välj ") and " eller " in errors["category"]
    english = client.post(
        "/api/v1/tickets", data, content_type="application/json", **_headers(token, "en")
    )
    errors = {e["field"]: e["message"] for e in english.json()["errors"]}
    assert errors["description"] == "This field is required."
    assert errors["title"] == "Write at most 200 characters."
