"""Managers and admins see every report over every ticket; the product department and
consultants see the volumes of their own lane; specialists and customers see nothing."""

import pytest
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from kundcenter.reports.access import report_ticket_scope
from kundcenter.tickets.models import Ticket
from tests.conftest import login
from tests.reports.conftest import report_table
from tests.reports.helpers import FIRST, LAST, expected_periods

PAGES = ["reports:index", "reports:volumes", "reports:deflection"]
RANGE = {"date_from": FIRST.isoformat(), "date_to": LAST.isoformat()}


def test_scope_helper_per_role(
    manager, admin_user, product_dev, consultant, specialist_hantverk, superuser_a
):
    assert report_ticket_scope(manager) == Q()
    assert report_ticket_scope(admin_user) == Q()
    assert report_ticket_scope(product_dev) == Q(lane="product")
    assert report_ticket_scope(consultant) == Q(lane="consultant")
    for user in (specialist_hantverk, superuser_a):
        with pytest.raises(Http404):
            report_ticket_scope(user)


def test_a_deactivated_manager_gets_no_reports(manager):
    manager.is_active = False
    with pytest.raises(Http404):
        report_ticket_scope(manager)


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_manager_and_admin_open_every_report(db, client, request, persona):
    login(client, request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
    assert 'href="/rapporter/"' in client.get(reverse("agent:queue")).text


@pytest.mark.parametrize("persona", ["specialist_hantverk", "superuser_a", "customer_user_a"])
def test_specialists_and_customers_get_404(db, client, request, persona):
    login(client, request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name), {"format": "csv"}).status_code == 404
    home = client.get(reverse("home"), follow=True).text
    assert 'href="/rapporter/"' not in home


def test_visitors_are_sent_to_log_in(db, client):
    response = client.get(reverse("reports:volumes"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona,lane", [("product_dev", "product"), ("consultant", "consultant")])
def test_product_and_consultants_see_only_their_lanes_volumes(
    client, request, many_tickets, persona, lane
):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:deflection")).status_code == 404
    index = client.get(reverse("reports:index")).text
    assert reverse("reports:volumes") in index and reverse("reports:deflection") not in index
    response = client.get(reverse("reports:volumes"), RANGE)
    assert response.status_code == 200
    theirs = [t for t in many_tickets if t.lane == lane]
    assert 0 < len(theirs) < len(many_tickets)
    expected = [[str(v) for v in row] for row in expected_periods(theirs, FIRST, LAST, "day")]
    assert report_table(response, "periods")[1] == expected


def test_manager_counts_every_lane(client, manager, many_tickets):
    login(client, manager)
    response = client.get(reverse("reports:volumes"), RANGE)
    expected = [[str(v) for v in row] for row in expected_periods(many_tickets, FIRST, LAST, "day")]
    assert report_table(response, "periods")[1] == expected
    assert Ticket.objects.count() == len(many_tickets)
