"""The people whose data a staff member processed in a period are listed from the
processing log and notified by e-mail, one message each."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kundcenter.privacy import incidents
from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.log import address_key
from kundcenter.privacy.models import Incident, ProcessingLogEntry
from kundcenter.privacy.requests import register_request
from tests.conftest import login


def _log(actor, subject=None, email="", hours_ago=1):
    return ProcessingLogEntry.objects.create(
        at=timezone.now() - timedelta(hours=hours_ago),
        actor=actor,
        subject=subject,
        # A person without an account is in the log by their address's keyed hash only.
        subject_key="" if subject else address_key(email),
        action="read",
        object_description="ticket",
    )


@pytest.fixture
def incident(db):
    return Incident.objects.create(
        detected_at=timezone.now() - timedelta(hours=2), description="Stolen staff laptop"
    )


@pytest.fixture
def logged(specialist_hantverk, specialist_handel, superuser_a, superuser_b, manager):
    # The address of the person without an account is still held: they asked for their data.
    register_request(by=manager, kind="export", email="No-Account@example.com")
    _log(specialist_hantverk, superuser_a)
    _log(specialist_hantverk, superuser_a)  # the same person twice is listed once
    _log(specialist_hantverk, email="no-account@example.com")
    _log(specialist_hantverk, email="not an address")
    _log(specialist_hantverk, email="erased-since@example.com")  # held nowhere any more
    _log(specialist_hantverk, superuser_b, hours_ago=30)  # outside the window
    _log(specialist_handel, superuser_b)  # another staff member


def test_people_processed_by_staff_member_in_window(logged, specialist_hantverk, superuser_a):
    now = timezone.now()
    people = incidents.affected_people(now - timedelta(hours=5), now, specialist_hantverk)
    assert [p.email for p in people] == sorted([superuser_a.email, "no-account@example.com"])


def test_without_staff_member_everyone_in_window(logged, superuser_a, superuser_b):
    now = timezone.now()
    emails = {p.email for p in incidents.affected_people(now - timedelta(hours=5), now)}
    assert emails == {superuser_a.email, superuser_b.email, "no-account@example.com"}


def test_list_and_notify_through_the_pages(
    client,
    manager,
    incident,
    logged,
    specialist_hantverk,
    superuser_a,
    django_capture_on_commit_callbacks,
):
    login(client, manager)
    now = timezone.localtime()
    params = {
        "start": (now - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "end": (now + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
        "actor": specialist_hantverk.pk,
    }
    url = reverse("privacy:incident_affected", args=[incident.pk])
    page = client.get(url, params).content.decode()
    assert superuser_a.email in page
    assert "no-account@example.com" in page
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, params)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [superuser_a.email, "no-account@example.com"]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert "Stolen staff laptop" in mail.outbox[0].body
    incident.refresh_from_db()
    assert incident.notified_people_at is not None


def test_bad_period_keeps_the_form(client, manager, incident):
    login(client, manager)
    url = reverse("privacy:incident_affected", args=[incident.pk])
    response = client.get(url, {"start": "2026-05-02T10:00", "end": "2026-05-01T10:00"})
    assert response.status_code == 400
    assert "The end of the period must be after its start." in response.content.decode()


def test_people_without_an_address_any_more_are_counted_not_lost(
    client, manager, incident, logged, specialist_hantverk, admin_user, superuser_a
):
    now = timezone.now()
    # "not an address" and an address held nowhere any more.
    assert incidents.affected_people(now - timedelta(hours=5), now).unreachable == 2
    erase_person(by=admin_user, user=superuser_a)
    found = incidents.affected_people(now - timedelta(hours=5), now, specialist_hantverk)
    assert [p.email for p in found] == ["no-account@example.com"]
    assert found.unreachable == 3  # and the erased account

    login(client, manager)
    local = timezone.localtime()
    page = client.get(
        reverse("privacy:incident_affected", args=[incident.pk]),
        {
            "start": (local - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
            "end": (local + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
            "actor": specialist_hantverk.pk,
        },
    ).content.decode()
    assert "3 more people were affected but have no e-mail address on file any more" in page
