"""A person removed from a customer loses its tickets at once: visibility follows current
membership, not who once reported the ticket. Neither pages, files, the ticket list nor
notification mail reach them after the removal."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import Membership
from kundcenter.tickets import actions
from kundcenter.tickets.models import Attachment, Ticket
from tests import factories
from tests.portal import uploads

pytestmark = pytest.mark.django_db

LATER_REPLY = "Svar skrivet efter att personen tagits bort"


@pytest.fixture
def reporter(org_a, superuser_a):
    """A plain member of customer A who reported a ticket (by phone, through staff)."""
    person = factories.make_superuser(org_a, "kim.former@bygg.se", name="Kim Tidigare")
    return person


@pytest.fixture
def reported(org_a, reporter):
    return factories.make_ticket(org_a, reporter, files=[uploads.png("skarmbild.png")])


def remove_from_customer(person, org):
    Membership.objects.filter(user=person, organization=org).delete()


def test_a_member_sees_what_they_reported(client, reporter, reported):
    client.force_login(reporter)
    assert client.get(reverse("portal:ticket", args=[reported.number])).status_code == 200


def test_after_removal_the_ticket_page_list_and_files_are_gone(
    client, org_a, reporter, reported, specialist_hantverk
):
    remove_from_customer(reporter, org_a)
    actions.reply(reported, specialist_hantverk, LATER_REPLY)
    attachment = Attachment.objects.get(ticket=reported)
    client.force_login(reporter)
    page = client.get(reverse("portal:ticket", args=[reported.number]))
    assert page.status_code == 404
    assert LATER_REPLY not in page.content.decode()
    file_url = reverse("portal:attachment", args=[reported.number, attachment.pk])
    assert client.get(file_url).status_code == 404
    listing = client.get(reverse("portal:list")).content.decode()
    assert reported.number not in listing
    fresh = type(reporter).objects.get(pk=reporter.pk)  # no cached memberships
    assert not Ticket.objects.visible_to(fresh).exists()


def test_a_removed_plain_reporter_also_loses_the_ticket(client, org_a, reporter, reported):
    # Demoted to a plain user first, then removed: no path through "they reported it".
    Membership.objects.filter(user=reporter).update(role=Membership.Role.USER)
    client.force_login(reporter)
    assert client.get(reverse("portal:ticket", args=[reported.number])).status_code == 200
    remove_from_customer(reporter, org_a)
    reporter = type(reporter).objects.get(pk=reporter.pk)  # a fresh membership cache
    client.force_login(reporter)
    assert client.get(reverse("portal:ticket", args=[reported.number])).status_code == 404


def test_a_removed_person_is_not_mailed_new_replies_or_status_changes(
    org_a, reporter, reported, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    remove_from_customer(reporter, org_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(reported, specialist_hantverk, LATER_REPLY)
        actions.close(reported, specialist_hantverk, "duplicate", reason="Dubblett av ett annat.")
    assert reporter.email not in [a for m in mailoutbox for a in m.to]


def test_a_current_member_is_still_mailed_replies(
    reporter, reported, specialist_hantverk, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(reported, specialist_hantverk, "Vi tittar på det.")
    assert reporter.email in [a for m in mailoutbox for a in m.to]
