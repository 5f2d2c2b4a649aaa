"""A delivery that never finished (its worker was killed after claiming the row) is not
lost: the row is delivered again once OUTBOX_LEASE_SECONDS have passed, exactly once, and
not before, so a slow delivery still running is not doubled."""

from datetime import timedelta

import pytest

from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def abandoned(smtp, waiting_mail, settings):
    """A mail whose delivery was claimed at `claimed_at` and never finished."""
    settings.OUTBOX_LEASE_SECONDS = 600
    [row] = waiting_mail(mail())
    claimed_at = row.next_attempt_at
    assert delivery.claim(row, claimed_at)
    return claimed_at


def test_a_claimed_row_is_left_alone_while_its_lease_runs(smtp, abandoned):
    result = delivery.deliver_due(now=abandoned + timedelta(seconds=599))

    assert result.delivered == 0
    assert smtp.messages == []
    assert OutboxItem.objects.exists()


def test_after_the_lease_the_row_is_delivered_exactly_once(smtp, abandoned):
    result = delivery.deliver_due(now=abandoned + timedelta(seconds=600))

    assert result.delivered == 1
    assert len(smtp.to("kund@example.se")) == 1
    delivery.deliver_due(now=abandoned + timedelta(hours=1))
    delivery.deliver_due(now=abandoned + timedelta(days=1))
    assert len(smtp.to("kund@example.se")) == 1
    assert not OutboxItem.objects.exists()


def test_a_row_is_claimed_by_one_run_only(waiting_mail):
    """Two runs that read the row at the same moment: the second finds it taken."""
    [row] = waiting_mail(mail())
    first, second = OutboxItem.objects.get(pk=row.pk), OutboxItem.objects.get(pk=row.pk)

    assert delivery.claim(first, row.next_attempt_at)
    assert not delivery.claim(second, row.next_attempt_at)
