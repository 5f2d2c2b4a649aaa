"""With MAIL_REQUIRE_AUTHENTICATION, only mail our mail server verified acts as a person.

Our server's verdict is the topmost Authentication-Results header (with
MAIL_AUTHSERV_ID, the topmost one with that id): DMARC passing for the From domain, or
SPF or DKIM passing for a domain aligned with it. Anything else is refused as not
verified, with a sentence that says what to do. Off (the default) nothing changes.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kundcenter.mail.authresults import aligned, parse_authentication_results, passing_check
from kundcenter.mail.ingest import ingest, refusal_sentence
from kundcenter.mail.models import InboundMessage
from tests.mail_inbound.conftest import corpus_bytes

OUR_SERVER = "mx.kundcenter.example"


@pytest.fixture
def required(settings):
    settings.MAIL_REQUIRE_AUTHENTICATION = True
    settings.MAIL_AUTHSERV_ID = OUR_SERVER
    return settings


def test_a_header_is_parsed_with_comments_quotes_and_versions():
    results = parse_authentication_results(
        "MX.Kundcenter.Example 1; (checked (twice)) dkim/1=pass (2048-bit key)"
        ' header.d=byggmontage.se header.b="ab;c=";\r\n\t'
        "spf=softfail (domain of x does not designate) smtp.mailfrom=a@b.se; dmarc=none"
    )
    assert results.authserv_id == "mx.kundcenter.example"
    assert [(c.method, c.result) for c in results.checks] == [
        ("dkim", "pass"),
        ("spf", "softfail"),
        ("dmarc", "none"),
    ]
    assert results.checks[0].get("header.d") == "byggmontage.se"
    assert results.checks[0].get("header.b") == "ab;c="
    assert parse_authentication_results("mx.example; none").checks == ()
    assert parse_authentication_results("  ") is None


@pytest.mark.parametrize(
    ("domain", "from_domain", "expected"),
    [
        ("byggmontage.se", "byggmontage.se", True),
        ("Byggmontage.SE.", "byggmontage.se", True),
        ("mail.byggmontage.se", "byggmontage.se", True),
        ("byggmontage.se", "ekonomi.byggmontage.se", True),
        ("a.byggmontage.se", "b.byggmontage.se", False),  # siblings: on the safe side
        ("evilbyggmontage.se", "byggmontage.se", False),
        ("se", "byggmontage.se", False),
        ("", "byggmontage.se", False),
    ],
)
def test_alignment(domain, from_domain, expected):
    assert aligned(domain, from_domain) is expected


@pytest.mark.parametrize(
    ("header", "passes"),
    [
        ("mx; dmarc=pass header.from=byggmontage.se", True),
        ("mx; dmarc=pass header.from=evil.example", False),
        ("mx; dmarc=pass", False),  # which From it was about is not said
        ("mx; spf=pass smtp.mailfrom=bounces@mail.byggmontage.se", True),
        ("mx; spf=pass smtp.mailfrom=byggmontage.se", True),
        ("mx; spf=pass smtp.mailfrom=x@esp.example", False),
        ("mx; spf=softfail smtp.mailfrom=anna@byggmontage.se", False),
        ("mx; dkim=pass header.d=byggmontage.se", True),
        ("mx; dkim=pass header.i=@ekonomi.byggmontage.se", True),
        ("mx; dkim=pass header.d=esp.example; dkim=fail header.d=byggmontage.se", False),
        ("mx; dkim=neutral header.d=byggmontage.se; spf=none; dmarc=fail", False),
    ],
)
def test_what_counts_as_verified(header, passes):
    results = parse_authentication_results(header)
    assert (passing_check(results, "byggmontage.se") is not None) is passes


def test_off_by_default_unverified_mail_still_registers(mail_world):
    result = ingest(corpus_bytes("89_auth_all_fail.eml"))
    assert result.outcome == "ticket_created"


def test_unverified_mail_is_refused_and_the_sender_told(
    mail_world, required, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(corpus_bytes("89_auth_all_fail.eml"))
    assert (result.outcome, result.reason_code) == ("refused", "unauthenticated")
    assert "Authentication-Results: mx.kundcenter.example; dkim=none" in result.reason
    [explanation] = mail.outbox
    assert explanation.to == ["anna.berg@byggmontage.se"]
    assert "Our mail server could not verify that your e-mail was sent from" in explanation.body


def test_a_reply_needs_verification_too(mail_world, required):
    raw = corpus_bytes("12_reply_gmail_sv_quoted.eml")
    assert ingest(raw).reason_code == "unauthenticated"
    verified = (
        f"Authentication-Results: {OUR_SERVER}; dkim=pass header.d=byggmontage.se\r\n".encode()
        + raw.replace(b"Message-ID: <", b"Message-ID: <verified-", 1)
    )
    assert ingest(verified).outcome == "reply_added"


def test_only_the_topmost_header_counts_without_an_authserv_id(mail_world, settings):
    settings.MAIL_REQUIRE_AUTHENTICATION = True
    settings.MAIL_AUTHSERV_ID = ""
    # Ours says fail; a pass further down was written by the sender.
    assert ingest(corpus_bytes("91_auth_forged_pass_below_ours.eml")).reason_code == (
        "unauthenticated"
    )
    # Without an id to look for, another server's header on top is all there is.
    assert ingest(corpus_bytes("92_auth_only_another_servers_header.eml")).outcome == (
        "ticket_created"
    )


def test_with_an_authserv_id_other_servers_headers_do_not_count(mail_world, required):
    result = ingest(corpus_bytes("92_auth_only_another_servers_header.eml"))
    assert result.reason_code == "unauthenticated"
    assert "No Authentication-Results header from our mail server." in result.reason


@pytest.mark.parametrize(
    "name",
    [
        "86_auth_dmarc_pass.eml",
        "87_auth_spf_pass_aligned_subdomain.eml",
        "88_auth_dkim_pass_aligned.eml",
    ],
)
def test_verified_mail_registers(mail_world, required, name):
    assert ingest(corpus_bytes(name)).outcome == "ticket_created"


def test_the_sentence_is_clear_in_swedish():
    with translation.override("sv"):
        sentence = refusal_sentence("unauthenticated", address="anna.berg@byggmontage.se")
        label = str(InboundMessage.Reason.UNAUTHENTICATED.label)
    assert "kunde inte verifiera" in sentence
    assert "anna.berg@byggmontage.se" in sentence
    assert label == "Avsändaren kunde inte verifieras av vår e-postserver"


def test_staff_see_the_reason(client, mail_world, required, specialist_hantverk):
    record = ingest(corpus_bytes("90_auth_pass_for_unaligned_domains.eml")).record
    client.force_login(specialist_hantverk)
    assert (
        "Sender not verified by our mail server"
        in client.get(reverse("mail:refused")).content.decode()
    )
    page = client.get(reverse("mail:message", args=[record.pk])).content.decode()
    assert "dkim=pass header.d=esp.example" in page
