"""Kept pages (kundcenter.lib.page_cache): the customer's ticket list, opened again, is
answered from memory; any change to what it shows, from this process or another, a
logout, a new language or a flash message is seen at the next request, and nobody ever
gets another session's page."""

from functools import partial

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from kundcenter.accounts.sessions import SessionStore
from kundcenter.lib import page_cache
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from tests import factories

URL = reverse("portal:list")


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _open(client, url=URL, **data):
    """The list as the customer's browser gets it the second time (the first request of a
    session stamps its second-factor check and is not kept)."""
    response = client.get(url, data)
    assert response.status_code == 200
    return response


def _kept(client, url=URL):
    _open(client, url)
    _open(client, url)
    again = _open(client, url)
    assert getattr(again, "page_cache_hit", False), "the list was not answered from memory"
    return again


def test_the_list_opened_again_is_answered_without_rendering(
    client, superuser_a, ticket_a, django_assert_num_queries
):
    client.force_login(superuser_a)
    first = _kept(client)
    # Only the session and the data generation are read: no user, no tickets, no templates.
    with django_assert_num_queries(2):
        again = _open(client)
    assert again.page_cache_hit
    assert again.content == first.content
    assert ticket_a.title in again.content.decode()


def test_a_kept_answer_has_the_security_headers_of_every_page(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    kept = _kept(client)
    assert "default-src 'self'" in kept.headers["Content-Security-Policy"]
    assert kept.headers["X-Frame-Options"] == "DENY"
    assert kept.headers["Content-Type"].startswith("text/html")


def test_a_specialists_change_shows_at_the_customers_next_request(
    client, superuser_a, ticket_a, specialist_hantverk
):
    client.force_login(superuser_a)
    _kept(client)
    actions.reply(ticket_a, specialist_hantverk, "Vi tittar på det.")
    actions.transition(ticket_a, specialist_hantverk, "in_progress")
    page = _open(client)
    assert not getattr(page, "page_cache_hit", False)
    assert "In progress" in page.content.decode()


@pytest.mark.parametrize("how", ["update", "raw_sql"])
def test_a_change_made_without_the_models_save_shows_too(client, superuser_a, ticket_a, how):
    client.force_login(superuser_a)
    assert "Ny rubrik" not in _kept(client).content.decode()
    if how == "update":
        Ticket.objects.filter(pk=ticket_a.pk).update(title="Ny rubrik")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tickets_ticket SET title = %s WHERE id = %s", ["Ny rubrik", ticket_a.pk]
            )
    assert "Ny rubrik" in _open(client).content.decode()


def test_a_change_committed_by_another_process_shows_through_the_data_generation(
    client, superuser_a, ticket_a
):
    client.force_login(superuser_a)
    _kept(client)
    # Another process's write: unseen by this process's statements (the driver's own
    # cursor), so only the generation that process raises after its commit can tell.
    raw = connection.connection.cursor()
    raw.execute(
        f"UPDATE tickets_ticket SET title = 'Från en annan process' WHERE id = {ticket_a.pk}"
    )
    raw.close()
    assert "Från en annan process" not in _open(client).content.decode()  # still the kept page
    page_cache._bump()
    assert "Från en annan process" in _open(client).content.decode()


def test_a_new_ticket_of_a_colleague_shows_in_the_superusers_list(client, org_a, superuser_a):
    client.force_login(superuser_a)
    _kept(client)
    colleague = factories.make_superuser(org_a, name="Kollega Karlsson")
    factories.make_ticket(org_a, colleague, title="Kollegans ärende")
    assert "Kollegans ärende" in _open(client).content.decode()


def test_after_logout_the_kept_page_is_not_answered(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    _kept(client)
    client.post(reverse("accounts:logout"))
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_copied_cookie_after_logout_gets_no_kept_page(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    kept = _kept(client)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie  # an attacker replays the old cookie
    response = client.get(URL)
    assert response.status_code == 302
    assert response.content != kept.content


def test_nobody_gets_another_sessions_kept_page(client, superuser_a, superuser_b, ticket_a, org_b):
    other_ticket = factories.make_ticket(org_b, superuser_b, title="Kund B:s hemliga ärende")
    client.force_login(superuser_a)
    assert ticket_a.title in _kept(client).content.decode()
    other = Client()
    other.cookies["django_language"] = "en"
    other.force_login(superuser_b)
    page = _open(other).content.decode()
    assert other_ticket.title in page
    assert ticket_a.title not in page
    assert superuser_a.get_short_name() not in page


def test_a_deactivated_person_gets_no_kept_page(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    _kept(client)
    superuser_a.is_active = False
    superuser_a.save(update_fields=["is_active"])
    assert client.get(URL).status_code == 302


def test_another_language_is_another_page(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    assert "Our tickets" in _kept(client).content.decode()
    client.cookies["django_language"] = "sv"
    assert "Våra ärenden" in _open(client).content.decode()


def test_a_flash_message_is_shown_once_and_not_kept(client, superuser_a, ticket_a, rf):
    client.force_login(superuser_a)
    _kept(client)
    text = "Tack, ditt ärende är registrerat."
    client.cookies["messages"] = CookieStorage(rf.get(URL))._encode([Message(25, text)])
    assert text in _open(client).content.decode()
    for _ in range(3):
        assert text not in _open(client).content.decode()


def test_a_kept_page_is_rendered_again_after_page_cache_seconds(
    client, superuser_a, ticket_a, monkeypatch
):
    client.force_login(superuser_a)
    kept_at = 1_000_000.0
    monkeypatch.setattr(page_cache.time, "time", lambda: kept_at)
    _kept(client)
    monkeypatch.setattr(page_cache.time, "time", lambda: kept_at + 29)
    assert getattr(_open(client), "page_cache_hit", False)
    monkeypatch.setattr(page_cache.time, "time", lambda: kept_at + 30)
    assert not getattr(_open(client), "page_cache_hit", False)


def test_switched_off_with_zero_seconds(client, superuser_a, ticket_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(superuser_a)
    for _ in range(3):
        assert not getattr(_open(client), "page_cache_hit", False)


def test_another_page_of_the_list_is_another_kept_page(client, superuser_a, org_a):
    for i in range(30):
        factories.make_ticket(org_a, superuser_a, title=f"Ärende nummer {i:02d}")
    client.force_login(superuser_a)
    first = _kept(client).content.decode()
    second = _open(client, page=2).content.decode()
    assert first != second
    assert "Ärende nummer 00" in second and "Ärende nummer 00" not in first


def test_bookkeeping_writes_leave_kept_pages_alone(client, superuser_a, ticket_a):
    """A session saved elsewhere, a login attempt, a processing-log row: none of them is
    shown by a kept page, so none of them makes every kept page of every process stale."""
    client.force_login(superuser_a)
    _kept(client)
    elsewhere = SessionStore()
    elsewhere["note"] = "another browser's session"
    elsewhere.create()  # a session row written
    assert getattr(_open(client), "page_cache_hit", False)


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ("SELECT 1", None),
        ("  select * from tickets_ticket", None),
        ("SAVEPOINT s1", None),
        ("RELEASE SAVEPOINT s1", None),
        ('UPDATE "tickets_ticket" SET "title" = %s', True),
        ('INSERT INTO "tickets_message" ("body") VALUES (%s)', True),
        ('DELETE FROM "accounts_membership" WHERE id = 1', True),
        ("INSERT OR REPLACE INTO accounts_user (id) VALUES (1)", True),
        ("WITH x AS (SELECT 1) UPDATE tickets_ticket SET title = ''", True),
        ("CREATE TABLE t (id int)", True),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "privacy_processinglogentry" ("action") VALUES (%s)', False),
        ('DELETE FROM "tickets_ticketpresence" WHERE id = 1', False),
    ],
)
def test_which_statements_change_the_data_generation(sql, shown):
    assert page_cache._is_shown_write(sql) is shown


def test_a_transaction_raises_the_data_generation_once_after_its_commit(ticket_a):
    def bumps():
        return [
            func
            for _sids, func, _robust in connection.run_on_commit
            if isinstance(func, partial) and func.func is page_cache._bump
        ]

    before = page_cache.generation()
    with transaction.atomic():
        for title in ("Ett", "Två", "Tre"):
            Ticket.objects.filter(pk=ticket_a.pk).update(title=title)
    # The test's own transaction has not committed: one raise waits for it, with its alias.
    [bump] = bumps()
    assert bump.args == (connection.alias,)
    assert page_cache.generation() == before
    bump()
    assert page_cache.generation() == before + 1
