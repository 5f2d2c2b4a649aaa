"""@mentions in internal notes: `@` + the local part of a colleague's e-mail address."""

import pytest
from django.urls import reverse

from kundcenter.mail.preferences import update_preferences
from kundcenter.notices.models import Notice
from kundcenter.tickets import actions
from kundcenter.tickets.mentions import mentioned_names, mentioned_staff
from tests import factories

pytestmark = pytest.mark.django_db


def test_mentions_are_local_parts_not_addresses():
    text = "Hej @Sara.Specialist och @hans.specialist. Skriv till kund@firma.se, inte @."
    assert mentioned_names(text) == {"sara.specialist", "hans.specialist"}


def test_only_active_staff_can_be_mentioned(specialist_hantverk, superuser_a, manager):
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    found = mentioned_staff("@sara.specialist @anna.berg @anna.chef @nobody")
    assert found == [specialist_hantverk]  # anna.berg is a customer, anna.chef inactive


def test_an_ambiguous_local_part_mentions_nobody(specialist_hantverk):
    factories.make_user("sara.specialist@annan.example", name="Sara Annan", staff_role="specialist")
    assert mentioned_staff("@sara.specialist") == []


def test_a_mention_in_a_note_tells_the_colleague_in_the_app_and_by_mail(
    client,
    specialist_hantverk,
    specialist_handel,
    ticket_a,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(specialist_handel)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agent:reply", args=[ticket_a.number]),
            {"kind": "internal", "body": "@sara.specialist kan du titta på momsen?"},
        )
    notice = Notice.objects.get()
    assert notice.recipient == specialist_hantverk
    assert notice.kind == Notice.Kind.MENTION
    assert notice.actor == specialist_handel
    assert "kan du titta" in notice.excerpt
    mails = [m for m in mailoutbox if m.to == [specialist_hantverk.email]]
    assert len(mails) == 1
    assert "Hans Specialist nämnde dig i en intern anteckning" in mails[0].body  # her language
    assert "kan du titta på momsen" in mails[0].body


def test_a_colleague_who_turned_mention_mail_off_gets_only_the_notice(
    specialist_hantverk, specialist_handel, ticket_a, django_capture_on_commit_callbacks, mailoutbox
):
    update_preferences(specialist_hantverk, mentions=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, specialist_handel, "@sara.specialist titta", internal=True)
    assert Notice.objects.filter(recipient=specialist_hantverk).count() == 1
    assert not [m for m in mailoutbox if m.to == [specialist_hantverk.email]]


def test_mentions_in_public_replies_and_of_oneself_tell_nobody(
    specialist_hantverk, ticket_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, specialist_hantverk, "@sara.specialist public", internal=False)
        actions.reply(ticket_a, specialist_hantverk, "@sara.specialist note to self", internal=True)
    assert not Notice.objects.exists()


def test_a_colleague_who_may_not_open_the_ticket_is_not_told(
    specialist_hantverk, product_dev, ticket_a, django_capture_on_commit_callbacks
):
    # The product department sees only tickets in its lane; this one is in support.
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, specialist_hantverk, "@per.utvecklare kolla", internal=True)
    assert not Notice.objects.exists()
