"""The 72-hour IMY deadline counts down in wall-clock hours and flags overdue incidents on
the list and in a banner for managers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.lib.errors import ActionError
from kundcenter.privacy import incidents
from kundcenter.privacy.models import Incident
from tests.conftest import login


def _incident(hours_ago, **kw):
    return Incident.objects.create(
        detected_at=timezone.now() - timedelta(hours=hours_ago),
        description=kw.pop("description", "Lost laptop with exported customer list"),
        **kw,
    )


def test_countdown_in_hours(db):
    now = timezone.now()
    incident = _incident(41.5, description="x")
    state = incidents.deadline(incident, now)
    assert not state.overdue
    assert state.label == "31 h left"


def test_overdue_by_hours(db):
    state = incidents.deadline(_incident(77.5), timezone.now())
    assert state.overdue
    assert state.label == "overdue by 5 h"


def test_reported_incident_is_not_overdue(db):
    state = incidents.deadline(_incident(100, reported_to_imy_at=timezone.now()))
    assert not state.overdue


def test_list_flags_overdue_and_counts_down(client, manager, db):
    _incident(77.5, description="Overdue incident")
    _incident(41.5, description="Fresh incident")
    login(client, manager)
    text = client.get(reverse("privacy:incident_list")).content.decode()
    assert "overdue by 5 h" in text
    assert "31 h left" in text
    assert "1 incident not reported to IMY within 72 hours" in text


def test_banner_for_managers_only(client, manager, specialist_hantverk, superuser_a, db):
    _incident(80)
    banner = "1 incident not reported to IMY within 72 hours"
    login(client, manager)
    assert banner in client.get(reverse("accounts:profile")).content.decode()
    for person in (specialist_hantverk, superuser_a):
        login(client, person)
        assert banner not in client.get(reverse("accounts:profile")).content.decode()


def test_no_banner_once_reported(client, manager, db):
    _incident(80, reported_to_imy_at=timezone.now())
    login(client, manager)
    assert "not reported to IMY" not in client.get(reverse("accounts:profile")).content.decode()


def test_manager_registers_and_marks_reported(client, manager, db):
    login(client, manager)
    detected = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        reverse("privacy:incident_create"),
        {
            "detected_at": detected.strftime("%Y-%m-%dT%H:%M"),
            "description": "Mail sent to the wrong customer",
            "data_categories": "names, e-mail addresses",
            "people_affected": "12",
            "records_affected": "40",
            "measures": "Asked the recipient to delete it",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.people_affected == 12
    page = client.get(reverse("privacy:incident_detail", args=[incident.pk])).content.decode()
    assert "70 h" in page
    client.post(reverse("privacy:incident_mark_reported", args=[incident.pk]), {})
    incident.refresh_from_db()
    assert incident.reported_to_imy_at is not None


def test_future_detection_is_refused_and_input_kept(client, manager, db):
    login(client, manager)
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("privacy:incident_create"),
        {"detected_at": future.strftime("%Y-%m-%dT%H:%M"), "description": "Keep my words"},
    )
    assert response.status_code == 200
    assert "Keep my words" in response.content.decode()
    assert not Incident.objects.exists()


def test_specialist_cannot_register(specialist_hantverk, db):
    with pytest.raises(ActionError):
        incidents.register_incident(
            specialist_hantverk, detected_at=timezone.now(), description="x"
        )


@pytest.mark.parametrize("persona", ["superuser_a", "specialist_hantverk"])
def test_incident_pages_are_404_for_others(client, request, persona, db):
    incident = _incident(3)
    login(client, request.getfixturevalue(persona))
    for url in (
        reverse("privacy:incident_list"),
        reverse("privacy:incident_create"),
        reverse("privacy:incident_detail", args=[incident.pk]),
        reverse("privacy:incident_edit", args=[incident.pk]),
    ):
        assert client.get(url).status_code == 404
