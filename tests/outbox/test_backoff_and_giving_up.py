"""A mail still failing is tried later each time (30 s, 1, 2, 4 … minutes, at most hourly),
given up after OUTBOX_GIVE_UP_HOURS, kept for staff OUTBOX_KEEP_DAYS, then deleted."""

from datetime import timedelta

import pytest

from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(smtp, waiting_mail):
    """One mail waiting while the mail server is down (it stays down)."""
    smtp.stop()
    [row] = waiting_mail(mail())
    return row


def test_each_failure_waits_longer_up_to_an_hour_and_records_why(failing):
    row, now, waits = failing, failing.next_attempt_at, []
    for _ in range(9):
        result = delivery.deliver_due(now=now)
        assert result.failed == 1
        row.refresh_from_db()
        waits.append(int((row.next_attempt_at - now).total_seconds()))
        now = row.next_attempt_at
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert row.attempts == 9 and row.gave_up_at is None
    assert "ConnectionRefusedError" in row.last_error


def test_after_the_give_up_period_the_mail_is_no_longer_tried(smtp, failing, settings):
    settings.OUTBOX_GIVE_UP_HOURS = 48
    row = failing
    almost = row.created_at + timedelta(hours=47, minutes=59)
    delivery.deliver_due(now=almost)
    row.refresh_from_db()
    assert row.gave_up_at is None and row.next_attempt_at is not None

    past = row.created_at + timedelta(hours=48, minutes=30)
    result = delivery.deliver_due(now=past)

    assert result.given_up == 1
    row.refresh_from_db()
    assert row.gave_up_at == past and row.next_attempt_at is None
    smtp.start()
    delivery.deliver_due(now=past + timedelta(days=1))
    assert smtp.to("kund@example.se") == []  # given up: not sent even with the server back
    assert OutboxItem.objects.get().attempts == 2


def test_the_give_up_period_is_a_setting(failing, settings):
    settings.OUTBOX_GIVE_UP_HOURS = 1
    result = delivery.deliver_due(now=failing.created_at + timedelta(hours=1))
    assert result.given_up == 1


def test_staff_trying_again_sends_a_given_up_mail(smtp, failing):
    past = failing.created_at + timedelta(days=3)
    delivery.deliver_due(now=past)
    assert OutboxItem.objects.get().gave_up_at == past
    smtp.start()

    delivery.try_again_now(OutboxItem.objects.all(), now=past + timedelta(hours=1))
    delivery.deliver_due(now=past + timedelta(hours=1))

    assert len(smtp.to("kund@example.se")) == 1
    assert not OutboxItem.objects.exists()


def test_a_given_up_mail_is_deleted_after_the_keeping_period(failing, settings):
    settings.OUTBOX_KEEP_DAYS = 30
    gave_up = failing.created_at + timedelta(days=3)
    delivery.deliver_due(now=gave_up)

    assert delivery.deliver_due(now=gave_up + timedelta(days=29, hours=23)).expired == 0
    assert OutboxItem.objects.exists()
    result = delivery.deliver_due(now=gave_up + timedelta(days=30))
    assert result.expired == 1 and not OutboxItem.objects.exists()
