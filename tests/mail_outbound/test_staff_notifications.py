"""Staff hear of new tickets in their team and of customer replies; nobody of their own acts."""

import pytest

from kundcenter.tickets import actions
from tests import factories

pytestmark = pytest.mark.django_db


def addresses(outbox):
    return sorted(address for message in outbox for address in message.to)


def test_a_new_ticket_goes_to_the_specialists_of_its_team(
    org_b,
    superuser_b,
    specialist_hantverk,
    specialist_handel,
    manager,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_b, superuser_b)
    assert addresses(mailoutbox) == sorted([superuser_b.email, specialist_handel.email])


def test_a_phone_registration_is_not_mailed_to_the_specialist_who_took_the_call(
    org_a, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = factories.make_user(
        "lisa.kollega@kundcenter.example", staff_role="specialist", team=specialist_hantverk.team
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, superuser_a, registered_by=specialist_hantverk)
    assert addresses(mailoutbox) == sorted([superuser_a.email, colleague.email])


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
