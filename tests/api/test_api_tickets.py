"""Tickets over the API with a person's token: the same actions and rules as the web."""

from django.core.files.uploadedfile import SimpleUploadedFile

from kundcenter.tickets.models import Message, Ticket, TicketEvent
from tests import factories
from tests.api.helpers import api_client, as_person, bearer

NEW = {
    "category": "support",
    "module": "ekonomi",
    "title": "Momsrapporten summerar fel",
    "description": "Rapporten för mars visar fel belopp.",
}


def _post(client, url, data, headers):
    return client.post(url, data, content_type="application/json", **headers)


def test_a_superuser_registers_a_ticket_as_on_the_web(client, org_a, superuser_a):
    response = _post(client, "/api/v1/tickets", NEW, as_person(superuser_a))
    assert response.status_code == 201, response.content
    answer = response.json()
    ticket = Ticket.objects.get(number=answer["number"])
    assert (ticket.reporter, ticket.organization, ticket.status) == (superuser_a, org_a, "new")
    assert answer["customer"] == org_a.org_number and answer["module"] == "ekonomi"
    assert ticket.events.filter(kind=TicketEvent.Kind.CREATED, actor=superuser_a).exists()


def test_a_bug_without_a_service_level_is_refused_with_the_actions_sentence(
    client, org_a, superuser_a
):
    response = _post(client, "/api/v1/tickets", {**NEW, "category": "bug"}, as_person(superuser_a))
    assert response.status_code == 422
    assert response.json()["detail"] == "A software bug needs a service level (1–5)."


def test_the_list_shows_own_tickets_a_page_at_a_time(
    client, org_a, superuser_a, org_b, superuser_b
):
    mine = [factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}") for i in range(3)]
    factories.make_ticket(org_b, superuser_b)
    headers = as_person(superuser_a)
    first = client.get("/api/v1/tickets", {"limit": 2}, **headers).json()
    assert [t["number"] for t in first["items"]] == [mine[2].number, mine[1].number]
    second = client.get(
        "/api/v1/tickets", {"limit": 2, "cursor": first["next_cursor"]}, **headers
    ).json()
    assert [t["number"] for t in second["items"]] == [mine[0].number]
    assert second["next_cursor"] is None


def test_the_list_filters_by_status_and_category(client, org_a, superuser_a):
    factories.make_ticket(org_a, superuser_a)
    bug = factories.make_ticket(org_a, superuser_a, category="bug")
    headers = as_person(superuser_a)
    found = client.get("/api/v1/tickets", {"category": "bug"}, **headers).json()["items"]
    assert [t["number"] for t in found] == [bug.number]
    assert client.get("/api/v1/tickets", {"state": "closed"}, **headers).json()["items"] == []


def test_a_bad_cursor_is_a_problem_not_a_crash(client, org_a, superuser_a):
    response = client.get("/api/v1/tickets", {"cursor": "9" * 19}, **as_person(superuser_a))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_get_reply_and_read_the_conversation(client, org_a, superuser_a, ticket_a):
    headers = as_person(superuser_a)
    assert client.get(f"/api/v1/tickets/{ticket_a.number}", **headers).json()["title"]
    response = _post(
        client, f"/api/v1/tickets/{ticket_a.number}/replies", {"body": "Bifogar mer."}, headers
    )
    assert response.status_code == 201
    messages = client.get(f"/api/v1/tickets/{ticket_a.number}/messages", **headers).json()
    assert [m["body"] for m in messages] == ["Bifogar mer."]
    events = client.get(f"/api/v1/tickets/{ticket_a.number}/events", **headers).json()
    assert [e["kind"] for e in events] == ["created", "reply"]
    one = client.get(f"/api/v1/tickets/{ticket_a.number}/events/{events[1]['id']}", **headers)
    assert one.json()["kind"] == "reply"


def test_staff_write_internal_notes_the_customer_never_sees(
    client, org_a, superuser_a, ticket_a, specialist_hantverk
):
    staff = as_person(specialist_hantverk)
    url = f"/api/v1/tickets/{ticket_a.number}/notes"
    assert _post(client, url, {"body": "Kolla loggen."}, staff).status_code == 201
    customer = as_person(superuser_a)
    refused = _post(client, url, {"body": "Jag med."}, customer)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only support staff can write internal notes."
    seen = client.get(f"/api/v1/tickets/{ticket_a.number}/messages", **customer).json()
    assert seen == []
    assert [
        m["internal"]
        for m in client.get(f"/api/v1/tickets/{ticket_a.number}/messages", **staff).json()
    ] == [True]


def test_transitions_follow_the_workflow_table(client, ticket_a, specialist_hantverk, superuser_a):
    staff = as_person(specialist_hantverk)
    url = f"/api/v1/tickets/{ticket_a.number}/transitions"
    moves = [m["target"] for m in client.get(url, **staff).json()]
    assert moves
    response = _post(client, url, {"target": moves[0]}, staff)
    assert response.status_code == 200 and response.json()["status"] == moves[0]
    refused = _post(client, url, {"target": "closed"}, as_person(superuser_a))
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"


def test_staff_assign_and_customers_may_not(client, ticket_a, specialist_hantverk, superuser_a):
    url = f"/api/v1/tickets/{ticket_a.number}/assignee"
    body = {"assignee": specialist_hantverk.email}
    response = client.put(
        url, body, content_type="application/json", **as_person(specialist_hantverk)
    )
    assert response.status_code == 200 and response.json()["assignee"] == "Sara Specialist"
    refused = client.put(url, body, content_type="application/json", **as_person(superuser_a))
    assert refused.status_code == 403


def test_attachments_upload_list_and_download(client, superuser_a, ticket_a):
    headers = as_person(superuser_a)
    upload = SimpleUploadedFile("logg.txt", b"rad 1\nrad 2\n", content_type="text/plain")
    response = client.post(
        f"/api/v1/tickets/{ticket_a.number}/attachments",
        {"body": "Loggen bifogad.", "files": [upload]},
        **headers,
    )
    assert response.status_code == 201, response.content
    [file_id] = response.json()["attachments"]
    listed = client.get(f"/api/v1/tickets/{ticket_a.number}/attachments", **headers).json()
    assert [a["filename"] for a in listed] == ["logg.txt"]
    download = client.get(f"/api/v1/tickets/{ticket_a.number}/attachments/{file_id}", **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"rad 1\nrad 2\n"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_sla_state_gives_targets_and_time_left(client, bug_a, superuser_a):
    answer = client.get(f"/api/v1/tickets/{bug_a.number}/sla", **as_person(superuser_a)).json()
    assert answer["response_due_at"] and answer["clock"]
    assert answer["response_breached_at"] is None


def test_staff_record_time_and_read_it(client, ticket_a, specialist_hantverk, superuser_a):
    staff = as_person(specialist_hantverk)
    url = f"/api/v1/tickets/{ticket_a.number}/time-entries"
    response = _post(client, url, {"minutes": 30, "note": "Felsökning"}, staff)
    assert response.status_code == 201, response.content
    assert [e["minutes"] for e in client.get(url, **staff).json()] == [30]
    assert client.get(url, **as_person(superuser_a)).status_code == 403


def test_cost_proposals_go_through_billing(client, org_a, superuser_a, specialist_hantverk):
    order = factories.make_ticket(org_a, superuser_a, category="order")
    url = f"/api/v1/tickets/{order.number}/cost-proposals"
    body = {"description": "Ny rapportmall", "pricing": "fixed", "fixed_price": "4500.00"}
    response = _post(client, url, body, as_person(specialist_hantverk))
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "pending"
    listed = client.get(url, **as_person(superuser_a)).json()
    assert [p["description"] for p in listed] == ["Ny rapportmall"]


def test_a_client_system_reads_every_ticket_but_cannot_write(client, ticket_a):
    _c, token = api_client()
    headers = bearer(token)
    assert client.get(f"/api/v1/tickets/{ticket_a.number}", **headers).status_code == 200
    refused = _post(client, f"/api/v1/tickets/{ticket_a.number}/replies", {"body": "Hej"}, headers)
    assert refused.status_code == 403
    assert not Message.objects.exists()


def test_staff_read_customers_and_their_entitlements(client, org_a, superuser_a, manager, org_b):
    staff = as_person(manager)
    listed = client.get("/api/v1/customers", **staff).json()
    assert {c["org_number"] for c in listed} >= {org_a.org_number, org_b.org_number}
    one = client.get(f"/api/v1/customers/{org_a.org_number}", **staff).json()
    assert one["superusers"][0]["name"] == "Anna Berg"
    assert set(one["licences"][0]["modules"]) == {"ekonomi", "lon"}
    own = client.get("/api/v1/customers", **as_person(superuser_a)).json()
    assert [c["org_number"] for c in own] == [org_a.org_number]


def test_knowledge_search_answers(client, superuser_a):
    response = client.get("/api/v1/knowledge/search", {"q": "moms"}, **as_person(superuser_a))
    assert response.status_code == 200
    assert set(response.json()) == {"results", "suggestion", "corrected"}


def test_a_superuser_accepts_a_cost_proposal(client, org_a, superuser_a, specialist_hantverk):
    order = factories.make_ticket(org_a, superuser_a, category="order")
    url = f"/api/v1/tickets/{order.number}/cost-proposals"
    body = {"description": "Ny rapportmall", "pricing": "fixed", "fixed_price": "4500.00"}
    proposal = _post(client, url, body, as_person(specialist_hantverk)).json()
    response = _post(
        client, f"{url}/{proposal['id']}/decision", {"accept": True}, as_person(superuser_a)
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    order.refresh_from_db()
    assert order.status == "planned"


def test_staff_register_a_ticket_on_a_customers_behalf(
    client, org_a, superuser_a, specialist_hantverk
):
    """As the web's "register for a customer": the SuperUser reports, the specialist is
    recorded as having registered it."""
    data = {**NEW, "customer": org_a.org_number, "reporter": superuser_a.email.upper()}
    response = _post(client, "/api/v1/tickets", data, as_person(specialist_hantverk))
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert (ticket.reporter, ticket.organization) == (superuser_a, org_a)
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.actor == specialist_hantverk


def test_staff_must_name_a_superuser_of_the_customer(
    client, org_a, org_b, superuser_b, specialist_hantverk
):
    headers = as_person(specialist_hantverk)
    missing = _post(client, "/api/v1/tickets", NEW, headers)
    assert missing.status_code == 422 and "reporter" in missing.json()["detail"]
    wrong = {**NEW, "customer": org_a.org_number, "reporter": superuser_b.email}
    refused = _post(client, "/api/v1/tickets", wrong, headers)
    assert refused.status_code == 422
    assert "is not a SuperUser of this customer" in refused.json()["detail"]
    assert not Ticket.objects.exists()


def test_a_customer_cannot_register_for_someone_else(client, org_a, superuser_a):
    data = {**NEW, "reporter": "annan@example.se"}
    response = _post(client, "/api/v1/tickets", data, as_person(superuser_a))
    assert response.status_code == 422
    assert not Ticket.objects.exists()
