from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import actions
from kundcenter.tickets.models import Attachment
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.portal import uploads
from tests.portal.helpers import ONLY_SUPERUSERS, bug_in_validation, order_with_cost_proposal


def _page(client, ticket):
    return client.get(reverse("portal:ticket", args=[ticket.number]))


def _step(client, ticket, target):
    return client.post(
        reverse("portal:step", args=[ticket.number]), {"target": target}, follow=True
    )


def test_the_page_shows_the_ticket_and_its_public_conversation(
    client, superuser_a, bug_a, specialist_hantverk
):
    actions.reply(bug_a, specialist_hantverk, "Vi tittar på det i dag.")
    client.force_login(superuser_a)
    html = _page(client, bug_a).content.decode()
    for text in (
        bug_a.number,
        "Lönekörning kraschar",
        "Lönekörningen avbryts med felkod 500.",
        "Software bug",
        "Lön",
        "2 – business considerably hampered",
        "Anna Berg",
        "Vi tittar på det i dag.",
        "Sara Specialist",
        'class="progress"',
    ):
        assert text in html, text


def test_internal_notes_files_and_events_never_appear(
    client, superuser_a, ticket_a, specialist_hantverk, team_handel
):
    actions.reply(
        ticket_a,
        specialist_hantverk,
        "HEMLIG-ANTECKNING om kunden",
        internal=True,
        files=[uploads.png("intern-skarmbild.png")],
    )
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    actions.move_team(ticket_a, specialist_hantverk, team_handel, reason="INTERN-TEAMFLYTT")
    client.force_login(superuser_a)
    html = _page(client, ticket_a).content.decode()
    assert "HEMLIG-ANTECKNING" not in html
    assert "intern-skarmbild.png" not in html
    assert "INTERN-TEAMFLYTT" not in html
    assert "Internal note" not in html and "Assigned" not in html


def test_a_superuser_replies_with_an_attachment(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:reply", args=[ticket_a.number]),
        {"body": "Här är en skärmbild.", "attachments": [uploads.png()]},
        follow=True,
    )
    html = response.content.decode()
    assert "Här är en skärmbild." in html and "skarmbild.png" in html
    assert Attachment.objects.get().message.body == "Här är en skärmbild."


def test_a_refused_reply_keeps_the_text(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:reply", args=[ticket_a.number]),
        {"body": "Min text som inte får försvinna", "attachments": [uploads.svg()]},
    )
    html = response.content.decode()
    assert "bild.svg is not an allowed file type" in html
    assert "Min text som inte får försvinna" in html
    assert not ticket_a.messages.exists()


def test_accepting_the_cost_proposal_plans_the_order(
    client, superuser_a, org_a, specialist_hantverk
):
    order = order_with_cost_proposal(org_a, superuser_a, specialist_hantverk)
    client.force_login(superuser_a)
    assert "Accept the cost proposal" in _page(client, order).content.decode()
    _step(client, order, Status.PLANNED)
    order.refresh_from_db()
    assert order.status == Status.PLANNED


def test_declining_the_cost_proposal_closes_the_order(
    client, superuser_a, org_a, specialist_hantverk
):
    order = order_with_cost_proposal(org_a, superuser_a, specialist_hantverk)
    client.force_login(superuser_a)
    html = _step(client, order, Status.CLOSED).content.decode()
    order.refresh_from_db()
    assert (order.status, order.close_reason) == (Status.CLOSED, "declined")
    assert "register a new ticket" in html


def test_confirming_the_fix_closes_the_bug(
    client, superuser_a, bug_a, specialist_hantverk, product_dev
):
    bug = bug_in_validation(bug_a, specialist_hantverk, product_dev)
    client.force_login(superuser_a)
    assert "The fix works: close the ticket" in _page(client, bug).content.decode()
    _step(client, bug, Status.CLOSED)
    bug.refresh_from_db()
    assert (bug.status, bug.close_reason) == (Status.CLOSED, "resolved")


def test_rejecting_the_fix_returns_the_bug_to_in_progress(
    client, superuser_a, bug_a, specialist_hantverk, product_dev
):
    bug = bug_in_validation(bug_a, specialist_hantverk, product_dev)
    client.force_login(superuser_a)
    _step(client, bug, Status.IN_PROGRESS)
    bug.refresh_from_db()
    assert bug.status == Status.IN_PROGRESS


def test_a_step_the_customer_may_not_take_is_refused(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    html = _step(client, ticket_a, Status.IN_PROGRESS).content.decode()
    assert "You may not move this ticket" in html
    ticket_a.refresh_from_db()
    assert ticket_a.status == Status.NEW


def test_the_superuser_withdraws_the_ticket(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    response = client.post(
        reverse("portal:withdraw", args=[ticket_a.number]), {"reason": "Löst själv"}, follow=True
    )
    ticket_a.refresh_from_db()
    assert (ticket_a.status, ticket_a.close_reason) == (Status.CLOSED, "withdrawn")
    html = response.content.decode()
    assert "has been withdrawn" in html and "withdrawn" in html
    # Within TICKET_REOPEN_DAYS a reply reopens it (tests/surveys/test_reopen_on_customer_reply.py).
    assert "your reply reopens the ticket" in html


def test_a_ticket_closed_too_long_ago_refuses_replies(client, superuser_a, ticket_a):
    long_ago = timezone.now() - timedelta(days=settings.TICKET_REOPEN_DAYS + 1)
    actions.close(ticket_a, superuser_a, "withdrawn", now=long_ago)
    client.force_login(superuser_a)
    response = client.post(reverse("portal:reply", args=[ticket_a.number]), {"body": "Hallå?"})
    assert "Register a new ticket and mention this number" in response.content.decode()
    assert not ticket_a.messages.exists()


def test_a_plain_user_sees_no_reply_box_on_their_own_old_ticket(
    client, org_a, customer_user_a, superuser_a
):
    ticket = factories.make_ticket(org_a, superuser_a)
    ticket.reporter = customer_user_a  # reported while they were a SuperUser
    ticket.save(update_fields=["reporter"])
    client.force_login(customer_user_a)
    html = _page(client, ticket).content.decode()
    assert ONLY_SUPERUSERS in html
    assert reverse("portal:reply", args=[ticket.number]) not in html


def test_other_customers_and_plain_users_get_not_found(
    client, ticket_a, superuser_b, customer_user_a
):
    for outsider in (superuser_b, customer_user_a):
        client.force_login(outsider)
        assert _page(client, ticket_a).status_code == 404
        response = client.post(reverse("portal:withdraw", args=[ticket_a.number]), {"reason": ""})
        assert response.status_code == 404
    ticket_a.refresh_from_db()
    assert ticket_a.status == Status.NEW
