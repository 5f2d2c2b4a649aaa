"""Each part is read in its declared charset, through the superset senders really use.

One stray byte costs one character, never the part's charset; GB2312 is read as GB18030,
Shift_JIS as CP932, EUC-KR as CP949, ISO-8859-1 and US-ASCII as Windows-1252, Big5 as
Big5-HKSCS; ISO-2022-JP is recognised without a label; raw 8-bit headers are decoded in
UTF-8, the body's charsets or common legacy charsets. The corpus (messages 63–76) shows
the same through ingestion.
"""

import pytest

from kundcenter.mail.decoding import decode_bytes, decode_header_bytes, read_as
from kundcenter.mail.parsing import parse_message
from tests.mail_inbound.conftest import corpus_bytes


def test_one_stray_byte_keeps_the_part_in_utf8():
    payload = "Vi får fel i lönekörningen".encode() + b" \xe5 " + "för januari.".encode()
    text = decode_bytes(payload, "utf-8")
    assert text == "Vi får fel i lönekörningen \ufffd för januari."


def test_a_part_that_is_not_utf8_at_all_is_read_as_windows_1252():
    assert decode_bytes("Åtgärd – klar".encode("cp1252"), "utf-8") == "Åtgärd – klar"


@pytest.mark.parametrize(
    ("label", "text", "written_as"),
    [
        ("gb2312", "我们的薪資报表，啰嗦", "gbk"),
        ("GB2312", "工资单 𠀀", "gb18030"),
        ("gbk", "薪資", "gbk"),
        ("x-gbk", "薪資", "gbk"),
        ("shift_jis", "給与明細①～髙橋", "cp932"),
        ("x-sjis", "①", "cp932"),
        ("euc-kr", "똠방각하", "cp949"),
        ("ks_c_5601-1987", "똠방각하", "cp949"),
        ("iso-8859-1", "“Perioden är låst” – 1 200 €", "cp1252"),
        ("us-ascii", "“quoted”", "cp1252"),
        ("big5", "報表入面嘅數字唔啱", "big5hkscs"),
        ("koi8-r", "Отчёт о зарплате", "koi8-r"),
        ("iso-2022-jp", "年末調整", "iso2022_jp"),
    ],
)
def test_a_declared_charset_is_read_through_its_superset(label, text, written_as):
    assert decode_bytes(text.encode(written_as), label) == text


def test_a_bad_byte_in_a_legacy_charset_is_replaced_alone():
    # A lead byte without its second byte: that byte goes, the rest stays CP932.
    payload = "給与明細".encode("cp932") + b"\x81 " + "の印刷".encode("cp932")
    assert decode_bytes(payload, "shift_jis") == "給与明細\ufffd の印刷"


@pytest.mark.parametrize("label", [None, "", "us-ascii", "x-unknown"])
def test_iso_2022_jp_is_recognised_without_a_charset(label):
    payload = "年末調整の計算結果が正しくありません。".encode("iso2022_jp")
    assert decode_bytes(payload, label) == "年末調整の計算結果が正しくありません。"


def test_unknown_labels_fall_back_to_sniffing():
    assert read_as("x-unknown-charset") == ()
    assert decode_bytes("Åtgärd".encode(), "x-unknown-charset") == "Åtgärd"
    assert decode_bytes("Åtgärd".encode("cp1252"), None) == "Åtgärd"


@pytest.mark.parametrize(
    ("text", "written_as", "body_charsets"),
    [
        ("Fråga om lön", "utf-8", ()),
        ("給与明細の印刷エラー", "cp932", ("shift_jis",)),
        ("工资单打印失败", "gb2312", ("gb2312",)),
        ("Привет", "koi8-r", ("koi8-r",)),
        # No hint from the body: the common legacy charsets, in order.
        ("請求書の金額が違います", "cp932", ("utf-8",)),
        ("年末调整问题", "gbk", ()),
        ("Fråga om lön för säsongsanställda", "cp1252", ()),
        ("Återkoppling på ärendet", "cp1252", ("utf-8",)),
    ],
)
def test_raw_8bit_header_bytes_decode(text, written_as, body_charsets):
    assert decode_header_bytes(text.encode(written_as), body_charsets) == text


def headers_then_body(*headers: bytes, body: bytes = b"Hej\r\n") -> bytes:
    return b"\r\n".join(headers) + b"\r\n\r\n" + body


def test_raw_shift_jis_subject_and_name_use_the_body_charset():
    raw = headers_then_body(
        "From: 田中 <tanaka@example.jp>".encode("cp932"),
        "Subject: 給与明細の印刷エラー①".encode("cp932"),
        b"Message-ID: <sjis@example.jp>",
        b"Content-Type: text/plain; charset=Shift_JIS",
        body="お世話になっております。".encode("cp932"),
    )
    parsed = parse_message(raw)
    assert parsed.subject == "給与明細の印刷エラー①"
    assert (parsed.sender_name, parsed.sender_email) == ("田中", "tanaka@example.jp")
    assert parsed.text == "お世話になっております。"


def test_raw_gb2312_subject_mixed_with_an_encoded_word():
    raw = headers_then_body(
        b"From: zhang@example.cn",
        "Subject: 工资单 ".encode("gb2312") + b"=?utf-8?b?" + b"5omT5Y2w?=",
        b"Content-Type: text/plain; charset=gb2312",
    )
    assert parse_message(raw).subject == "工资单 打印"


def test_a_raw_iso_2022_jp_subject_is_decoded():
    raw = headers_then_body(
        b"From: tanaka@example.jp",
        b"Subject: " + "年末調整について".encode("iso2022_jp"),
    )
    assert parse_message(raw).subject == "年末調整について"


@pytest.mark.parametrize(
    ("name", "subject", "body"),
    [
        ("63_utf8_body_with_one_stray_byte.eml", "Skattetabell saknas i Lön", "lönekörningen"),
        ("64_gb2312_label_really_gbk.eml", "报表导出乱码", "我们的薪資报表在导出时出现乱码"),
        ("65_shift_jis_body_and_raw_subject.eml", "給与明細の印刷エラー①", "髙橋様の分だけです。"),
        ("66_iso2022jp_without_charset.eml", "年末調整について", "確認をお願いします。"),
        ("68_big5_label_really_hkscs.eml", "薪酬報表問題", "我哋已經改咗設定"),
        ("69_koi8r_body_and_subject.eml", "Ошибка в отчёте", "Отчёт о зарплате"),
        ("70_raw_8bit_gb2312_subject.eml", "工资单打印失败", "请尽快处理"),
        ("72_raw_cp1252_subject_ascii_body.eml", "Fråga om lön för säsongsanställda", "timlon"),
        ("73_euc_kr_label_really_cp949.eml", "급여 오류", "똠방각하"),
    ],
)
def test_corpus_messages_read_correctly(name, subject, body):
    parsed = parse_message(corpus_bytes(name))
    assert parsed.subject == subject
    assert body in parsed.text
    assert "\ufffd" not in parsed.text or name.startswith("63_")


def test_each_part_keeps_its_own_charset():
    parsed = parse_message(corpus_bytes("74_multipart_parts_in_different_charsets.eml"))
    assert "Första delen: lönekörningen stannar." in parsed.text
    assert "Andra delen: felkoden är ”L-17” – från Skatteverkets fil." in parsed.text


def test_a_raw_shift_jis_file_name_is_decoded():
    parsed = parse_message(corpus_bytes("76_raw_shift_jis_attachment_name.eml"))
    assert [a.filename for a in parsed.attachments] == ["請求書.pdf"]
