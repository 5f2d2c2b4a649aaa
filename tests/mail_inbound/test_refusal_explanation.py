"""Refused mail gets one polite explanation per sender and interval, in both languages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from kundcenter.mail import ingest as ingest_module
from kundcenter.mail.ingest import ingest
from kundcenter.mail.models import InboundMessage
from kundcenter.outbox import delivery
from kundcenter.outbox.models import OutboxItem
from tests.mail_inbound.conftest import corpus_bytes

UNKNOWN = "32_unknown_sender.eml"
PLAIN_USER = "33_not_a_superuser.eml"


def explanations():
    return [m for m in mail.outbox if "X-Kundcenter-Mail" in m.extra_headers]


def ingest_now(raw, capture, **kwargs):
    with capture(execute=True):
        return ingest(raw, **kwargs)


def another(raw: bytes, n: int) -> bytes:
    """The same mail sent again later: a new Message-ID."""
    return raw.replace(b"Message-ID: <", f"Message-ID: <again{n}-".encode(), 1)


def test_an_unknown_sender_is_told_why_in_swedish_and_english(
    mail_world, django_capture_on_commit_callbacks
):
    result = ingest_now(corpus_bytes(UNKNOWN), django_capture_on_commit_callbacks)
    assert result.outcome == "refused"
    [reply] = explanations()
    assert reply.to == ["kalle.okand@gmail.com"]
    assert reply.subject == "Re: Hjälp med fakturering"
    # Threaded under the sender's mail, and marked so that auto-responders stay quiet.
    assert reply.extra_headers["In-Reply-To"] == "<CAunknown32@mail.gmail.com>"
    assert reply.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "kalle.okand@gmail.com" in reply.body
    assert "It has not been registered as a ticket" in reply.body
    assert "/konto/registrera/" in reply.body
    assert InboundMessage.objects.get(pk=result.record.pk).answered_at is not None


def tag_language(monkeypatch):
    """Make each language's text show which language it is (the .po may lag behind)."""
    real = ingest_module.explanation_text

    def tagged(*args, **kwargs):
        return f"[{translation.get_language()}] " + real(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "explanation_text", tagged)


def test_the_explanation_is_in_swedish_then_english(
    mail_world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "sv"  # the product's default (the suite reads English)
    tag_language(monkeypatch)
    ingest_now(corpus_bytes(UNKNOWN), django_capture_on_commit_callbacks)
    [reply] = explanations()
    swedish, english = reply.body.split("----------------------------------------")
    assert swedish.strip().startswith("[sv]") and english.strip().startswith("[en]")


def test_a_plain_user_is_told_who_their_superusers_are(
    mail_world, django_capture_on_commit_callbacks
):
    result = ingest_now(corpus_bytes(PLAIN_USER), django_capture_on_commit_callbacks)
    assert result.reason_code == "not_superuser"
    assert "Anna Berg" in result.reason
    [reply] = explanations()
    assert "Your SuperUsers are: Anna Berg." in reply.body


def test_a_known_sender_reads_their_own_language_first(
    mail_world, customer_user_a, monkeypatch, django_capture_on_commit_callbacks
):
    tag_language(monkeypatch)
    customer_user_a.language = "en"
    customer_user_a.save(update_fields=["language"])
    ingest_now(corpus_bytes(PLAIN_USER), django_capture_on_commit_callbacks)
    [reply] = explanations()
    first, second = reply.body.split("----------------------------------------")
    assert first.strip().startswith("[en]") and second.strip().startswith("[sv]")
    assert "Only your organisation's SuperUsers can contact support" in first


def test_a_sender_is_answered_at_most_once_per_interval(
    mail_world, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_REFUSAL_INTERVAL_HOURS = 24
    raw = corpus_bytes(UNKNOWN)
    now = timezone.now()
    ingest_now(raw, django_capture_on_commit_callbacks, now=now)
    second = ingest_now(another(raw, 1), django_capture_on_commit_callbacks, now=now)
    assert second.outcome == "refused"  # stored and listed for staff, just not answered
    assert InboundMessage.objects.get(pk=second.record.pk).answered_at is None
    assert len(explanations()) == 1

    later = now + timedelta(hours=25)
    ingest_now(another(raw, 2), django_capture_on_commit_callbacks, now=later)
    assert len(explanations()) == 2
    assert InboundMessage.objects.filter(outcome="refused").count() == 3


def test_the_limit_is_per_sender(mail_world, django_capture_on_commit_callbacks):
    ingest_now(corpus_bytes(UNKNOWN), django_capture_on_commit_callbacks)
    ingest_now(corpus_bytes(PLAIN_USER), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in explanations()) == [
        "kalle.okand@gmail.com",
        "olle.plain@byggmontage.se",
    ]


def test_a_mail_server_failure_keeps_the_explanation_until_it_goes_out(
    mail_world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The explanation waits in the outbox while the mail server is down and goes out,
    once, when it is back; only then is the refused mail marked answered."""

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP is down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", broken_send)
        result = ingest_now(corpus_bytes(UNKNOWN), django_capture_on_commit_callbacks)
    assert result.outcome == "refused"
    assert InboundMessage.objects.get(pk=result.record.pk).answered_at is None
    [waiting] = OutboxItem.objects.filter(topic="email")
    assert "ConnectionRefusedError" in waiting.last_error and waiting.gave_up_at is None

    later = waiting.next_attempt_at + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver(ids=[waiting.pk], now=later).delivered == 1
    [explanation] = explanations()
    assert explanation.to == [waiting.recipient]
    assert InboundMessage.objects.get(pk=result.record.pk).answered_at is not None
    assert not OutboxItem.objects.filter(pk=waiting.pk).exists()


def test_an_explanation_given_up_lets_the_sender_be_answered_next_time(
    mail_world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP is down")

    raw = corpus_bytes(UNKNOWN)
    settings.OUTBOX_GIVE_UP_HOURS = 0  # the first failure is the last try
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", broken_send)
        result = ingest_now(raw, django_capture_on_commit_callbacks)
    assert OutboxItem.objects.get(topic="email").gave_up_at is not None
    assert InboundMessage.objects.get(pk=result.record.pk).answered_at is None
    # The explanation that never went out did not use up the sender's allowance.
    ingest_now(another(raw, 1), django_capture_on_commit_callbacks)
    assert len(explanations()) == 1


@pytest.mark.parametrize(
    "name", ["23_auto_reply_exchange_oof.eml", "28_bounce_dsn.eml", "30_from_own_address.eml"]
)
def test_automatic_mail_is_never_answered(name, mail_world, django_capture_on_commit_callbacks):
    result = ingest_now(corpus_bytes(name), django_capture_on_commit_callbacks)
    assert result.outcome == "ignored_loop"
    assert mail.outbox == []


def test_our_own_explanation_coming_back_is_never_answered(
    mail_world, django_capture_on_commit_callbacks
):
    ingest_now(corpus_bytes(UNKNOWN), django_capture_on_commit_callbacks)
    [reply] = explanations()
    bounced_back = reply.message().as_bytes()
    mail.outbox.clear()
    result = ingest_now(bounced_back, django_capture_on_commit_callbacks)
    assert result.outcome == "ignored_loop"
    assert mail.outbox == []
