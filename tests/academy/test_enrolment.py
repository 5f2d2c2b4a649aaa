"""Enrolling on a training session, through the course page."""

from django.urls import reverse

from kundcenter.academy.models import Enrolment
from tests.academy.helpers import make_session
from tests.factories import make_user


def test_customer_enrols_on_a_session_with_free_seats(client, superuser_a):
    session = make_session(seats=2)
    client.force_login(superuser_a)

    response = client.post(reverse("academy:enrol", args=[session.pk]), follow=True)

    assert "You are enrolled." in response.content.decode()
    enrolment = Enrolment.objects.get(session=session, user=superuser_a)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert "1 of 2 free" in response.content.decode()


def test_full_session_puts_the_next_person_on_the_waiting_list(client, superuser_a):
    session = make_session(seats=1)
    client.force_login(make_user())
    client.post(reverse("academy:enrol", args=[session.pk]))
    client.force_login(superuser_a)

    response = client.post(reverse("academy:enrol", args=[session.pk]), follow=True)

    assert "you are on the waiting list" in response.content.decode()
    assert Enrolment.objects.get(user=superuser_a).status == Enrolment.Status.WAITING


def test_enrolling_twice_is_refused_with_a_message(client, superuser_a):
    session = make_session(seats=5)
    client.force_login(superuser_a)
    client.post(reverse("academy:enrol", args=[session.pk]))

    response = client.post(reverse("academy:enrol", args=[session.pk]), follow=True)

    assert "already enrolled" in response.content.decode()
    assert Enrolment.objects.filter(user=superuser_a).count() == 1


def test_past_session_cannot_be_enrolled(client, superuser_a):
    session = make_session(days_ahead=-1)
    client.force_login(superuser_a)

    response = client.post(reverse("academy:enrol", args=[session.pk]), follow=True)

    assert "already started" in response.content.decode()
    assert not Enrolment.objects.exists()
