"""The support manager and admins land on the overview after logging in (the "home"
address); specialists keep their queue, customers their tickets. Everyone else gets a
404 from the overview, visitors the login page."""

import pytest
from django.urls import reverse

from tests.conftest import login

DASHBOARD = reverse("reports:dashboard")

# The personas come through request.getfixturevalue: ask for the database up front, so
# these run with the other database tests and before the browser tests.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,landing",
    [
        ("manager", "reports:dashboard"),
        ("admin_user", "reports:dashboard"),
        ("specialist_hantverk", "agent:queue"),
        ("product_dev", "agent:queue"),
        ("consultant", "agent:queue"),
        ("superuser_a", "portal:list"),
        ("customer_user_a", "portal:list"),
    ],
)
def test_home_sends_each_role_to_its_landing_page(client, request, persona, landing):
    login(client, request.getfixturevalue(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_managers_and_admins_see_the_overview_in_the_menu(client, request, persona):
    login(client, request.getfixturevalue(persona))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert f'href="{DASHBOARD}" aria-current="page"' in response.text
    keys = [built.panel.key for built in response.context["panels"]]
    assert keys == ["open", "new-today", "due-soon", "breaches", "compliance"]


@pytest.mark.parametrize(
    "persona",
    ["specialist_hantverk", "product_dev", "consultant", "superuser_a", "customer_user_a"],
)
def test_everyone_else_gets_404_and_no_menu_link(client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(DASHBOARD).status_code == 404
    assert client.get(DASHBOARD, headers={"HX-Request": "true"}).status_code == 404
    assert f'href="{DASHBOARD}"' not in client.get(reverse("home"), follow=True).text


def test_visitors_are_sent_to_log_in(db, client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_panels_refresh_over_htmx_without_the_page_around_them(client, manager):
    login(client, manager)
    page = client.get(DASHBOARD, {"hours": "6"}).text
    assert 'hx-trigger="every 60s"' in page and f'hx-get="{DASHBOARD}?hours=6"' in page
    assert "<script>" not in page.split("</head>")[1]  # no inline scripts (CSP)
    partial = client.get(DASHBOARD, {"hours": "6"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'data-panel="due-soon"' in partial.text
    assert partial.context["options"].due_soon_hours == 6
    assert "HX-Request" in partial["Vary"]
