"""Staff see mail waiting in the outbox: listed in the admin, where an administrator can
have it tried again at once, and noted on the Inbound e-mail page."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.mail import outbox
from kundcenter.mail.models import PendingMail

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:mail_pendingmail_changelist"


def pending(n, *, created_at=None, gave_up=False):
    created_at = created_at or timezone.now()
    return PendingMail.objects.create(
        key=f"pending-{n}@kundcenter.example",
        recipient=f"kund{n}@example.se",
        subject=f"Ärende {n}",
        payload={"to": [f"kund{n}@example.se"], "subject": f"Ärende {n}", "body": "Text"},
        created_at=created_at,
        attempts=3,
        next_attempt_at=None if gave_up else created_at + timedelta(minutes=8),
        gave_up_at=created_at + timedelta(days=2) if gave_up else None,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def test_the_admin_lists_pending_mail_with_why_it_has_not_gone_out(client, admin_user):
    pending(1)
    client.force_login(admin_user)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "kund1@example.se" in page and "Ärende 1" in page
    assert "Connection refused" in page
    assert "Try again now" in page


def test_pending_mail_cannot_be_added_or_edited_in_the_admin(client, admin_user):
    row = pending(1)
    client.force_login(admin_user)

    assert client.get(reverse("admin:mail_pendingmail_add")).status_code == 403
    page = client.get(reverse("admin:mail_pendingmail_change", args=[row.pk])).content.decode()
    assert 'name="recipient"' not in page and "kund1@example.se" in page


def test_try_again_now_makes_a_given_up_mail_due_at_once(client, admin_user):
    row = pending(1, created_at=timezone.now() - timedelta(days=3), gave_up=True)
    client.force_login(admin_user)

    response = client.post(
        reverse(CHANGELIST), {"action": "try_again_now", "_selected_action": [row.pk]}
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.gave_up_at is None
    assert row.next_attempt_at <= timezone.now()
    assert PendingMail.objects.filter(pk=row.pk, next_attempt_at__lte=timezone.now()).exists()
    messages = client.get(response["Location"]).content.decode()
    assert "1 mail will be sent at the next run of the outbox job." in messages


def test_the_inbound_mail_page_notes_mail_waiting_to_go_out(client, specialist_hantverk):
    pending(1, created_at=timezone.make_aware(datetime(2026, 3, 2, 9, 15)))
    pending(2, gave_up=True)
    client.force_login(specialist_hantverk)

    page = client.get(reverse("mail:refused")).content.decode()

    assert "2 outgoing mails have not gone out yet" in page
    assert "the oldest kept since 2026-03-02 09:15" in page
    assert "Given up, no longer tried: 1." in page
    # Specialists do not use the admin: no link there.
    assert reverse(CHANGELIST) not in page


def test_administrators_get_a_link_to_the_list(client, admin_user):
    pending(1)
    client.force_login(admin_user)
    page = client.get(reverse("mail:list")).content.decode()
    assert "1 outgoing mail has not gone out yet" in page
    assert reverse(CHANGELIST) in page


def test_without_pending_mail_the_page_says_nothing_about_it(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("mail:refused")).content.decode()
    assert "outgoing mail" not in page


def test_the_note_costs_no_more_queries_however_much_waits(
    client, specialist_hantverk, django_assert_max_num_queries
):
    client.force_login(specialist_hantverk)
    client.get(reverse("mail:refused"))  # warm up the session and caches
    with django_assert_max_num_queries(8) as without:
        client.get(reverse("mail:refused"))
    for n in range(20):
        pending(n, gave_up=n % 2 == 0)
    with django_assert_max_num_queries(len(without.captured_queries)):
        page = client.get(reverse("mail:refused")).content.decode()
    assert "20 outgoing mails" in page
    assert outbox.summary()["waiting"] == 20
