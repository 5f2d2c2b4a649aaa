"""A plain GET of the main pages writes nothing beyond the processing-log row the law asks
for (issue 15): no session save (refreshed at most every SESSION_REFRESH_SECONDS), no
second-factor device lookup written back, nothing else."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets import actions

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


def writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]


def read_twice(client, url):
    """The second of two GETs (the first after login remembers the second-factor check)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return writes(captured)


@pytest.fixture
def answered(ticket_a, specialist_hantverk):
    actions.reply(ticket_a, specialist_hantverk, "Vi tittar på det.")
    return ticket_a


def test_the_agent_queue_writes_nothing(client, specialist_hantverk, answered):
    client.force_login(specialist_hantverk)
    assert read_twice(client, reverse("agent:queue")) == []


def test_the_portal_list_writes_nothing(client, superuser_a, answered):
    client.force_login(superuser_a)
    assert read_twice(client, reverse("portal:list")) == []


def test_the_portal_ticket_page_writes_nothing(client, superuser_a, answered):
    # A customer reading their own ticket is not staff processing personal data.
    client.force_login(superuser_a)
    assert read_twice(client, reverse("portal:ticket", args=[answered.number])) == []


def test_the_agent_ticket_page_writes_only_its_processing_log_row(
    client, specialist_hantverk, answered
):
    client.force_login(specialist_hantverk)
    found = read_twice(client, reverse("agent:ticket", args=[answered.number]))
    table = ProcessingLogEntry._meta.db_table
    assert len(found) == 1, found
    assert found[0].lstrip().upper().startswith(f'INSERT INTO "{table.upper()}"'), found


def test_the_second_factor_is_checked_from_the_session(client, specialist_hantverk, answered):
    client.force_login(specialist_hantverk)
    url = reverse("agent:queue")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "otp_" in q["sql"]]


def test_a_removed_app_stops_counting_at_the_next_refresh(client, specialist_hantverk, settings):
    from kundcenter.accounts import two_factor
    from kundcenter.accounts.middleware import REFRESHED

    client.force_login(specialist_hantverk)
    url = reverse("agent:queue")
    assert client.get(url).status_code == 200
    two_factor.reset(specialist_hantverk)
    session = client.session
    session[REFRESHED] -= settings.SESSION_REFRESH_SECONDS
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_set_up"))


def test_templates_are_loaded_once_in_production():
    from django.template import engines
    from django.template.loaders.cached import Loader

    # DEBUG is off in tests as in production; Django then caches compiled templates.
    [loader] = engines["django"].engine.template_loaders
    assert isinstance(loader, Loader)
