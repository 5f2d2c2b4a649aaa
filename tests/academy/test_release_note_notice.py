"""The newest release note shows a notice on every page until the user opens it."""

from django.urls import reverse

from tests.academy.helpers import make_release_note


def test_notice_shows_until_the_release_note_is_opened(client, customer_user_a):
    make_release_note(version="2026.20")
    newest = make_release_note(version="2026.22")
    client.force_login(customer_user_a)

    page = client.get(reverse("academy:index")).content.decode()
    assert "New release: Ekonomi 2026.22." in page
    assert reverse("academy:release_note", args=[newest.pk]) in page

    opened = client.get(reverse("academy:release_note", args=[newest.pk])).content.decode()
    assert "Snabbare <strong>momsrapport</strong>" in opened
    assert "New release:" not in opened

    assert "New release:" not in client.get(reverse("academy:index")).content.decode()


def test_notice_is_per_person(client, customer_user_a, superuser_a):
    note = make_release_note()
    client.force_login(customer_user_a)
    client.get(reverse("academy:release_note", args=[note.pk]))

    client.force_login(superuser_a)
    assert "New release:" in client.get(reverse("academy:index")).content.decode()


def test_no_notice_for_visitors(client, db):
    make_release_note()
    assert "New release:" not in client.get(reverse("accounts:login")).content.decode()


def test_release_note_body_is_sanitised(client, customer_user_a):
    note = make_release_note(body="Hej <script>alert(1)</script> **du**")
    client.force_login(customer_user_a)

    page = client.get(reverse("academy:release_note", args=[note.pk])).content.decode()

    assert "<script>alert" not in page
    assert "<strong>du</strong>" in page


def test_notice_costs_no_query_once_read(client, customer_user_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    note = make_release_note()
    client.force_login(customer_user_a)
    client.get(reverse("academy:release_note", args=[note.pk]))
    url = reverse("catalog:feedback")
    client.get(url)  # warm the per-process caches (opening hours, newest note)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()

    assert "New release:" not in page
    assert not [q for q in queries.captured_queries if "academy_" in q["sql"]]


def test_notice_read_on_another_device_disappears_here_too(client, customer_user_a):
    from django.test import Client

    note = make_release_note()
    client.force_login(customer_user_a)
    assert "New release:" in client.get(reverse("academy:index")).content.decode()
    other_device = Client()
    other_device.force_login(customer_user_a)
    other_device.get(reverse("academy:release_note", args=[note.pk]))

    assert "New release:" not in client.get(reverse("academy:index")).content.decode()
