"""Every message of the corpus (real clients' shapes) becomes what corpus/expected.toml says.

Each message is ingested on its own into the same world, through `ingest()`, the door
both the IMAP poller and the MTA pipe use.
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


def test_the_corpus_has_at_least_30_messages_and_each_has_an_expectation():
    files = sorted(p.name for p in CORPUS.glob("*.eml"))
    assert len(files) >= 30
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
def test_corpus_message(case, mail_world, django_capture_on_commit_callbacks):
    raw = corpus_bytes(case["file"])
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(raw)

    assert result.outcome == case["outcome"], result.reason
    assert result.reason_code == case.get("reason", "")
    record = InboundMessage.objects.get(pk=result.record.pk)
    assert bytes(record.raw) == raw  # the original is kept whole, for staff

    expected_ticket = case.get("ticket", "")
    if not expected_ticket:
        assert result.ticket is None
        assert Ticket.objects.count() == 3
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
        assert Ticket.objects.count() == 3

    if result.ticket is not None:
        text, files = _landed_text(result, case)
        for snippet in case.get("body_contains", []):
            assert snippet in text
        for snippet in case.get("body_excludes", []):
            assert snippet not in text
        assert files == case.get("attachments", [])

    explanations = [m for m in mail.outbox if "X-Kundcenter-Mail" in m.extra_headers]
    assert len(explanations) == (1 if case.get("explained") else 0)
    if case["outcome"] == "ignored_loop":
        assert mail.outbox == []  # an automatic message is never answered
        assert not record.answered_at
