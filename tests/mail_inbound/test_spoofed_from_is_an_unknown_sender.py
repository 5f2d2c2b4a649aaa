"""A From header that is malformed, disguised or names several senders acts as nobody.

Python's parser reads `lena@customer.se <attacker@evil.example>` as lena@customer.se and
only flags a defect; such mail once became tickets in a SuperUser's name. Now it is
refused as "Sender address malformed or disguised", explained to the real address when
there is a plain one, and shown to staff with the header as written.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kundcenter.mail.ingest import ingest
from kundcenter.mail.models import InboundMessage, RefusalNotice
from kundcenter.mail.parsing import (
    SENDER_DISGUISED,
    SENDER_MALFORMED,
    SENDER_SEVERAL,
    parse_message,
)
from kundcenter.tickets.models import Ticket
from tests.mail_inbound.conftest import corpus_bytes


def message(from_value: bytes, extra: bytes = b"") -> bytes:
    return (
        b"From: " + from_value + b"\r\n" + extra + b"To: support@kundcenter.example\r\n"
        b"Subject: Byt bankgiro\r\nMessage-ID: <spoof@evil.example>\r\n\r\nHej\r\n"
    )


@pytest.mark.parametrize(
    ("from_value", "problem", "real_address"),
    [
        # The three shapes found in real mail, each once a ticket in Lena's name.
        (b"lena@customer.se <attacker@evil.example>", SENDER_MALFORMED, "attacker@evil.example"),
        (b"Lena <lena@customer.se>@evil.example", SENDER_MALFORMED, ""),
        (b"=?utf-8?q?lena?=@customer.se", SENDER_MALFORMED, ""),
        (b"=?utf-8?b?bGVuYQ==?=@customer.se", SENDER_MALFORMED, ""),
        (b"lena@customer.se@evil.example", SENDER_MALFORMED, ""),
        (b"attacker@evil.example <lena@customer.se>", SENDER_MALFORMED, "lena@customer.se"),
        (b"Lena <lena@customer.se> <attacker@evil.example>", SENDER_MALFORMED, ""),
        (b'"lena@customer.se" <attacker@evil.example>', SENDER_DISGUISED, "attacker@evil.example"),
        (
            b'"Lena (lena@customer.se)" <attacker@evil.example>',
            SENDER_DISGUISED,
            "attacker@evil.example",
        ),
        (
            b"=?utf-8?b?bGVuYUBjdXN0b21lci5zZQ==?= <attacker@evil.example>",
            SENDER_DISGUISED,
            "attacker@evil.example",
        ),
        # Full-width "＠" in a display name, as raw UTF-8.
        (
            '"lena＠customer.se" <attacker@evil.example>'.encode(),
            SENDER_DISGUISED,
            "attacker@evil.example",
        ),
        (b"Lena <lena@customer.se>, Mallory <m@evil.example>", SENDER_SEVERAL, ""),
    ],
)
def test_a_spoofed_from_is_a_sender_problem(from_value, problem, real_address):
    parsed = parse_message(message(from_value))
    assert parsed.sender_problem == problem
    assert parsed.sender_email == real_address
    assert parsed.sender_evidence.startswith("From: ")


@pytest.mark.parametrize(
    ("from_value", "address"),
    [
        (b"Lena Nystr\xc3\xb6m <lena@customer.se>", "lena@customer.se"),  # raw UTF-8 name
        (b"=?iso-8859-1?q?Lena_Nystr=F6m?=<lena@customer.se>", "lena@customer.se"),  # no space
        (b'"=?utf-8?q?Lena_Nystr=C3=B6m?=" <lena@customer.se>', "lena@customer.se"),  # quoted
        (b"John Q. Public <jqp@customer.se>", "jqp@customer.se"),  # obsolete, not wrong
        (b'"lena@customer.se" <lena@customer.se>', "lena@customer.se"),
        (b"lena@customer.se <lena@customer.se>", "lena@customer.se"),
        (b'"Lena (lena@customer.se)" <Lena@Customer.se>', "lena@customer.se"),
        (b"lena@customer.se (Lena Nystrom)", "lena@customer.se"),
        (b"LENA@CUSTOMER.SE", "lena@customer.se"),
    ],
)
def test_plain_senders_written_in_common_ways_are_no_problem(from_value, address):
    parsed = parse_message(message(from_value))
    assert (parsed.sender_problem, parsed.sender_email) == ("", address)


def test_several_from_addresses_are_answered_at_the_sender_header():
    parsed = parse_message(
        message(b"Lena <lena@customer.se>, Mallory <m@evil.example>", b"Sender: m@evil.example\r\n")
    )
    assert parsed.sender_problem == SENDER_SEVERAL
    assert parsed.sender_email == "m@evil.example"


def test_a_spoof_of_a_superuser_makes_no_ticket_and_answers_the_real_address(
    mail_world, django_capture_on_commit_callbacks
):
    raw = corpus_bytes("41_from_address_as_unquoted_display_name.eml")
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(raw)
    assert (result.outcome, result.reason_code) == ("refused", "sender_malformed")
    assert result.ticket is None and Ticket.objects.count() == 3
    [explanation] = mail.outbox
    assert explanation.to == ["kalle.okand@gmail.com"]
    assert "malformed or shows a different address" in explanation.body
    # The SuperUser whose address was shown is neither mailed nor rate-limited.
    assert not RefusalNotice.objects.filter(sender_email="anna.berg@byggmontage.se").exists()


def test_a_spoof_with_no_usable_real_address_is_answered_to_nobody(
    mail_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(corpus_bytes("42_from_angle_addr_with_trailing_domain.eml"))
    assert result.reason_code == "sender_malformed"
    assert mail.outbox == []
    assert RefusalNotice.objects.count() == 0


def test_a_reply_with_a_spoofed_from_is_not_added_to_the_ticket(mail_world):
    raw = corpus_bytes("12_reply_gmail_sv_quoted.eml").replace(
        b"From: Anna Berg <anna.berg@byggmontage.se>",
        b"From: anna.berg@byggmontage.se <mallory@evil.example>",
    )
    assert b"mallory@evil.example" in raw
    result = ingest(raw)
    assert (result.outcome, result.reason_code) == ("refused", "sender_malformed")
    assert mail_world["tickets"][0].messages.count() == 0


def test_staff_see_why_on_the_refused_tab_and_the_message_page(
    client, mail_world, specialist_hantverk
):
    record = ingest(corpus_bytes("44_from_display_name_is_other_address.eml")).record
    client.force_login(specialist_hantverk)
    listing = client.get(reverse("mail:refused")).content.decode()
    assert "Sender address malformed or disguised" in listing
    page = client.get(reverse("mail:message", args=[record.pk])).content.decode()
    assert "The display name shows another address than the one the mail came from" in page
    assert "From: &quot;anna.berg@byggmontage.se&quot; &lt;kalle.okand@gmail.com&gt;" in page
    stored = InboundMessage.objects.get(pk=record.pk)
    assert stored.sender_email == "kalle.okand@gmail.com"


def test_the_reason_is_named_in_swedish():
    with translation.override("sv"):
        assert str(InboundMessage.Reason.SENDER_MALFORMED.label) == (
            "Avsändaradressen är felaktig eller vilseledande"
        )
