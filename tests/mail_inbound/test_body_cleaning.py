"""Reply trimming: the new text stays, the quoted conversation and signature go."""

from kundcenter.mail.cleaning import clean_body


def test_interleaved_answers_keep_their_quotes():
    text = "> Which version do you run?\n2026.1\n\n> Which browser?\nEdge\n"
    assert clean_body(text) == "> Which version do you run?\n2026.1\n\n> Which browser?\nEdge"


def test_a_message_that_is_all_quote_is_kept_whole():
    text = "On Mon, 12 Jan 2026 at 10:00, Support <s@x.example> wrote:\n> Hello\n"
    assert clean_body(text) == text.strip()


def test_signature_separator_cuts_the_signature():
    assert clean_body("Thanks!\n\n-- \nAnna Berg\n070-123 45 67\n") == "Thanks!"


def test_a_from_line_in_the_text_is_not_a_header_block():
    text = "From: the start of March the report is wrong.\nPlease check.\n"
    assert clean_body(text) == text.strip()


def test_swedish_apple_mail_attribution():
    text = "Funkar nu!\n\n12 jan. 2026 kl. 14:03 skrev Kundcenter <support@kc.example>:\n\n> Hej\n"
    assert clean_body(text) == "Funkar nu!"


def test_swedish_thunderbird_attribution():
    text = "Tack.\n\nDen 2026-01-12 kl. 14:03, skrev Kundcenter:\n> Hej\n"
    assert clean_body(text) == "Tack."


def test_outlook_underscore_separator():
    text = "Ok.\n\n________________________________\nFrån: Kundcenter\nSkickat: den 12 januari\n"
    assert clean_body(text) == "Ok."


def test_a_forward_is_kept_whole():
    text = "FYI\n\n-- \nAnna\n\n-----Original Message-----\nFrom: Bank\nSent: today\n\nError 7\n"
    kept = clean_body(text, forwarded=True)
    assert kept == text.replace("-- \n", "--\n").strip()  # only trailing spaces go


def test_mobile_signature_at_the_end_goes():
    assert clean_body("Det fungerar.\n\nHämta Outlook för iOS\n") == "Det fungerar."
