"""Every logged-in request reads its session and its user; both reads are one prepared
statement (kundcenter.lib.compiled, kundcenter.accounts.sessions) that gives the same
instance the ORM gives, on SQLite and PostgreSQL alike, and keeps Django's rules: an
expired or unknown session is nobody's, an inactive user is logged out."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.models import User
from kundcenter.accounts.sessions import _SESSION, _USER
from kundcenter.lib.compiled import Compiled
from kundcenter.tickets.models import Ticket
from tests.factories import make_org, make_superuser, make_ticket, make_user

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _one(compiled, *values):
    (found,) = compiled.objects(*values) or (None,)
    return found


# A user by key and e-mail, and by key and a comparison with the joining instant.
_BY_EMAIL = Compiled(lambda pk, email: User.objects.filter(pk=pk, email=email), strings={"email"})
_JOINED_AFTER = Compiled(
    lambda pk, at: User.objects.filter(pk=pk, date_joined__gt=at), datetimes={"at"}
)
_JOINED_FROM = Compiled(
    lambda pk, at: User.objects.filter(pk=pk, date_joined__gte=at), datetimes={"at"}
)
_JOINED_BEFORE = Compiled(
    lambda pk, at: User.objects.filter(pk=pk, date_joined__lt=at), datetimes={"at"}
)


def test_the_prepared_reads_give_what_the_orm_gives():
    user = make_user(phone="", last_login=timezone.now())
    read = _one(_USER, user.pk)
    assert _fields(read) == _fields(User.objects.get(pk=user.pk))
    assert read.last_login.tzinfo is not None
    assert read.is_active is True
    assert read._state.adding is False and read._state.db == "default"
    # A nullable foreign key and a ticket's dates and choices come back the same too.
    org = make_org()
    ticket = make_ticket(org, make_superuser(org))
    by_key = Compiled(lambda pk: Ticket.objects.filter(pk=pk))
    assert _fields(_one(by_key, ticket.pk)) == _fields(Ticket.objects.get(pk=ticket.pk))
    # The session by its key, while unexpired.
    session = Session.objects.create(
        session_key="k" * 32, session_data="{}", expire_date=timezone.now() + datetime.timedelta(1)
    )
    assert _fields(_one(_SESSION, session.session_key, timezone.now())) == _fields(session)
    assert _one(_SESSION, session.session_key, session.expire_date) is None
    assert _one(_SESSION, "x" * 32, timezone.now()) is None


def test_a_prepared_read_is_none_when_nothing_matches():
    assert _one(_USER, 987654321) is None
    user = make_user()
    assert _one(_BY_EMAIL, user.pk, "someone-else@example.se") is None
    assert _one(_BY_EMAIL, user.pk, user.email).pk == user.pk


def test_a_prepared_read_compares_with_the_lookup_given():
    user = make_user()
    joined = user.date_joined
    assert _one(_JOINED_AFTER, user.pk, joined) is None
    assert _one(_JOINED_FROM, user.pk, joined).pk == user.pk
    assert _one(_JOINED_BEFORE, user.pk, joined + datetime.timedelta(seconds=1))


def test_a_logged_in_page_reads_session_and_user_once_each(client):
    org = make_org()
    person = make_superuser(org)
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:list")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "django_session"' in s for s in sql) == 1
    assert sum('FROM "accounts_user" WHERE' in s for s in sql) == 1


def test_an_expired_session_is_logged_out(client):
    person = make_user()
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_deactivated_person_is_logged_out_at_the_next_request(client):
    person = make_user()
    client.force_login(person)
    assert client.get(reverse("accounts:profile")).status_code == 200
    User.objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(client):
    person = make_user()
    client.force_login(person)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    other = type(client)()
    other.cookies["sessionid"] = cookie
    response = other.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()


def test_a_prepared_query_gives_what_the_orm_gives_with_its_related_rows():
    from kundcenter.accounts.models import Membership

    memberships = Compiled(
        lambda user_id: (
            Membership.objects.filter(user_id=user_id)
            .select_related("organization", "organization__industry")
            .order_by("pk")
        )
    ).objects
    person = make_user()
    assert memberships(person.pk) == []
    first, second = make_org(), make_org()
    make_superuser(first, email="boss@example.se")
    from tests.factories import add_member

    add_member(person, first)
    add_member(person, second)
    by_orm = list(
        Membership.objects.filter(user_id=person.pk)
        .select_related("organization", "organization__industry")
        .order_by("pk")
    )
    prepared = memberships(person.pk)
    assert [_fields(m) for m in prepared] == [_fields(m) for m in by_orm]
    with CaptureQueriesContext(connection) as queries:
        names = [(m.organization.name, m.organization.industry.name) for m in prepared]
    assert len(queries) == 0  # the related rows came with the memberships
    assert names == [(m.organization.name, m.organization.industry.name) for m in by_orm]
    # Another person's memberships through the same prepared SQL.
    assert [m.organization_id for m in memberships(person.pk + 10_000)] == []


def test_a_prepared_query_refuses_an_id_it_cannot_find_in_the_sql():
    ignoring = Compiled(lambda user_id: User.objects.filter(is_active=True))
    with pytest.raises(ValueError):
        ignoring.objects(1)


def test_the_menu_link_follows_a_superuser_removed_elsewhere(client):
    """The memberships are read at every request, never remembered between them."""
    from kundcenter.accounts.models import Membership

    org = make_org()
    person = make_superuser(org)
    client.force_login(person)
    link = reverse("reports:our_service")
    assert link in client.get(reverse("contact")).content.decode()
    Membership.objects.filter(user=person).update(role=Membership.Role.USER)
    assert link not in client.get(reverse("contact")).content.decode()


def test_a_session_from_before_the_prepared_reads_stays_logged_in(client):
    """Sessions made before kundcenter.accounts.sessions name Django's ModelBackend."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    person = make_user()
    client.force_login(person)
    session = Session.objects.get()
    data = session.get_decoded()
    data[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert person.email in response.content.decode()
