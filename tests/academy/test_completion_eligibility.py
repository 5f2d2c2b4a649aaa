"""Staff record a completed training; the SuperUser then gets support on the module."""

import pytest
from django.urls import reverse

from kundcenter.academy import actions
from kundcenter.academy.models import Enrolment
from kundcenter.accounts.models import Membership, Module, TrainingRecord
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions as ticket_actions
from tests.academy.helpers import make_session
from tests.factories import add_member, make_user


def _register(person, org):
    return ticket_actions.register_ticket(
        reporter=person,
        organization=org,
        category="support",
        title="Semesterlön",
        description="Hur räknas semesterlön?",
        module=Module.objects.get(slug="lon"),
    )


@pytest.fixture
def untrained_superuser(org_a):
    person = make_user("ny.superuser@byggmontage.se", name="Nils Ny")
    add_member(person, org_a, Membership.Role.SUPERUSER)
    return person


def test_completion_makes_the_superuser_eligible_for_the_module(
    client, org_a, untrained_superuser, specialist_hantverk
):
    session = make_session(seats=5)
    place = actions.enrol(session, untrained_superuser)
    with pytest.raises(ActionError, match="complete the official training"):
        _register(untrained_superuser, org_a)
    # The session takes place.
    session.starts_at = session.starts_at.replace(year=session.starts_at.year - 1)
    session.ends_at = session.ends_at.replace(year=session.ends_at.year - 1)
    session.save()
    client.force_login(specialist_hantverk)

    response = client.post(reverse("academy:complete", args=[place.pk]), follow=True)

    assert "has completed the training" in response.content.decode()
    place.refresh_from_db()
    assert place.status == Enrolment.Status.COMPLETED
    record = TrainingRecord.objects.get(user=untrained_superuser)
    assert record.module.slug == "lon"
    assert record.recorded_by == specialist_hantverk
    ticket = _register(untrained_superuser, org_a)
    assert ticket.number


def test_customers_cannot_record_completion(client, superuser_a, superuser_b):
    session = make_session(days_ahead=-1)
    place = Enrolment.objects.create(session=session, user=superuser_b, status="enrolled")
    client.force_login(superuser_a)

    response = client.post(reverse("academy:complete", args=[place.pk]))

    assert response.status_code == 404
    place.refresh_from_db()
    assert place.status == Enrolment.Status.ENROLLED


def test_a_session_in_the_future_cannot_be_completed(superuser_a, specialist_hantverk):
    place = actions.enrol(make_session(), superuser_a)

    with pytest.raises(ActionError, match="has not started"):
        actions.record_completion(place, specialist_hantverk)
