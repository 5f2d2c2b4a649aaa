"""Who sent a message: From; for a From without an address, Sender, then Reply-To.

Two From headers are fine when they name the same address and refused when they do not;
`lena@customer.se.` (a domain with the root's trailing dot) is lena@customer.se.
"""

import pytest
from django.core import mail
from django.urls import reverse

from kundcenter.mail.ingest import ingest
from kundcenter.mail.parsing import SENDER_SEVERAL, parse_message
from tests.mail_inbound.conftest import corpus_bytes


def sender_of(*headers: str):
    raw = "\r\n".join([*headers, "Subject: Hej", "Message-ID: <f@x>", "", "Hej", ""]).encode()
    parsed = parse_message(raw)
    return parsed.sender_email, parsed.sender_header, parsed.sender_problem


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Sender: Lena <lena@customer.se>"], ("lena@customer.se", "sender", "")),
        (["Reply-To: lena@customer.se"], ("lena@customer.se", "reply-to", "")),
        (["From: Lena", "Reply-To: lena@customer.se"], ("lena@customer.se", "reply-to", "")),
        (["From: <>", "Sender: lena@customer.se"], ("lena@customer.se", "sender", "")),
        (
            ["From: undisclosed-recipients:;", "Sender: s@customer.se", "Reply-To: r@customer.se"],
            ("s@customer.se", "sender", ""),
        ),
        # A From with an address is the sender, whatever Sender and Reply-To say.
        (
            ["From: lena@customer.se", "Sender: s@list.example", "Reply-To: r@other.example"],
            ("lena@customer.se", "from", ""),
        ),
        (["From: Lena <lena@customer.se.>"], ("lena@customer.se", "from", "")),
        (["From: LENA@Customer.SE."], ("lena@customer.se", "from", "")),
        (["From: undisclosed-recipients:;"], ("", "", "")),
        ([], ("", "", "")),
        (
            ["From: lena@customer.se", "From: Lena <LENA@customer.se>"],
            ("lena@customer.se", "from", ""),
        ),
        (["From: lena@customer.se", "From: m@evil.example"], ("", "from", SENDER_SEVERAL)),
        (["Reply-To: a@customer.se, b@customer.se"], ("", "reply-to", SENDER_SEVERAL)),
    ],
)
def test_the_sender_is_found(headers, expected):
    assert sender_of(*headers) == expected


def test_a_from_that_writes_an_unreadable_address_does_not_give_way_to_reply_to():
    """The fallback is for a From without an address, not for one that hides it."""
    email, header, problem = sender_of(
        "From: anna.berg@byggmontage.se@evil.example", "Reply-To: anna.berg@byggmontage.se"
    )
    assert (email, header, problem) == ("", "from", "malformed")


def test_mail_without_a_from_becomes_the_sender_headers_ticket(mail_world):
    result = ingest(corpus_bytes("56_no_from_sender_header.eml"))
    assert result.outcome == "ticket_created"
    assert result.ticket.reporter.email == "anna.berg@byggmontage.se"
    assert result.record.sender_email == "anna.berg@byggmontage.se"


def test_an_unknown_reply_to_is_told_why(mail_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(corpus_bytes("59_undisclosed_from_unknown_reply_to.eml"))
    assert result.reason_code == "unknown_sender"
    [explanation] = mail.outbox
    assert explanation.to == ["kalle.okand@gmail.com"]


def test_two_from_headers_that_disagree_are_refused(mail_world):
    result = ingest(corpus_bytes("50_two_from_headers_disagree.eml"))
    assert (result.outcome, result.reason_code) == ("refused", "sender_malformed")
    assert "The message names more than one sender" in result.reason


def test_a_trailing_dot_is_the_same_sender(mail_world):
    result = ingest(corpus_bytes("61_trailing_dot_domain_upper_case.eml"))
    assert result.outcome == "ticket_created"
    assert result.record.sender_email == "anna.berg@byggmontage.se"


def test_staff_see_which_header_named_the_sender(client, mail_world, specialist_hantverk):
    record = ingest(corpus_bytes("57_no_from_reply_to_header.eml")).record
    client.force_login(specialist_hantverk)
    page = client.get(reverse("mail:message", args=[record.pk])).content.decode()
    assert "from the Reply-To header: the message has no From address" in page
