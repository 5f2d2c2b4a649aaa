"""The parser never raises: broken, truncated or hostile mail is still stored and read."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundcenter.mail.parsing import decode_bytes, html_to_text, parse_message, sanitize_html
from tests.mail_inbound.conftest import CORPUS

CORPUS_FILES = sorted(CORPUS.glob("*.eml"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_parse(raw):
    parsed = parse_message(raw)
    assert isinstance(parsed.text, str)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(CORPUS_FILES) - 1), st.integers(0, 2**32), st.integers(1, 40))
def test_damaged_corpus_messages_parse(index, seed, damage):
    """Real messages with bytes flipped or cut short, as a broken relay might deliver."""
    rng = random.Random(seed)
    raw = bytearray(CORPUS_FILES[index].read_bytes()[:20_000])
    for _ in range(damage):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    parsed = parse_message(bytes(raw[: rng.randrange(len(raw) + 1)]))
    assert isinstance(parsed.subject, str)


def test_unknown_charset_and_mislabelled_text_decode():
    assert decode_bytes("Åtgärd".encode(), "x-unknown-charset") == "Åtgärd"
    assert decode_bytes("Åtgärd".encode("cp1252"), "utf-8") == "Åtgärd"
    assert decode_bytes(b"\x93quoted\x94", "iso-8859-1") == "“quoted”"


def test_raw_utf8_headers_and_broken_encoded_words():
    raw = (
        "From: Åsa Ström <asa@example.se>\r\n"
        "Subject: =?utf-8?B?broken?= Fråga\r\n"
        "Message-ID: <x@y>\r\n\r\nHej\r\n"
    ).encode()
    parsed = parse_message(raw)
    assert parsed.sender_email == "asa@example.se"
    assert parsed.sender_name == "Åsa Ström"
    assert "Fråga" in parsed.subject


def test_deeply_nested_multiparts_stop_safely():
    parts = "".join(
        f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n' for i in range(60)
    )
    raw = (
        'From: a@b.se\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n' + parts + "x"
    ).encode()
    parse_message(raw)


def test_html_is_made_safe_for_staff():
    html = '<p onclick="x()">Hi <script>alert(1)</script><img src="https://t.example/p.gif"></p>'
    safe = sanitize_html(html)
    assert "script" not in safe and "onclick" not in safe and "<img" not in safe
    assert "Hi" in safe
    assert html_to_text(html).strip() == "Hi"
