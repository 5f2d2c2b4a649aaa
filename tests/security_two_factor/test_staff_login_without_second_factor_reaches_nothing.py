"""Staff who gave the right password but no second factor reach nothing but the
verification page (or, without an app yet, the set-up page): every other page, staff-only
or not, redirects there, keeping the page asked for in ?next=."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.lib.machine import is_machine_path
from kundcenter.tickets.models import Message
from tests import factories
from tests.security_two_factor.helpers import app_code, enrolled, log_in_with_password

# Reachable while the second factor is owed (besides the step's own page).
STILL_REACHABLE = {"accounts:logout", "set_language"}


def _pages_without_arguments(resolver=None, namespace=""):
    """Every named URL of the site that takes no arguments (the API and the mail gate,
    which take bearer tokens and no sessions, aside)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner.startswith("api"):
                continue
            yield from _pages_without_arguments(
                pattern, f"{namespace}{inner}:" if inner else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            try:
                url = reverse(name)
            except Exception:  # needs arguments
                continue
            if not is_machine_path(url):
                yield name, url


def _every_page(ticket, org):
    pages = dict(_pages_without_arguments())
    pages.update(
        {
            "agent:ticket": reverse("agent:ticket", args=[ticket.number]),
            "portal:ticket": reverse("portal:ticket", args=[ticket.number]),
            "accounts:organization_detail": reverse("accounts:organization_detail", args=[org.pk]),
            "accounts:customer_events": reverse("accounts:customer_events", args=[org.pk]),
        }
    )
    return {name: url for name, url in pages.items() if name not in STILL_REACHABLE}


@pytest.fixture
def specialist_with_admin_site(team_hantverk):
    """A specialist who may also use the admin site: the most a password could open."""
    return factories.make_user(
        "stina.specialist@kundcenter.example",
        staff_role="specialist",
        team=team_hantverk,
        is_staff=True,
        is_superuser=True,
    )


@pytest.mark.parametrize("has_app", [True, False], ids=["with-app", "first-login"])
def test_staff_login_without_second_factor_reaches_nothing(
    client, specialist_with_admin_site, ticket_a, org_a, has_app
):
    staff = specialist_with_admin_site
    if has_app:
        enrolled(staff)
    step = "accounts:two_factor_verify" if has_app else "accounts:two_factor_set_up"
    step_url = reverse(step)
    queue_url = reverse("agent:queue")
    login = log_in_with_password(client, staff, next_url=queue_url)
    assert client.get(login["Location"])["Location"] == f"{step_url}?next=%2Fagent%2F"

    for name, url in _every_page(ticket_a, org_a).items():
        if name == step:
            continue
        response = client.get(url)
        assert response.status_code == 302, name
        location = urlsplit(response["Location"])
        assert location.path == step_url, name
        assert parse_qs(location.query)["next"] == [url], name

    # Posting changes nothing either.
    messages_before = Message.objects.count()
    response = client.post(reverse("agent:reply", args=[ticket_a.number]), {"body": "Hej"})
    assert response.status_code == 302 and response["Location"].startswith(step_url)
    assert Message.objects.count() == messages_before

    # With the second factor, the same session is served the queue and the ticket.
    assert client.get(step_url).status_code == 200
    device = TOTPDevice.objects.get(user=staff)
    client.post(step_url, {"code": app_code(device), "next": queue_url})
    assert client.get(queue_url).status_code == 200
    ticket_page = client.get(reverse("agent:ticket", args=[ticket_a.number]))
    assert ticket_a.title in ticket_page.content.decode()


def test_the_waiting_page_shows_no_staff_navigation_or_notices(client, manager):
    enrolled(manager)
    log_in_with_password(client, manager)
    page = client.get(reverse("accounts:two_factor_verify")).content.decode()
    assert "Two-factor authentication" in page
    assert reverse("agent:queue") not in page
    assert reverse("accounts:organization") not in page
    assert reverse("privacy:incident_list") not in page
    assert "Log out" in page
