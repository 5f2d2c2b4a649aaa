"""A ticket registered while the mail server is down: the ticket is there at once, its mail
waits in the outbox with why, and goes out — the same message — once the server is back."""

import pytest

from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_while_down(smtp, org_a, english, django_capture_on_commit_callbacks):
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english)
    return ticket


def test_the_mail_waits_with_why(registered_while_down, english):
    ticket = registered_while_down

    # Who is told what was decided at once; only the sending waits.
    assert set(OutboxItem.objects.values_list("topic", flat=True)) == {"email"}
    [row] = OutboxItem.objects.filter(recipient=english.email)
    assert ticket.number in row.summary
    assert row.payload["headers"]["X-Kundcenter-Ticket"] == ticket.number
    assert "ConnectionRefusedError" in row.last_error
    assert row.gave_up_at is None and row.next_attempt_at > row.created_at


def test_the_mail_goes_out_once_the_server_is_back(smtp, registered_while_down, english):
    ticket = registered_while_down
    [row] = OutboxItem.objects.filter(recipient=english.email)
    smtp.start()

    delivery.deliver_due(now=row.next_attempt_at)

    [sent] = smtp.to(english.email)
    assert ticket.number in sent["Subject"]
    assert sent["Message-ID"] == row.payload["headers"]["Message-ID"]  # the same message
    assert not OutboxItem.objects.exists()
    delivery.deliver_due(now=row.next_attempt_at)
    assert len(smtp.to(english.email)) == 1


def test_nothing_goes_out_before_the_time_comes(smtp, registered_while_down, english):
    [row] = OutboxItem.objects.filter(recipient=english.email)
    smtp.start()

    delivery.deliver_due(now=row.created_at)

    assert smtp.messages == []
