"""uuencoded files become attachments with their names.

Old mailers (Pegasus, Outlook Express, scripts) send files as uuencode: a part with
Content-Transfer-Encoding x-uuencode, or `begin 644 name` … `end` blocks inside a
plain-text body. The blocks leave the text; the files join the ticket like any other
attachment, screened by the same rules.
"""

import binascii
import os

import pytest

from kundcenter.mail.decoding import extract_uuencoded, uudecode
from kundcenter.mail.ingest import ingest
from kundcenter.mail.parsing import parse_message
from tests.mail_inbound.conftest import corpus_bytes


def uuencode(name: str, data: bytes, mode: str = "644") -> str:
    lines = [f"begin {mode} {name}"]
    lines += [
        binascii.b2a_uu(data[i : i + 45]).decode().rstrip("\n") for i in range(0, len(data), 45)
    ]
    return "\n".join([*lines, "`", "end"]) + "\n"


@pytest.mark.parametrize("size", [0, 1, 44, 45, 46, 1000])
def test_a_uuencoded_part_decodes_to_its_bytes(size):
    data = os.urandom(size)
    decoded = uudecode(uuencode("fil med mellanslag.bin", data))
    assert (decoded.filename, decoded.content) == ("fil med mellanslag.bin", data)


def test_lines_padded_past_their_length_still_decode():
    data = b"%PDF-1.4 padded lines\n" * 5
    padded = "\n".join(
        line + "   junk" if line.startswith("M") else line
        for line in uuencode("a.pdf", data).splitlines()
    )
    assert uudecode(padded).content == data


def test_blocks_leave_the_text_and_become_files():
    csv = b"anstnr;namn;belopp\n1001;Per Persson;32500\n"
    text = "Hej,\n\nfilen:\n\n" + uuencode("lonefil.csv", csv) + "\nMvh\nAnna\n"
    remaining, files = extract_uuencoded(text)
    assert [(f.filename, f.content) for f in files] == [("lonefil.csv", csv)]
    assert "begin 644" not in remaining and "Mvh\nAnna" in remaining


def test_text_that_merely_starts_with_begin_stays_text():
    text = "begin 644 är vårt kundnummer\nvi börjar i morgon\nend\n"
    assert extract_uuencoded(text) == (text, [])
    assert uudecode("Hej\nbegin here\n") is None


def test_a_x_uuencode_part_is_an_attachment_with_its_name():
    parsed = parse_message(corpus_bytes("77_uuencode_part_x_uuencode.eml"))
    [pdf] = parsed.attachments
    assert (pdf.filename, pdf.content_type) == ("faktura-10991.pdf", "application/pdf")
    assert pdf.content.startswith(b"%PDF-1.3\n") and pdf.content.endswith(b"%%EOF\n")


def test_the_name_comes_from_the_begin_line_when_the_part_has_none():
    parsed = parse_message(corpus_bytes("80_uuencode_cte_uuencode_name_from_begin_line.eml"))
    [log] = parsed.attachments
    assert log.filename == "integration.log"
    assert log.content.startswith(b"2026-01-14 07:00:01 ERROR L-4711")


def test_two_blocks_in_a_message_without_mime(mail_world):
    result = ingest(corpus_bytes("79_uuencode_two_blocks_no_mime.eml"))
    files = {a.filename: a.file.read() for a in result.ticket.attachments.all()}
    assert sorted(files) == ["faktura.pdf", "fel.log"]
    assert files["faktura.pdf"].startswith(b"%PDF-1.3")
    assert files["fel.log"].count(b"L-4711") == 3
    assert "begin 6" not in result.ticket.description


def test_a_block_in_the_body_lands_on_the_ticket(mail_world):
    result = ingest(corpus_bytes("78_uuencode_block_in_plain_body.eml"))
    [attachment] = result.ticket.attachments.all()
    assert attachment.filename == "lonefil.csv"
    assert attachment.file.read().startswith(b"anstnr;namn;belopp\n1001;Per Persson;32500")
