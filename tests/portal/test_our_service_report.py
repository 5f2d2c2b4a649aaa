"""'Vår service till er': a customer's SuperUsers see their own organisation's figures,
and nobody sees another customer's."""

import pytest
from django.urls import reverse

from kundcenter.tickets.models import PhoneCall
from tests import factories
from tests.conftest import login
from tests.reports.helpers import local
from tests.reports.sla_helpers import row, sla_tickets

URL = reverse("reports:our_service")
RANGE = {"date_from": "2026-09-01", "date_to": "2026-10-31"}


@pytest.fixture
def tickets(org_a, superuser_a, org_b, superuser_b):
    return sla_tickets(40, [(org_a, superuser_a), (org_b, superuser_b)])


def in_range(tickets, org):
    return [
        t
        for t in tickets
        if t.organization_id == org.pk
        and local(2026, 9, 1, 0) <= t.created_at < local(2026, 11, 1, 0)
    ]


def level_figures(response):
    return {
        label: [
            g["handled_in_time"],
            g["handled_late"],
            g["handling_share"],
            g["resolved_in_time"],
            g["resolution_breached"],
            g["resolution_share"],
        ]
        for label, g in response.context["level_rows"]
    }


def expected_levels(tickets):
    result = {}
    for level in range(1, 6):
        mine = [
            t
            for t in tickets
            if t.service_level == level and (t.response_due_at or t.resolution_due_at)
        ]
        if mine:
            result[level] = row("", mine)[1:7]
    return result


def test_superusers_see_their_own_figures(client, org_a, superuser_a, org_b, superuser_b, tickets):
    for org, user in ((org_a, superuser_a), (org_b, superuser_b)):
        login(client, user)
        response = client.get(URL, RANGE)
        assert response.status_code == 200
        assert response.context["organization"] == org
        mine = in_range(tickets, org)
        expected = expected_levels(mine)
        got = level_figures(response)
        assert list(got.values()) == list(expected.values())
        categories = {
            str(label): total for label, _counts, total in response.context["category_rows"]
        }
        expected_categories = {}
        for t in mine:
            label = str(t.get_category_display())
            expected_categories[label] = expected_categories.get(label, 0) + 1
        assert categories == expected_categories
        client.logout()


def test_another_customers_superuser_sees_different_figures(
    client, superuser_a, superuser_b, tickets
):
    login(client, superuser_a)
    a = client.get(URL, RANGE)
    login(client, superuser_b)
    b = client.get(URL, RANGE)
    assert level_figures(a) != level_figures(b)
    assert a.context["total"] != b.context["total"]


def test_a_superuser_cannot_ask_for_another_customer(client, superuser_a, org_b, tickets):
    login(client, superuser_a)
    assert client.get(URL, {**RANGE, "kund": org_b.pk}).status_code == 404


@pytest.mark.parametrize("persona", ["customer_user_a", "specialist_hantverk", "manager"])
def test_plain_users_and_staff_get_404(db, client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_visitors_are_sent_to_log_in(db, client):
    assert client.get(URL).status_code == 302


def test_the_navigation_links_it_for_superusers_only(client, superuser_a, customer_user_a):
    login(client, superuser_a)
    assert f'href="{URL}"' in client.get(reverse("portal:list")).text
    login(client, customer_user_a)
    assert f'href="{URL}"' not in client.get(reverse("portal:list")).text


EVERY_CUSTOMER_PAGE = ("knowledge:index", "academy:index", "accounts:profile", "portal:list")


@pytest.mark.parametrize("page", EVERY_CUSTOMER_PAGE)
def test_superusers_see_the_link_on_every_customer_page(client, superuser_a, page):
    login(client, superuser_a)
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert f'href="{URL}"' in response.text


@pytest.mark.parametrize("page", EVERY_CUSTOMER_PAGE)
def test_plain_users_do_not_see_the_link(client, customer_user_a, page):
    login(client, customer_user_a)
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert f'href="{URL}"' not in response.text


@pytest.mark.parametrize("page", ("knowledge:index", "academy:index", "accounts:profile"))
@pytest.mark.parametrize("persona", ["specialist_hantverk", "manager"])
def test_staff_do_not_see_the_link(db, client, request, persona, page):
    login(client, request.getfixturevalue(persona))
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert f'href="{URL}"' not in response.text


def test_a_removed_superuser_loses_the_link_on_the_next_page(client, org_a, superuser_a):
    login(client, superuser_a)
    assert f'href="{URL}"' in client.get(reverse("knowledge:index")).text
    superuser_a.memberships.filter(organization=org_a).update(role="user")
    assert f'href="{URL}"' not in client.get(reverse("knowledge:index")).text


def test_the_phone_wait_line_is_shown(client, superuser_a, team_hantverk):
    from django.utils import timezone

    PhoneCall.objects.create(
        started_at=timezone.now(), waited_seconds=180, team=team_hantverk, source="staff"
    )
    login(client, superuser_a)
    assert "3 minutes – average wait for tickets by phone" in client.get(URL).text


def test_a_bad_range_is_no_500(client, superuser_a):
    login(client, superuser_a)
    response = client.get(URL, {"date_from": "2026-10-31", "date_to": "2026-10-01"})
    assert response.status_code == 200
    assert "The end date comes before the start date." in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_queries_do_not_grow(client, org_a, superuser_a, count, django_assert_max_num_queries):
    sla_tickets(count, [(org_a, superuser_a)], seed=count)
    login(client, superuser_a)
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert client.get(URL, RANGE).status_code == 200


def test_a_superuser_of_two_customers_chooses(client, org_a, org_b, superuser_a, tickets):
    factories.add_member(superuser_a, org_b, role="superuser")
    login(client, superuser_a)
    response = client.get(URL, {**RANGE, "kund": org_b.pk})
    assert response.context["organization"] == org_b
