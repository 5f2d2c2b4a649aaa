"""A registration does before its answer only what the rules need (issue 15): check the
SuperUser, the licence and the training, hand out the number, insert the ticket, its
report count, its event and one outbox row. Notifications are made from that row after
the response has been sent (kundcenter.lib.after_response). The statement counts below
are the budget: a change that adds a statement to a registration fails here."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.lib import after_response
from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets.models import Ticket
from tests import factories

NEW = reverse("portal:new")
# Session, user, membership, the licensed modules with the person's trainings (read once,
# for the form's choices and the action's licence and training check), the number, the
# ticket, its report count, its event, the outbox row.
WEB_FORM_BUDGET = 9
TEST_ONLY = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def statements(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not TEST_ONLY.match(q["sql"])]


def form_data(**overrides):
    return {
        "module": Module.objects.get(slug="lon").pk,
        "category": "support",
        "title": "Semesterlönen blir fel",
        "description": "Semesterersättningen räknas på fel underlag i juni.",
        **overrides,
    }


def test_a_registration_by_the_web_form_stays_within_its_statements(
    client, superuser_a, specialist_hantverk
):
    factories.make_ticket(superuser_a.memberships.get().organization, superuser_a)  # warm
    client.force_login(superuser_a)
    assert client.get(NEW).status_code == 200  # the form, as a browser shows it first
    data = form_data()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(NEW, data)
    assert response.status_code == 302
    run = statements(captured)
    assert len(run) <= WEB_FORM_BUDGET, "\n".join(run)
    writes = [sql for sql in run if not sql.lstrip().upper().startswith("SELECT")]
    # The number, the ticket, its count, its event, the outbox row: no session save.
    assert len(writes) == 5, "\n".join(writes)
    assert not [sql for sql in run if "django_session" in sql and "SELECT" not in sql[:10]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_registration_is_answered_before_its_mail_is_made(
    client, superuser_a, specialist_hantverk, mailoutbox
):
    client.force_login(superuser_a)
    with after_response.held() as later:
        response = client.post(NEW, form_data())
    assert response.status_code == 302
    ticket = Ticket.objects.get(reporter=superuser_a)
    # The answer is out; the notification waits in the outbox, no mail made yet.
    assert mailoutbox == []
    assert OutboxItem.objects.filter(topic="ticket_registered", channel="mail").count() == 1
    after_response.run(later)
    assert [m.to for m in mailoutbox] == [[superuser_a.email]]
    assert ticket.number in mailoutbox[0].subject
    assert not OutboxItem.objects.exists()


def test_the_form_page_reads_the_modules_once_and_writes_nothing(
    client, superuser_a, specialist_hantverk
):
    """The GET before the POST: the licensed modules and trainings in one query, the
    choices listed from it (no second read, no server-side cursor), no write."""
    client.force_login(superuser_a)
    client.get(NEW)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(NEW)
    assert response.status_code == 200
    run = statements(captured)
    modules = [sql for sql in run if "accounts_module" in sql]
    assert len(modules) == 1 and "accounts_trainingrecord" in modules[0], "\n".join(run)
    assert not [sql for sql in run if not sql.lstrip().upper().startswith("SELECT")]
    assert "Lön" in response.content.decode()
