"""Staff see what waits in the outbox: listed in the admin (read-only, without the
content), where an administrator can have it tried again at once, and noted on the
Inbound e-mail page while outgoing mail has not gone out."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:outbox_outboxitem_changelist"
PASSWORD_HASH = "argon2$argon2id$v=19$m=102400,t=2,p=8$c2VjcmV0$aGFzaA"


def waiting(n, *, created_at=None, gave_up=False, topic="email", payload=None):
    created_at = created_at or timezone.now()
    return OutboxItem.objects.create(
        topic=topic,
        channel="mail",
        recipient=f"kund{n}@example.se",
        summary=f"Ärende {n}",
        payload=payload
        or {"to": [f"kund{n}@example.se"], "subject": f"Ärende {n}", "body": "Text"},
        created_at=created_at,
        attempts=3,
        next_attempt_at=None if gave_up else created_at + timedelta(minutes=8),
        gave_up_at=created_at + timedelta(days=2) if gave_up else None,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def test_the_admin_lists_what_waits_with_why_it_has_not_gone_out(client, admin_user):
    waiting(1)
    client.force_login(admin_user)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "kund1@example.se" in page and "Ärende 1" in page
    assert "Connection refused" in page
    assert "Try again now" in page


def test_rows_cannot_be_added_or_edited_and_their_content_is_not_shown(client, admin_user):
    """A registration waiting in the outbox holds a password hash: never on a page."""
    row = waiting(
        1,
        topic="registration_requested",
        payload={"email": "kund1@example.se", "password_hash": PASSWORD_HASH},
    )
    client.force_login(admin_user)

    assert client.get(reverse("admin:outbox_outboxitem_add")).status_code == 403
    response = client.get(reverse("admin:outbox_outboxitem_change", args=[row.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "kund1@example.se" in page
    assert 'name="recipient"' not in page
    assert PASSWORD_HASH not in page and "password_hash" not in page


def test_try_again_now_makes_a_given_up_row_due_at_once(client, admin_user):
    row = waiting(1, created_at=timezone.now() - timedelta(days=3), gave_up=True)
    other = waiting(2, gave_up=True)
    client.force_login(admin_user)

    response = client.post(
        reverse(CHANGELIST), {"action": "try_again_now", "_selected_action": [row.pk]}
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.gave_up_at is None and row.next_attempt_at <= timezone.now()
    other.refresh_from_db()
    assert other.gave_up_at is not None  # only the rows chosen
    notice = client.get(response["Location"]).content.decode()
    assert "1 item will be delivered at the next run of the outbox job." in notice


def test_the_job_after_try_again_now_sends_the_mail(client, admin_user, smtp):
    row = waiting(1, created_at=timezone.now() - timedelta(days=3), gave_up=True)
    client.force_login(admin_user)
    client.post(reverse(CHANGELIST), {"action": "try_again_now", "_selected_action": [row.pk]})

    delivery.deliver_due()

    assert len(smtp.to("kund1@example.se")) == 1
    assert not OutboxItem.objects.exists()


def test_the_inbound_mail_page_notes_mail_waiting_to_go_out(client, specialist_hantverk):
    waiting(1, created_at=timezone.make_aware(datetime(2026, 3, 2, 9, 15)))
    waiting(2, gave_up=True)
    waiting(3, topic="registration_requested")  # not a mail (yet): not counted
    client.force_login(specialist_hantverk)

    page = client.get(reverse("mail:refused")).content.decode()

    assert "2 outgoing mails have not gone out yet" in page
    assert "the oldest kept since 2026-03-02 09:15" in page
    assert "Given up, no longer tried: 1." in page
    # Specialists do not use the admin: no link there.
    assert reverse(CHANGELIST) not in page


def test_administrators_get_a_link_to_the_outbox(client, admin_user):
    waiting(1)
    client.force_login(admin_user)

    response = client.get(reverse("mail:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 outgoing mail has not gone out yet" in page
    assert reverse(CHANGELIST) in page


def test_without_waiting_mail_the_page_says_nothing_about_it(client, specialist_hantverk):
    waiting(1, topic="registration_requested")
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
        waiting(n, gave_up=n % 2 == 0)
    with django_assert_max_num_queries(len(without.captured_queries)):
        page = client.get(reverse("mail:refused")).content.decode()
    assert "20 outgoing mails" in page
    assert "Given up, no longer tried: 10." in page
