"""A customer's reply to a closed ticket within TICKET_REOPEN_DAYS reopens it, by the
portal and by e-mail; later it is refused as before. Where it reopens to follows the
workflow table (REOPEN_TO), and the SLA clock resumes from where it stopped."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.lib.errors import ActionError
from kundcenter.mail.ingest import ingest
from kundcenter.sla import policy
from kundcenter.tickets import actions
from kundcenter.tickets.models import Message, Ticket, TicketEvent
from kundcenter.tickets.workflows import REOPEN_TO, WORKFLOWS, Category, CloseReason, Status
from tests import factories
from tests.domain.helpers import walk_to
from tests.surveys.helpers import close_resolved, reply_mail

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)
REFUSED = "is closed. Register a new ticket and mention this number."


@pytest.fixture(autouse=True)
def _window(settings):
    settings.TICKET_REOPEN_DAYS = 14


def closed_days_ago(org, reporter, specialist, days):
    now = timezone.now()
    ticket = factories.make_ticket(org, reporter, now=now - timedelta(days=days + 2))
    return close_resolved(ticket, specialist, now=now - timedelta(days=days))


def test_a_reply_within_the_window_reopens_with_an_event(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, now=MONDAY)
    close_resolved(ticket, specialist_hantverk, now=MONDAY + timedelta(hours=2))
    actions.reply(ticket, superuser_a, "Felet är tillbaka.", now=MONDAY + timedelta(days=14))

    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.close_reason == "" and ticket.closed_at is None
    event = TicketEvent.objects.filter(ticket=ticket, kind="status").latest("pk")
    assert (event.old_value, event.new_value) == (Status.CLOSED, Status.IN_PROGRESS)
    assert event.actor == superuser_a and event.public
    assert "replied within 14 days" in event.reason
    assert ticket.messages.get().body == "Felet är tillbaka."


def test_a_reply_after_the_window_is_refused_with_the_old_message(
    org_a, superuser_a, specialist_hantverk
):
    ticket = factories.make_ticket(org_a, superuser_a, now=MONDAY)
    close_resolved(ticket, specialist_hantverk, now=MONDAY + timedelta(hours=2))
    late = MONDAY + timedelta(days=14, hours=2, seconds=1)
    with pytest.raises(ActionError, match=REFUSED):
        actions.reply(ticket, superuser_a, "Felet är tillbaka.", now=late)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert not Message.objects.filter(ticket=ticket).exists()


def test_the_window_is_a_setting(settings, org_a, superuser_a, specialist_hantverk):
    settings.TICKET_REOPEN_DAYS = 0
    ticket = factories.make_ticket(org_a, superuser_a, now=MONDAY)
    close_resolved(ticket, specialist_hantverk, now=MONDAY + timedelta(hours=2))
    with pytest.raises(ActionError, match=REFUSED):
        actions.reply(ticket, superuser_a, "Hej igen", now=MONDAY + timedelta(hours=3))


def test_staff_still_cannot_reply_on_a_closed_ticket(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, now=MONDAY)
    close_resolved(ticket, specialist_hantverk, now=MONDAY + timedelta(hours=2))
    with pytest.raises(ActionError, match=REFUSED):
        actions.reply(ticket, specialist_hantverk, "Hej", now=MONDAY + timedelta(hours=3))


@pytest.mark.parametrize("reason", [CloseReason.DUPLICATE, CloseReason.DECLINED])
def test_a_duplicate_or_declined_ticket_never_reopens(
    reason, org_a, superuser_a, specialist_hantverk
):
    ticket = factories.make_ticket(org_a, superuser_a, now=MONDAY)
    actions.close(ticket, specialist_hantverk, reason, reason="Se 2026-000009")
    with pytest.raises(ActionError, match=REFUSED):
        actions.reply(ticket, superuser_a, "Hej", now=timezone.now())


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        (Category.SUPPORT, Status.IN_PROGRESS),
        (Category.BUG, Status.DELIVERED),
        (Category.REQUEST, Status.DELIVERED),
        (Category.ORDER, Status.IN_PROGRESS),
    ],
)
def test_a_resolved_ticket_reopens_where_the_workflow_table_says(
    category, expected, org_a, superuser_a, manager
):
    assert REOPEN_TO[CloseReason.RESOLVED][category] == expected
    ticket = factories.make_ticket(org_a, superuser_a, category=category)
    closing = next(
        t
        for t in WORKFLOWS[category].transitions
        if t.target == Status.CLOSED and t.close_reason == CloseReason.RESOLVED
    )
    ticket = walk_to(ticket, closing.source, manager=manager, customer=superuser_a)
    ticket = actions.transition(ticket, manager, Status.CLOSED)
    assert ticket.close_reason == CloseReason.RESOLVED
    actions.reply(ticket, superuser_a, "En fråga till om detta.")
    ticket.refresh_from_db()
    assert ticket.status == expected
    # The reopened state is one the workflow table can close from again.
    assert expected in ticket.workflow.states


def test_a_withdrawn_ticket_reopens_to_new(org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a)
    actions.close(ticket, superuser_a, CloseReason.WITHDRAWN)
    actions.reply(ticket, superuser_a, "Jag behöver hjälp ändå.")
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_the_sla_clock_resumes_with_the_closed_time_as_paused(
    org_a, superuser_a, manager, product_dev
):
    bug = factories.make_ticket(
        org_a, superuser_a, category=Category.BUG, service_level=3, now=MONDAY
    )
    closed_at = MONDAY + timedelta(days=1)
    for target, who in (
        (Status.ESCALATED, manager),
        (Status.IN_PROGRESS, manager),
        (Status.DELIVERED, product_dev),
        (Status.VALIDATION, manager),
    ):
        bug = actions.transition(bug, who, target, now=MONDAY + timedelta(hours=1))
    bug = actions.transition(bug, superuser_a, Status.CLOSED, now=closed_at)
    before = Ticket.objects.get(pk=bug.pk)
    assert before.next_due_at is None and before.resolution_breached_at is None

    reopened_at = closed_at + timedelta(days=7)
    actions.reply(bug, superuser_a, "Felet syns igen.", now=reopened_at)
    after = Ticket.objects.get(pk=bug.pk)

    closed_business = policy.get_calendar().between(closed_at, reopened_at)
    assert closed_business.total_seconds() > 0
    assert after.paused_seconds == before.paused_seconds + int(closed_business.total_seconds())
    assert after.paused_at is None
    assert after.resolution_due_at > before.resolution_due_at
    assert after.next_due_at == after.resolution_due_at  # the clock runs again
    assert after.resolution_breached_at is None
    assert after.handling_started_at == before.handling_started_at


def test_portal_reply_within_the_window_reopens(client, org_a, superuser_a, specialist_hantverk):
    ticket = closed_days_ago(org_a, superuser_a, specialist_hantverk, days=3)
    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket.number]))
    assert "your reply reopens the ticket" in page.content.decode()
    response = client.post(
        reverse("portal:reply", args=[ticket.number]), {"body": "Det krånglar igen."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


def test_portal_reply_after_the_window_is_refused(client, org_a, superuser_a, specialist_hantverk):
    ticket = closed_days_ago(org_a, superuser_a, specialist_hantverk, days=15)
    client.force_login(superuser_a)
    page = client.get(reverse("portal:ticket", args=[ticket.number]))
    assert "Replies are no longer possible" in page.content.decode()
    assert 'id="reply-heading"' not in page.content.decode()
    response = client.post(
        reverse("portal:reply", args=[ticket.number]), {"body": "Det krånglar igen."}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_email_reply_within_the_window_reopens(org_a, superuser_a, specialist_hantverk):
    ticket = closed_days_ago(org_a, superuser_a, specialist_hantverk, days=3)
    result = ingest(reply_mail(superuser_a, ticket))
    assert result.outcome == "reply_added"
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.messages.get().channel == "email"
    assert Ticket.objects.count() == 1


def test_email_reply_after_the_window_becomes_a_new_ticket_that_says_so(
    org_a, superuser_a, specialist_hantverk
):
    ticket = closed_days_ago(org_a, superuser_a, specialist_hantverk, days=15)
    result = ingest(reply_mail(superuser_a, ticket))
    assert result.outcome == "ticket_created"
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert f"Sent as a reply to ticket {ticket.number}, which is closed" in (
        result.ticket.description
    )
