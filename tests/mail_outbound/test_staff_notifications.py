"""Staff hear of new tickets in their team (one mail to the team's address, or a digest, by
the team's choice) and of customer replies; nobody of their own acts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kundcenter.accounts.models import Team
from kundcenter.mail import notifications
from kundcenter.mail.models import NotificationPreference
from kundcenter.tickets import actions
from tests import factories

pytestmark = pytest.mark.django_db


def addresses(outbox):
    return sorted(address for message in outbox for address in message.to)


TEAM_ADDRESS = "handel@kundcenter.example"


def test_a_new_ticket_is_one_mail_to_the_team_address_not_one_per_specialist(
    org_b,
    superuser_b,
    team_handel,
    specialist_hantverk,
    specialist_handel,
    manager,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    factories.make_user(
        "lisa.kollega@kundcenter.example", staff_role="specialist", team=team_handel
    )
    team_handel.email = TEAM_ADDRESS
    team_handel.save()
    assert team_handel.new_ticket_mail == Team.NewTicketMail.TEAM_ADDRESS  # the default
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_b, superuser_b)
    assert addresses(mailoutbox) == sorted([superuser_b.email, TEAM_ADDRESS])
    [team_mail] = [m for m in mailoutbox if m.to == [TEAM_ADDRESS]]
    assert ticket.number in team_mail.subject
    assert ticket.description in team_mail.body


def test_a_phone_registration_still_reaches_the_team_address(
    org_a, superuser_a, team_hantverk, specialist_hantverk, django_capture_on_commit_callbacks,
    mailoutbox,
):  # fmt: skip
    team_hantverk.email = "hantverk@kundcenter.example"
    team_hantverk.save()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, superuser_a, registered_by=specialist_hantverk)
    assert addresses(mailoutbox) == sorted([superuser_a.email, "hantverk@kundcenter.example"])


@pytest.mark.parametrize("address", ["", TEAM_ADDRESS])
def test_a_digest_team_gets_no_mail_per_ticket_but_one_digest_per_specialist(
    org_b, superuser_b, team_handel, specialist_handel, address,
    django_capture_on_commit_callbacks, mailoutbox,
):  # fmt: skip
    # Chosen, or the default without a team address.
    team_handel.email = address
    team_handel.new_ticket_mail = (
        Team.NewTicketMail.DIGEST if address else Team.NewTicketMail.TEAM_ADDRESS
    )
    team_handel.save()
    colleague = factories.make_user(
        "lisa.kollega@kundcenter.example", staff_role="specialist", team=team_handel
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.make_ticket(org_b, superuser_b, title="Momsen blir fel")
        second = factories.make_ticket(org_b, superuser_b, title="Lönefilen saknas")
    assert addresses(mailoutbox) == [superuser_b.email, superuser_b.email]
    mailoutbox.clear()

    later = timezone.now() + timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.team_digests(now=later)
    assert addresses(mailoutbox) == sorted([specialist_handel.email, colleague.email])
    for mail in mailoutbox:
        assert mail.subject.startswith("2 ") and team_handel.name in mail.subject
        for ticket in (first, second):
            assert ticket.number in mail.body and ticket.title in mail.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.team_digests(now=later + timedelta(hours=2))
    assert mailoutbox == []  # each ticket is in one digest only


def test_the_digest_leaves_out_what_the_specialist_registered_and_who_turned_it_off(
    org_a, superuser_a, team_hantverk, specialist_hantverk, django_capture_on_commit_callbacks,
    mailoutbox,
):  # fmt: skip
    quiet = factories.make_user(
        "tyst.kollega@kundcenter.example", staff_role="specialist", team=team_hantverk
    )
    NotificationPreference.objects.create(user=quiet, team_new_tickets=False)
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, superuser_a, registered_by=specialist_hantverk)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.team_digests(now=timezone.now() + timedelta(minutes=5))
    assert mailoutbox == []


def test_a_customer_reply_on_an_unassigned_ticket_goes_to_the_team(
    ticket_a,
    superuser_a,
    specialist_hantverk,
    specialist_handel,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, superuser_a, "Här är en skärmbild till.")
    assert addresses(mailoutbox) == [specialist_hantverk.email]
    assert "Här är en skärmbild till." in mailoutbox[0].body


def test_a_customer_reply_goes_to_the_assignee_only(
    ticket_a,
    superuser_a,
    specialist_hantverk,
    manager,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    factories.make_user(
        "lisa.kollega@kundcenter.example", staff_role="specialist", team=specialist_hantverk.team
    )
    actions.assign(ticket_a, manager, manager)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, superuser_a, "Brådskande!")
    assert addresses(mailoutbox) == [manager.email]


def test_nobody_is_told_of_a_status_change_they_made(
    ticket_a, superuser_a, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.close(ticket_a, superuser_a, "withdrawn")
    assert mailoutbox == []


def test_a_closed_ticket_tells_the_reporter_why(
    ticket_a, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    superuser_a.language = "en"
    superuser_a.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.close(ticket_a, specialist_hantverk, "duplicate", reason="Samma som 2026-000007.")
    [mail] = mailoutbox
    assert "from New to Closed" in mail.body
    assert "Duplicate: Samma som 2026-000007." in mail.body


def test_a_deactivated_or_addressless_person_gets_nothing(
    org_a, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    specialist_hantverk.is_active = False
    specialist_hantverk.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, superuser_a)
    assert addresses(mailoutbox) == [superuser_a.email]
