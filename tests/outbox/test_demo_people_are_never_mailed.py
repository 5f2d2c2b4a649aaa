"""Demo and benchmark people are invented: they get no notification, and a mail to them
is never sent, whoever recorded it."""

import pytest

from kundcenter.accounts.models import User
from kundcenter.outbox.models import OutboxItem
from tests import factories
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db

DEMO = "demo.person@example.se"


@pytest.fixture
def demo_superuser(org_a):
    user = factories.make_superuser(org_a, DEMO, "Demo Person")
    User.objects.filter(pk=user.pk).update(is_demo=True, language="en")
    user.refresh_from_db()
    return user


def test_a_demo_person_registering_a_ticket_gets_no_mail(
    smtp, org_a, demo_superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, demo_superuser)

    assert not OutboxItem.objects.filter(recipient=DEMO).exists()  # none recorded
    assert smtp.to(DEMO) == []
    assert ticket.number  # the ticket itself is there


def test_a_real_person_registering_a_ticket_gets_mail(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    """The same action for a real person: the test above would notice a mail."""
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, english)
    assert len(smtp.to(english.email)) == 1


def test_mail_recorded_for_a_demo_person_is_never_sent(smtp, demo_superuser, send_mail):
    send_mail(mail(DEMO))

    assert smtp.messages == []
    assert not OutboxItem.objects.exists()  # done with, not waiting


def test_only_the_demo_recipient_is_left_out(smtp, demo_superuser, send_mail):
    send_mail({**mail(DEMO), "to": [DEMO, "kund@example.se"]})

    [sent] = smtp.messages
    assert sent["To"] == "kund@example.se"


def test_a_demo_person_is_not_mailed_at_their_address_in_other_case(
    smtp, demo_superuser, send_mail
):
    send_mail(mail(DEMO.upper()))

    assert smtp.messages == []
