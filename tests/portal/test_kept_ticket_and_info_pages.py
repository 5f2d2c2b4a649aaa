"""Kept pages beyond the ticket list: the customer's ticket page and the opening-hours
and contact pages of a logged-in person are answered from memory when opened again, and
any change to what they show is seen at the next request."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kundcenter.sla.models import ClosedDay
from kundcenter.tickets import actions, phone
from tests import factories
from tests.portal.test_kept_pages import _kept, _open


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _ticket_url(ticket):
    return reverse("portal:ticket", args=[ticket.number])


def test_the_customers_ticket_page_opened_again_is_kept(
    client, superuser_a, ticket_a, django_assert_num_queries
):
    client.force_login(superuser_a)
    first = _kept(client, _ticket_url(ticket_a))
    with django_assert_num_queries(2):  # the session and the data generation
        again = _open(client, _ticket_url(ticket_a))
    assert again.page_cache_hit and again.content == first.content


def test_a_specialists_reply_shows_on_the_ticket_page_at_once(
    client, superuser_a, ticket_a, specialist_hantverk
):
    client.force_login(superuser_a)
    _kept(client, _ticket_url(ticket_a))
    actions.reply(ticket_a, specialist_hantverk, "Vi har hittat felet i lönekörningen.")
    actions.reply(ticket_a, specialist_hantverk, "Intern: kunden ringde igen.", internal=True)
    page = _open(client, _ticket_url(ticket_a))
    assert not getattr(page, "page_cache_hit", False)
    html = page.content.decode()
    assert "Vi har hittat felet i lönekörningen." in html
    assert "kunden ringde igen" not in html  # an internal note is never shown


def test_another_customers_ticket_stays_404_and_is_never_kept(
    client, superuser_a, superuser_b, org_b, ticket_a
):
    secret = factories.make_ticket(org_b, superuser_b, title="Kund B:s hemliga ärende")
    other = Client()
    other.force_login(superuser_b)
    assert secret.title in _kept(other, _ticket_url(secret)).content.decode()
    client.force_login(superuser_a)
    for _ in range(3):
        response = client.get(_ticket_url(secret))
        assert response.status_code == 404
        assert not getattr(response, "page_cache_hit", False)
        assert secret.title not in response.content.decode()


def test_a_closed_day_added_shows_on_the_opening_hours_page(client, superuser_a):
    url = reverse("opening_hours")
    client.force_login(superuser_a)
    assert "Personaldag" not in _kept(client, url).content.decode()
    ClosedDay.objects.create(date=timezone.localdate() + timedelta(days=10), name="Personaldag")
    page = _open(client, url)
    assert not getattr(page, "page_cache_hit", False)
    assert "Personaldag" in page.content.decode()


def test_a_logged_phone_call_changes_the_wait_on_the_contact_page(
    client, superuser_a, specialist_hantverk
):
    url = reverse("contact")
    client.force_login(superuser_a)
    before = _kept(client, url).content.decode()
    phone.log_call(by=specialist_hantverk, waited_seconds=240)
    page = _open(client, url)
    assert not getattr(page, "page_cache_hit", False)
    assert phone.wait_text(phone.recent_average_wait()) in page.content.decode()
    assert page.content.decode() != before


def test_the_public_pages_are_not_kept_without_a_login(client, db):
    for name in ("contact", "opening_hours"):
        for _ in range(3):
            response = client.get(reverse(name))
            assert response.status_code == 200
            assert not getattr(response, "page_cache_hit", False)


def _publish_article():
    from tests.knowledge.helpers import make_article

    make_article("Så stänger du lönemånaden", body="Steg för steg.")
    return "Så stänger du lönemånaden"


def _publish_news():
    from kundcenter.academy.models import NewsItem

    NewsItem.objects.create(
        title="Nytt kontor i Umeå",
        body="Vi har öppnat ett kontor i Umeå.",
        language="en",
        published=True,
        published_on=timezone.localdate(),
    )
    return "Nytt kontor i Umeå"


def _add_service():
    from tests.catalog.helpers import make_service

    make_service("Anpassning av lönebesked")
    return "Anpassning av lönebesked"


@pytest.mark.parametrize(
    ("url_name", "change"),
    [
        ("knowledge:index", _publish_article),
        ("academy:index", _publish_news),
        ("catalog:services", _add_service),
    ],
)
def test_the_start_pages_of_the_sections_are_kept_until_something_changes(
    client, superuser_a, url_name, change
):
    url = reverse(url_name)
    client.force_login(superuser_a)
    _kept(client, url)
    shown = change()
    page = _open(client, url)
    assert not getattr(page, "page_cache_hit", False)
    assert shown in page.content.decode()


def test_a_knowledge_search_is_never_kept(client, superuser_a):
    """A search without an answer is recorded for the editors (a write): it happens at
    every search, so the page is rendered every time."""
    client.force_login(superuser_a)
    url = reverse("knowledge:index")
    for _ in range(3):
        response = _open(client, url, q="xylofonstämning")
        assert not getattr(response, "page_cache_hit", False)
