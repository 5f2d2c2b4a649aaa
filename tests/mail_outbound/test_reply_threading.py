"""Mail about one ticket threads in mail clients: every later mail answers the first."""

import pytest

from kundcenter.mail.models import InboundMessage, OutboundMessage, normalize_message_id
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_reply_mail_answers_the_registration_mail(
    smtp, org_a, english, specialist_hantverk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english)
    [registration] = smtp.to(english.email)

    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket, specialist_hantverk, "Prova att logga ut och in igen.")
    registration, answer = smtp.to(english.email)

    assert answer["In-Reply-To"] == registration["Message-ID"]
    assert answer["References"].split()[0] == registration["Message-ID"]
    assert answer["Subject"] == registration["Subject"]  # same subject: same thread
    assert answer["Message-ID"] != registration["Message-ID"]
    text = answer.get_body(("plain",)).get_content()
    assert "Sara Specialist at Service & Kvalitet has answered" in text
    assert "Prova att logga ut och in igen." in text


def test_every_mail_of_the_ticket_is_remembered_and_referenced(
    smtp, org_a, english, team_hantverk, specialist_hantverk, django_capture_on_commit_callbacks
):
    team_hantverk.email = "hantverk@kundcenter.example"
    team_hantverk.save()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket, specialist_hantverk, "Vi tittar på det.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)

    registration, answer, status = smtp.to(english.email)
    [to_team] = smtp.to(team_hantverk.email)
    sent = [registration, to_team, answer, status]
    recorded = set(
        OutboundMessage.objects.filter(ticket=ticket).values_list("message_id", flat=True)
    )
    assert recorded == {normalize_message_id(m["Message-ID"]) for m in sent}
    # The latest mail refers to the thread root and to every earlier mail.
    assert status["In-Reply-To"] == registration["Message-ID"]
    assert status["References"].split() == [m["Message-ID"] for m in sent[:3]]


def test_a_customer_reply_reaches_the_assignee_threaded(
    smtp, org_a, english, specialist_hantverk, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english)
    actions.assign(ticket, manager, specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket, english, "Felet kvarstår efter omstart.")

    [registration] = smtp.to(english.email)  # nobody is mailed their own reply
    [customer_reply] = smtp.to(specialist_hantverk.email)
    assert customer_reply["In-Reply-To"] == registration["Message-ID"]
    text = customer_reply.get_body(("plain",)).get_content()
    assert "Felet kvarstår efter omstart." in text
    assert f"/agent/arenden/{ticket.number}/" in text


def test_a_ticket_registered_by_mail_is_answered_under_the_customers_message(
    org_a, english, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english, channel="email", module=None)
        InboundMessage.objects.create(
            message_key="CAF=abc123@mail.gmail.com",
            source=InboundMessage.Source.PIPE,
            outcome=InboundMessage.Outcome.TICKET_CREATED,
            sender_email=english.email,
            ticket=ticket,
            raw=b"...",
        )

    [mail] = mailoutbox
    assert mail.extra_headers["In-Reply-To"] == "<CAF=abc123@mail.gmail.com>"
    assert mail.extra_headers["References"] == "<CAF=abc123@mail.gmail.com>"
