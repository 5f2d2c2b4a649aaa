"""Every message of the corpus (real clients' shapes) becomes what corpus/expected.toml says.

Each message is ingested on its own into the same world, through `ingest()`, the door
both the IMAP poller and the MTA pipe use (after the messages its `after` names, with
the settings its `settings` names).
"""

import tomllib

import pytest
from django.core import mail

from kundcenter.mail.ingest import ingest
from kundcenter.mail.models import InboundMessage
from kundcenter.tickets.models import Channel, Ticket
from kundcenter.tickets.workflows import Category
from tests.mail_inbound.conftest import CORPUS, corpus_bytes

EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text())["message"]
FIXTURE_TICKETS = {"2026-000001", "2026-000002", "2026-000003"}


def test_the_corpus_has_at_least_90_messages_and_each_has_an_expectation():
    files = sorted(p.name for p in CORPUS.glob("*.eml"))
    assert len(files) >= 90
    assert sorted(e["file"] for e in EXPECTED) == files


def _landed_text(result, case):
    """The text the message put on the ticket, and the files it brought."""
    if case["outcome"] == "ticket_created":
        return result.ticket.description, list(
            result.ticket.attachments.filter(message__isnull=True).values_list(
                "filename", flat=True
            )
        )
    message = result.ticket.messages.order_by("-id").first()
    assert message.channel == Channel.EMAIL
    return message.body, list(message.attachments.values_list("filename", flat=True))


@pytest.mark.parametrize("case", EXPECTED, ids=[e["file"][:-4] for e in EXPECTED])
def test_corpus_message(case, mail_world, settings, django_capture_on_commit_callbacks):
    for name, value in case.get("settings", {}).items():
        setattr(settings, name, value)
    for earlier in case.get("after", []):  # messages that arrived before this one
        ingest(corpus_bytes(earlier))
    mail.outbox.clear()
    tickets_before = Ticket.objects.count()
    stored_before = InboundMessage.objects.count()
    raw = corpus_bytes(case["file"])
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(raw)

    assert result.outcome == case["outcome"], result.reason
    assert result.reason_code == case.get("reason", "")
    explanations = [m for m in mail.outbox if "X-Kundcenter-Mail" in m.extra_headers]
    if case["outcome"] == "duplicate":
        assert (result.record, result.ticket) == (None, None)
        assert InboundMessage.objects.count() == stored_before
        assert Ticket.objects.count() == tickets_before
        assert explanations == []
        return
    record = InboundMessage.objects.get(pk=result.record.pk)
    assert bytes(record.raw) == raw  # the original is kept whole, for staff
    if "sender" in case:
        assert record.sender_email == case["sender"]
    for snippet in case.get("reason_contains", []):
        assert snippet in record.reason

    expected_ticket = case.get("ticket", "")
    if not expected_ticket:
        assert result.ticket is None
        assert Ticket.objects.count() == tickets_before
    elif expected_ticket == "new":
        ticket = result.ticket
        assert ticket.number not in FIXTURE_TICKETS
        assert ticket.channel == Channel.EMAIL
        assert ticket.category == Category.SUPPORT
        assert ticket.organization == mail_world[case["organization"]]
        assert (ticket.module.slug if ticket.module else "") == case.get("module", "")
        if "title" in case:
            assert ticket.title == case["title"]
    else:
        assert result.ticket.number == expected_ticket
        assert Ticket.objects.count() == tickets_before

    if result.ticket is not None:
        text, files = _landed_text(result, case)
        for snippet in case.get("body_contains", []):
            assert snippet in text
        for snippet in case.get("body_excludes", []):
            assert snippet not in text
        assert files == case.get("attachments", [])

    assert len(explanations) == (1 if case.get("explained") else 0)
    if "explained_to" in case:
        assert explanations[0].to == [case["explained_to"]]
    if case["outcome"] == "ignored_loop":
        assert mail.outbox == []  # an automatic message is never answered
        assert not record.answered_at
