"""A staff POST that changes a ticket or a person leaves a `change` entry about the person
concerned (the ticket's reporter, the person appointed or let in), written with the
request's other entries in one INSERT; customers' own changes and work outside a request
leave none."""

from django.urls import reverse

from kundcenter.accounts.models import JoinRequest, Membership
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Lane, Status
from tests import factories
from tests.agent.helpers import ticket_url
from tests.conftest import login


def _changes():
    return list(
        ProcessingLogEntry.objects.filter(action="change").values_list(
            "actor_id", "subject_id", "object_description"
        )
    )


def test_staff_reply_is_a_change_about_the_reporter(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    response = client.post(ticket_url(ticket_a, "reply"), {"kind": "public", "body": "Hej!"})
    assert response.status_code == 302
    assert _changes() == [
        (specialist_hantverk.pk, ticket_a.reporter_id, f"ticket {ticket_a.number}")
    ]


def test_staff_internal_note_is_a_change_too(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    client.post(ticket_url(ticket_a, "reply"), {"kind": "internal", "body": "Ring kunden."})
    assert _changes() == [
        (specialist_hantverk.pk, ticket_a.reporter_id, f"ticket {ticket_a.number}")
    ]


def test_staff_transition_is_a_change_about_the_reporter(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    client.post(ticket_url(ticket_a, "transition"), {"target": Status.WAITING})
    ticket_a.refresh_from_db()
    assert ticket_a.status == Status.WAITING
    assert _changes() == [
        (specialist_hantverk.pk, ticket_a.reporter_id, f"ticket {ticket_a.number}")
    ]


def test_staff_assignment_is_a_change_about_the_reporter(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    client.post(ticket_url(ticket_a, "assign"), {"assign-assignee": "me"})
    assert _changes() == [
        (specialist_hantverk.pk, ticket_a.reporter_id, f"ticket {ticket_a.number}")
    ]


def test_a_refused_change_logs_no_change(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    client.post(ticket_url(ticket_a, "transition"), {"target": "delivered"})
    assert _changes() == []


def test_staff_appointing_a_superuser_is_a_change_about_them(client, manager, org_a, superuser_a):
    person = factories.make_user(name="Nils Ny")
    factories.add_member(person, org_a)
    login(client, manager)
    client.post(reverse("accounts:appoint_superuser", args=[org_a.pk]), {"person": person.pk})
    assert Membership.objects.get(user=person).role == Membership.Role.SUPERUSER
    assert _changes() == [(manager.pk, person.pk, f"customer page #{org_a.pk}")]


def test_staff_deciding_a_join_request_is_a_change_about_the_asker(client, manager, org_a):
    newcomer = factories.make_user(name="Nina Ny")
    join = JoinRequest.objects.create(user=newcomer, organization=org_a, message="Hej")
    login(client, manager)
    client.post(reverse("accounts:decide_join", args=[org_a.pk, join.pk]), {"decision": "reject"})
    join.refresh_from_db()
    assert join.status == JoinRequest.Status.REJECTED
    assert _changes() == [(manager.pk, newcomer.pk, f"customer page #{org_a.pk}")]


def test_customer_changing_their_own_ticket_logs_nothing(client, superuser_a, ticket_a):
    login(client, superuser_a)
    response = client.post(reverse("portal:reply", args=[ticket_a.number]), {"body": "Tack!"})
    assert response.status_code == 302
    assert not ProcessingLogEntry.objects.exists()


def test_changes_outside_a_request_log_nothing(specialist_hantverk, ticket_a):
    # E-mail ingestion, the SLA sweep and tasks call actions without a staff request.
    actions.reply(ticket_a, specialist_hantverk, "Svar via e-post")
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    assert not ProcessingLogEntry.objects.exists()


def test_a_change_with_several_events_is_one_entry_and_one_insert(
    client, specialist_hantverk, bug_a, django_assert_max_num_queries
):
    login(client, specialist_hantverk)
    with django_assert_max_num_queries(60) as queries:
        # Escalating a new bug writes two events: handed over, and its new status.
        client.post(ticket_url(bug_a, "hand_over"), {"handover-lane": Lane.PRODUCT})
    assert bug_a.events.count() >= 3  # registered, handed over, escalated
    log_queries = [
        q["sql"] for q in queries.captured_queries if "privacy_processinglogentry" in q["sql"]
    ]
    assert len(log_queries) == 1 and log_queries[0].lstrip().upper().startswith("INSERT")
    assert _changes() == [(specialist_hantverk.pk, bug_a.reporter_id, f"ticket {bug_a.number}")]
