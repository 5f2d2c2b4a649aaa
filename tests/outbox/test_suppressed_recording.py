"""Loading demo or benchmark data records no consequences: inside `suppressed()`, or in a
process with OUTBOX_SUPPRESSED, a change records no outbox row, so nothing is ever sent."""

import pytest

from kundcenter.outbox import events
from kundcenter.outbox.events import record_mail
from kundcenter.outbox.models import OutboxItem
from tests import factories
from tests.outbox.conftest import mail

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_while_suppressed(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), events.suppressed():
        assert record_mail(mail()) == []
        factories.make_ticket(org_a, english)

    assert not OutboxItem.objects.exists()
    assert smtp.messages == []


def test_recording_resumes_after_suppression(smtp, django_capture_on_commit_callbacks):
    with events.suppressed():
        pass
    with django_capture_on_commit_callbacks(execute=True):
        record_mail(mail())
    assert len(smtp.to("kund@example.se")) == 1


def test_suppression_ends_even_when_loading_fails(smtp, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), events.suppressed():
        raise RuntimeError("the demo data could not be loaded")
    with django_capture_on_commit_callbacks(execute=True):
        record_mail(mail())
    assert len(smtp.to("kund@example.se")) == 1


def test_nothing_is_recorded_in_a_suppressed_process(
    smtp, settings, org_a, english, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SUPPRESSED = True

    with django_capture_on_commit_callbacks(execute=True):
        assert record_mail(mail()) == []
        factories.make_ticket(org_a, english)

    assert not OutboxItem.objects.exists()
    assert smtp.messages == []
