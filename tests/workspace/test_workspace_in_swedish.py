"""The workspace speaks Swedish first: the glance, the links, the collision question."""

import pytest
from django.conf import settings
from django.urls import reverse

from kundcenter.tickets import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_the_ticket_page_in_swedish(swedish, specialist_hantverk, superuser_a, ticket_a):
    swedish.force_login(specialist_hantverk)
    page = swedish.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    for text in ("Kunden i korthet", "Länkade ärenden", "Avsluta som dubblett", "Kortkommandon"):
        assert text in page
    actions.reply(ticket_a, superuser_a, "Nytt från kunden")
    page = swedish.post(
        reverse("agent:reply", args=[ticket_a.number]),
        {"kind": "public", "body": "Mitt svar", "last_seen": "0"},
    ).content.decode()
    assert "Skicka ändå" in page
    assert "Någon annan har skrivit i ärendet" in page


def test_notifications_in_swedish(swedish, specialist_hantverk):
    swedish.force_login(specialist_hantverk)
    page = swedish.get(reverse("notices:list")).content.decode()
    assert "Aviseringar" in page and "Inga aviseringar ännu." in page
    bell = swedish.get(reverse("notices:bell")).content.decode()
    assert "Aviseringar: 0 olästa" in bell
