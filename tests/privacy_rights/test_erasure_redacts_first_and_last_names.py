"""Erasure redacts the person's first name and last name on their own tickets, each
alone, as whole words in any case: "Hej Zebulon!" in a staff reply, the surname in a
mail subject, the first name in a mail a colleague sent. A first name elsewhere is
someone else's and stays; a word that merely contains the name stays too."""

import pytest

from kundcenter.mail.models import InboundMessage
from kundcenter.privacy.erasure import ANONYMOUS_NAME, erase_person
from kundcenter.tickets import actions
from kundcenter.tickets.models import Message, Ticket
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zebulon(org_a):
    return factories.make_superuser(org_a, "zebulon.zorn@bygg.se", "Zebulon Zorn")


@pytest.fixture
def own_ticket(org_a, zebulon):
    return factories.make_ticket(org_a, zebulon, title="Lönefil från zorn")


def test_first_and_last_names_alone_are_redacted_on_own_tickets(
    own_ticket, zebulon, specialist_hantverk, admin_user
):
    greeting = actions.reply(own_ticket, specialist_hantverk, "Hej Zebulon! Vi ringer dig.")
    shouting = actions.reply(own_ticket, specialist_hantverk, "ZEBULON, svara gärna.")
    mail = InboundMessage.objects.create(
        message_key="reply-1@bygg.se",
        source="imap",
        sender_email="kollega@bygg.se",
        subject="Sv: ärendet för Zorn",
        outcome="reply_added",
        ticket=own_ticket,
        raw=b"From: kollega@bygg.se\r\nSubject: Sv\r\n\r\nZebulon bad mig skriva.",
    )
    by_mail = Message.objects.create(
        ticket=own_ticket, author=None, body="Zebulon bad mig skriva.", channel="email"
    )

    erase_person(by=admin_user, user=zebulon)

    greeting.refresh_from_db()
    shouting.refresh_from_db()
    by_mail.refresh_from_db()
    mail.refresh_from_db()
    own_ticket.refresh_from_db()
    assert greeting.body == f"Hej {ANONYMOUS_NAME}! Vi ringer dig."
    assert shouting.body == f"{ANONYMOUS_NAME}, svara gärna."
    assert "Zebulon" not in by_mail.body
    assert "Zorn" not in mail.subject
    assert b"zebulon" not in bytes(mail.raw).lower()
    assert "zorn" not in own_ticket.title.lower()


def test_a_first_name_on_other_peoples_tickets_and_inside_words_stays(
    org_a, superuser_a, zebulon, own_ticket, specialist_hantverk, admin_user
):
    other = factories.make_ticket(org_a, superuser_a)
    namesake = actions.reply(other, specialist_hantverk, "Hej Zebulon Andersson!")
    inside = actions.reply(own_ticket, specialist_hantverk, "Se Zornbergs rapport.")

    erase_person(by=admin_user, user=zebulon)

    namesake.refresh_from_db()
    inside.refresh_from_db()
    assert namesake.body == "Hej Zebulon Andersson!"
    assert inside.body == "Se Zornbergs rapport."


def test_the_full_name_is_redacted_only_as_whole_words(
    org_a, superuser_a, zebulon, specialist_hantverk, admin_user
):
    other = factories.make_ticket(
        org_a, superuser_a, description="Ring zebulon zorn, inte Zebulon Zornberg."
    )
    erase_person(by=admin_user, user=zebulon)
    assert Ticket.objects.get(pk=other.pk).description == (
        f"Ring {ANONYMOUS_NAME}, inte Zebulon Zornberg."
    )
