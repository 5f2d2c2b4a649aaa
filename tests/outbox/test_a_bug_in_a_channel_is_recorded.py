"""A bug in a channel (not a mail server failing) loses nothing: on a running site the row
keeps the error for staff and is tried again, so a fixed channel delivers it; in the test
suite (OUTBOX_PROPAGATE_ERRORS) the test that caused it sees the exception."""

import pytest
from django.utils import timezone

from kundcenter.mail.models import RefusalNotice
from kundcenter.outbox import delivery
from kundcenter.outbox.events import record, record_mail
from kundcenter.outbox.models import OutboxItem
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def buggy(listen):
    """A channel that fails with a bug until it is fixed; what it delivered."""

    class Channel:
        def __init__(self):
            self.fixed, self.delivered = False, []

        def handle(self, payload):
            if not self.fixed:
                raise ValueError("unexpected payload")
            self.delivered.append(payload)

    channel = Channel()
    listen("test_buggy", channel.handle)
    return channel


@pytest.fixture
def on_a_running_site(settings):
    settings.OUTBOX_PROPAGATE_ERRORS = False


def test_on_a_running_site_the_row_keeps_the_error_and_is_tried_again(
    buggy, on_a_running_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record("test_buggy", {"n": 1})

    [row] = OutboxItem.objects.all()
    assert row.last_error == "ValueError: unexpected payload"
    assert row.gave_up_at is None and row.next_attempt_at > row.created_at
    buggy.fixed = True  # a release with the fix

    delivery.deliver_due(now=row.next_attempt_at)

    assert buggy.delivered == [{"n": 1}]
    assert not OutboxItem.objects.exists()


def test_in_the_tests_the_bug_fails_the_test_that_caused_it(
    buggy, django_capture_on_commit_callbacks
):
    with (
        pytest.raises(ValueError, match="unexpected payload"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        record("test_buggy", {"n": 1})


def test_a_mail_that_cannot_be_built_is_kept_with_the_error(
    smtp, on_a_running_site, django_capture_on_commit_callbacks
):
    broken = mail()
    del broken["subject"]

    with django_capture_on_commit_callbacks(execute=True):
        record_mail(broken)

    [row] = OutboxItem.objects.all()
    assert row.last_error == "KeyError: 'subject'"
    assert row.gave_up_at is None
    assert smtp.messages == []


def test_in_the_tests_a_mail_that_cannot_be_built_fails_the_test(
    smtp, django_capture_on_commit_callbacks
):
    broken = mail()
    del broken["subject"]

    with pytest.raises(KeyError), django_capture_on_commit_callbacks(execute=True):
        record_mail(broken)


def test_what_a_failing_transactional_channel_wrote_is_undone(
    listen, on_a_running_site, django_capture_on_commit_callbacks
):
    """A channel that decides and records (as the mail channel fans a notification out)
    leaves nothing half done: its next attempt does the whole work once."""

    def decide(payload):
        RefusalNotice.objects.create(sender_email=payload["who"], last_sent_at=timezone.now())
        if not RefusalNotice.objects.filter(sender_email="ready@example.se").exists():
            raise LookupError("not ready")

    listen("test_decide", decide, transactional=True)

    with django_capture_on_commit_callbacks(execute=True):
        record("test_decide", {"who": "kund@example.se"})

    assert not RefusalNotice.objects.exists()
    [row] = OutboxItem.objects.all()
    assert "LookupError" in row.last_error
    RefusalNotice.objects.create(sender_email="ready@example.se", last_sent_at=timezone.now())

    delivery.deliver_due(now=row.next_attempt_at)

    assert RefusalNotice.objects.filter(sender_email="kund@example.se").count() == 1
    assert not OutboxItem.objects.exists()
