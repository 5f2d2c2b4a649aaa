"""Cancelling a seat moves the first person on the waiting list up."""

import pytest
from django.urls import reverse

from kundcenter.academy import actions
from kundcenter.academy.models import Enrolment
from kundcenter.lib.errors import ActionError
from tests.academy.helpers import make_session
from tests.factories import make_user

Status = Enrolment.Status


def test_cancelling_a_seat_moves_the_first_waiting_person_up(client, db):
    session = make_session(seats=1)
    holder, first, second = make_user(), make_user(), make_user()
    seat = actions.enrol(session, holder)
    waiting_first = actions.enrol(session, first)
    waiting_second = actions.enrol(session, second)
    assert (waiting_first.status, waiting_second.status) == (Status.WAITING, Status.WAITING)
    client.force_login(holder)

    response = client.post(reverse("academy:cancel", args=[seat.pk]), follow=True)

    assert "The enrolment is cancelled." in response.content.decode()
    seat.refresh_from_db()
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert seat.status == Status.CANCELLED
    assert waiting_first.status == Status.ENROLLED
    assert waiting_second.status == Status.WAITING


def test_cancelling_a_waiting_place_moves_nobody(db):
    session = make_session(seats=1)
    holder, waiting = make_user(), make_user()
    actions.enrol(session, holder)
    place = actions.enrol(session, waiting)

    assert actions.cancel(place, waiting) is None

    assert Enrolment.objects.get(user=holder).status == Status.ENROLLED
    assert Enrolment.objects.filter(status=Status.ENROLLED).count() == 1


def test_someone_else_cannot_cancel_my_place(client, superuser_a, superuser_b):
    session = make_session(seats=3)
    place = actions.enrol(session, superuser_a)
    client.force_login(superuser_b)

    response = client.post(reverse("academy:cancel", args=[place.pk]))

    assert response.status_code == 404
    place.refresh_from_db()
    assert place.status == Status.ENROLLED


def test_a_cancelled_place_cannot_be_cancelled_again(superuser_a):
    place = actions.enrol(make_session(), superuser_a)
    actions.cancel(place, superuser_a)

    with pytest.raises(ActionError, match="no longer active"):
        actions.cancel(place, superuser_a)


def test_cancelled_person_may_enrol_again(superuser_a):
    session = make_session(seats=1)
    place = actions.enrol(session, superuser_a)
    actions.cancel(place, superuser_a)

    again = actions.enrol(session, superuser_a)

    assert again.status == Status.ENROLLED
