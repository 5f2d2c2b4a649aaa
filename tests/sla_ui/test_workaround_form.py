"""Staff record a workaround on a level 1–2 bug from the SLA panel: it becomes level 3."""

import pytest
from django.urls import reverse

from kundcenter.tickets.models import TicketEvent
from tests import factories


@pytest.fixture
def level1_bug(org_a, superuser_a):
    return factories.make_ticket(org_a, superuser_a, category="bug", service_level=1)


def _post(client, ticket, reason):
    return client.post(
        reverse("agent:workaround", args=[ticket.number]),
        {"workaround-reason": reason},
        follow=True,
    )


def test_the_form_shows_on_level_1_and_2_bugs_only(
    client, specialist_hantverk, level1_bug, bug_a, org_a, superuser_a
):
    level3 = factories.make_ticket(org_a, superuser_a, category="bug", service_level=3)
    client.force_login(specialist_hantverk)
    for ticket, shown in [(level1_bug, True), (bug_a, True), (level3, False)]:
        html = client.get(reverse("agent:ticket", args=[ticket.number])).content.decode()
        assert ("Workaround provided" in html) is shown
        assert (reverse("agent:workaround", args=[ticket.number]) in html) is shown


def test_a_workaround_makes_the_bug_level_3(client, specialist_hantverk, level1_bug):
    client.force_login(specialist_hantverk)
    response = _post(client, level1_bug, "Kör lönen manuellt via filimport")
    assert response.redirect_chain[-1][0] == reverse("agent:ticket", args=[level1_bug.number])
    html = response.content.decode()
    assert "The workaround has been recorded: the ticket is now level 3." in html
    assert reverse("agent:workaround", args=[level1_bug.number]) not in html  # not twice
    level1_bug.refresh_from_db()
    assert level1_bug.service_level == 3
    event = level1_bug.events.get(kind=TicketEvent.Kind.SERVICE_LEVEL)
    assert event.reason == "Workaround provided: Kör lönen manuellt via filimport"


def test_a_workaround_needs_a_description(client, specialist_hantverk, level1_bug):
    client.force_login(specialist_hantverk)
    response = _post(client, level1_bug, "   ")
    assert response.status_code == 200
    assert "Describe the workaround." in response.content.decode()
    level1_bug.refresh_from_db()
    assert level1_bug.service_level == 1


def test_a_workaround_is_refused_on_level_3_keeping_the_text(
    client, specialist_hantverk, org_a, superuser_a
):
    level3 = factories.make_ticket(org_a, superuser_a, category="bug", service_level=3)
    client.force_login(specialist_hantverk)
    response = _post(client, level3, "Använd den gamla rapporten")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only a level 1 or 2 bug can be downgraded for a workaround." in html
    assert "Använd den gamla rapporten</textarea>" in html
    level3.refresh_from_db()
    assert level3.service_level == 3
    assert not level3.events.filter(kind=TicketEvent.Kind.SERVICE_LEVEL).exists()


def test_customers_cannot_post_a_workaround(client, superuser_a, level1_bug):
    client.force_login(superuser_a)
    url = reverse("agent:workaround", args=[level1_bug.number])
    assert client.post(url, {"workaround-reason": "Jag hittade en väg"}).status_code == 404
    level1_bug.refresh_from_db()
    assert level1_bug.service_level == 1


def test_the_workaround_url_takes_only_post(client, specialist_hantverk, level1_bug):
    client.force_login(specialist_hantverk)
    assert client.get(reverse("agent:workaround", args=[level1_bug.number])).status_code == 405
