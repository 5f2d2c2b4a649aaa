"""`manage.py load_demo`: realistic demo data that can be loaded any number of times."""

from io import StringIO

import pytest
from django.core.management import call_command

from kundcenter.accounts.models import Licence, Membership, Organization, User
from kundcenter.demo import data as demo_data
from kundcenter.lib.orgnr import normalize_org_number
from kundcenter.tickets.models import Attachment, Message, Ticket, TicketEvent
from kundcenter.tickets.workflows import Category, Status

pytestmark = pytest.mark.django_db

COUNTED = (Organization, Licence, Membership, User, Ticket, Message, TicketEvent, Attachment)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_twice_duplicates_nothing():
    first_output = load_demo()
    first = counts()
    second_output = load_demo()
    assert counts() == first
    assert first["Organization"] == len(demo_data.CUSTOMERS)
    assert first["Ticket"] == len(demo_data.TICKETS)
    # `make run` shows the logins every time it starts.
    for output in (first_output, second_output):
        assert demo_data.DEMO_PASSWORD in output
        for person in demo_data.PEOPLE:
            if person.featured:
                assert person.email in output


def test_every_demo_login_can_log_in(client):
    load_demo()
    for email in [p.email for p in demo_data.PEOPLE]:
        assert client.login(username=email, password=demo_data.DEMO_PASSWORD), email
        client.logout()


def test_every_role_has_a_demo_person():
    load_demo()
    people = {p.key: User.objects.get(email=p.email) for p in demo_data.PEOPLE}
    superusers = Membership.objects.filter(role=Membership.Role.SUPERUSER)
    teams_with_superuser = {m.organization.industry.team.slug for m in superusers}
    assert teams_with_superuser == {demo_data.TEAM_HANTVERK, demo_data.TEAM_HANDEL}
    assert Membership.objects.filter(role=Membership.Role.USER).exists()
    specialist_teams = {
        u.team.slug for u in User.objects.filter(staff_role=User.StaffRole.SPECIALIST)
    }
    assert specialist_teams == {demo_data.TEAM_HANTVERK, demo_data.TEAM_HANDEL}
    roles = {u.staff_role for u in people.values()}
    assert {"manager", "product", "consultant", "admin"} <= roles
    admin = people["admin"]
    assert admin.is_staff and admin.is_superuser


def test_customers_look_real():
    load_demo()
    for org in Organization.objects.all():
        assert normalize_org_number(org.org_number) == org.org_number
        for licence in org.licences.all():
            assert 2 <= licence.modules.count() <= 8
    overdue = Organization.objects.filter(payment_standing="overdue")
    assert [o.name for o in overdue] == ["Säkerhetslås Syd AB"]


def test_tickets_cover_every_category_and_many_states():
    load_demo()
    assert set(Ticket.objects.values_list("category", flat=True)) == set(Category.values)
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.IN_PROGRESS, Status.WAITING, Status.CLOSED} <= statuses
    assert len(statuses) >= 7
    assert Message.objects.filter(internal=True).exists()
    # Spread over the last weeks, and every change is in the history.
    dates = {t.created_at.date() for t in Ticket.objects.all()}
    assert len(dates) >= 10
    for ticket in Ticket.objects.all():
        assert ticket.events.filter(kind="created").count() == 1
