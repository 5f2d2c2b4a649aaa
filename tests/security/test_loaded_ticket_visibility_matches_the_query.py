"""Notifications decide who may see a just-read ticket without a query of their own
(`may_see_loaded_ticket`); that decision must be the visibility rule the pages use
(`visible_tickets_filter`, through `may_see_ticket`) for every kind of person: a
SuperUser, the reporter, another member, a removed member, another customer's people,
an inactive person, each staff role and nobody."""

import pytest
from django.contrib.auth.models import AnonymousUser

from kundcenter.accounts.models import Membership, User
from kundcenter.tickets.access import may_see_loaded_ticket, may_see_ticket
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Lane
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org_a = factories.make_org("Visby Bygg AB")
    org_b = factories.make_org("Borås Trä AB")
    superuser_a = factories.make_superuser(org_a)
    superuser_b = factories.make_superuser(org_b)
    superuser_both = factories.make_superuser(org_a)
    factories.add_member(superuser_both, org_b, Membership.Role.SUPERUSER)
    reporter_a = factories.make_user()
    factories.add_member(reporter_a, org_a)
    other_member_a = factories.make_user()
    factories.add_member(other_member_a, org_a)
    # A plain member of B who reports in A as well, then leaves A.
    removed = factories.make_user()
    factories.add_member(removed, org_a)
    factories.add_member(removed, org_b)
    inactive = factories.make_superuser(org_a)
    # Plain members' tickets come in by phone or mail; here a SuperUser registers them
    # and the reporter is set after.
    tickets = [
        (org_a, reporter_a, "Reporterns ärende"),
        (org_a, superuser_a, "Superanvändarens ärende"),
        (org_a, removed, "Borttagens ärende"),
        (org_b, superuser_b, "Annan kunds ärende"),
        (org_b, removed, "Borttagens ärende hos B"),
    ]
    registrar = {org_a.pk: superuser_a, org_b.pk: superuser_b}
    made = []
    for org, reporter, title in tickets:
        ticket = factories.make_ticket(org, registrar[org.pk], title=title)
        Ticket.objects.filter(pk=ticket.pk).update(reporter=reporter)
        made.append(ticket)
    tickets = made
    Membership.objects.filter(user=removed, organization=org_a).delete()
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    product = factories.make_user(staff_role=User.StaffRole.PRODUCT)
    Ticket.objects.filter(pk=tickets[1].pk).update(lane=Lane.PRODUCT)
    people = [
        superuser_a,
        superuser_b,
        superuser_both,
        reporter_a,
        other_member_a,
        removed,
        inactive,
        factories.make_user(staff_role=User.StaffRole.SPECIALIST),
        factories.make_user(staff_role=User.StaffRole.MANAGER),
        product,
        factories.make_user(staff_role=User.StaffRole.CONSULTANT),
        factories.make_user(staff_role=User.StaffRole.ADMIN),
    ]
    return people, tickets


def test_loaded_ticket_visibility_is_the_pages_visibility(world):
    people, tickets = world
    seen = set()
    for person in people:
        for ticket in tickets:
            fresh_person = User.objects.get(pk=person.pk)  # no cached memberships
            fresh_ticket = Ticket.objects.get(pk=ticket.pk)
            expected = may_see_ticket(User.objects.get(pk=person.pk), fresh_ticket)
            assert may_see_loaded_ticket(fresh_person, fresh_ticket) == expected, (
                person.email,
                ticket.title,
            )
            seen.add(expected)
    assert seen == {True, False}  # the cases cover both answers


def test_nobody_logged_in_sees_no_loaded_ticket(world):
    _people, tickets = world
    assert not may_see_loaded_ticket(AnonymousUser(), tickets[0])
