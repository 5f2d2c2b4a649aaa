"""After an erasure no session names the person: their own sessions end, and a session
that remembers their address (a registration's `registration_sent_to`) is deleted.
Expired sessions are cleared by a periodic job."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.tasks import clear_expired_sessions
from kundcenter.accounts.views import REGISTRATION_SENT_TO
from kundcenter.celery import periodic_jobs
from kundcenter.privacy.erasure import erase_person

pytestmark = pytest.mark.django_db


def _session(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def _sessions_mentioning(text):
    return [s.pk for s in Session.objects.all() if text.lower() in str(s.get_decoded()).lower()]


def test_erasure_ends_the_persons_sessions_and_forgets_their_address(
    client, person, admin_user, superuser_a
):
    client.force_login(person)
    own = client.session.session_key
    remembered = _session(**{REGISTRATION_SENT_TO: person.email.upper()})
    unrelated = _session(**{REGISTRATION_SENT_TO: "annan@example.se"})
    assert _sessions_mentioning(person.email) == [remembered]

    erase_person(by=admin_user, user=person)

    remaining = set(Session.objects.values_list("pk", flat=True))
    assert own not in remaining and remembered not in remaining
    assert unrelated in remaining
    assert _sessions_mentioning(person.email) == []
    # The erased person's browser is logged out.
    assert client.get(reverse("portal:list")).status_code == 302


def test_erasure_by_address_forgets_a_registration_session(admin_user, db):
    remembered = _session(**{REGISTRATION_SENT_TO: "utan.konto@example.se"})
    erase_person(by=admin_user, email="utan.konto@example.se")
    assert not Session.objects.filter(pk=remembered).exists()


def test_the_periodic_job_clears_expired_sessions(db):
    expired = _session(**{REGISTRATION_SENT_TO: "gammal@example.se"})
    Session.objects.filter(pk=expired).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    current = _session(**{REGISTRATION_SENT_TO: "ny@example.se"})
    assert "clear_expired_sessions" in [job.name for job in periodic_jobs()]
    assert clear_expired_sessions() == "deleted 1 expired sessions"
    assert list(Session.objects.values_list("pk", flat=True)) == [current]


def test_run_scheduler_runs_the_session_cleanup(db):
    from io import StringIO

    expired = _session(**{REGISTRATION_SENT_TO: "gammal@example.se"})
    Session.objects.filter(pk=expired).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "clear_expired_sessions: deleted 1 expired sessions" in out.getvalue()
    assert not Session.objects.filter(pk=expired).exists()
