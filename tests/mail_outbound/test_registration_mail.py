"""The registration mail, as a real SMTP server receives it: the number in the subject,
text and HTML parts, the reporter's own language, and headers that let replies find it."""

import pytest
from django.conf import settings

from kundcenter.mail.models import OutboundMessage, normalize_message_id
from tests import factories

pytestmark = pytest.mark.django_db


def register(org, reporter, capture):
    with capture(execute=True):
        return factories.make_ticket(org, reporter, title="Momsrapporten summerar fel")


def test_the_reporter_gets_the_number_in_a_text_and_html_mail(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    ticket = register(org_a, english, django_capture_on_commit_callbacks)

    [mail] = smtp.to(english.email)
    assert mail["Subject"] == f"[Ticket {ticket.number}] Momsrapporten summerar fel"
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"registered with number {ticket.number}" in text
    assert f"/arenden/{ticket.number}/" in text
    assert f"<strong>{ticket.number}</strong>" in html and '<html lang="en">' in html
    assert mail["Reply-To"] == settings.VENDOR_SUPPORT_EMAIL
    assert mail["Auto-Submitted"] == "auto-generated"


def test_the_message_id_is_ours_and_remembered_for_replies(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    ticket = register(org_a, english, django_capture_on_commit_callbacks)

    [mail] = smtp.to(english.email)
    message_id = mail["Message-ID"]
    assert message_id.startswith("<") and message_id.endswith("@kundcenter.example>")
    assert mail["In-Reply-To"] is None  # the first mail about a ticket starts its thread
    recorded = OutboundMessage.objects.get(message_id=normalize_message_id(message_id))
    assert recorded.ticket == ticket


def test_a_swedish_reporter_reads_swedish(
    smtp, org_a, superuser_a, django_capture_on_commit_callbacks
):
    assert superuser_a.language == "sv"
    ticket = register(org_a, superuser_a, django_capture_on_commit_callbacks)

    [mail] = smtp.to(superuser_a.email)
    assert mail["Subject"] == f"[Ärende {ticket.number}] Momsrapporten summerar fel"
    assert mail["Content-Language"] == "sv"
    text = mail.get_body(("plain",)).get_content()
    assert "Kategori: Supportfråga" in text and "Modul: Ekonomi" in text
    assert '<html lang="sv">' in mail.get_body(("html",)).get_content()


def test_an_english_reporter_reads_english(
    smtp, org_a, english, django_capture_on_commit_callbacks
):
    register(org_a, english, django_capture_on_commit_callbacks)

    [mail] = smtp.to(english.email)
    assert mail["Content-Language"] == "en"
    text = mail.get_body(("plain",)).get_content()
    assert "Category: Support question" in text and "Module: Ekonomi" in text
    assert text.startswith("Hello Anna,")


def test_the_team_hears_of_the_new_ticket_but_not_the_other_team(
    smtp,
    org_a,
    english,
    team_hantverk,
    team_handel,
    specialist_hantverk,
    specialist_handel,
    django_capture_on_commit_callbacks,
):
    for team in (team_hantverk, team_handel):
        team.email = f"{team.slug}@kundcenter.example"
        team.save()
    ticket = register(org_a, english, django_capture_on_commit_callbacks)

    [mail] = smtp.to(team_hantverk.email)  # one mail to the team's address
    assert smtp.to(specialist_hantverk.email) == []
    assert ticket.number in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert "Bygg & Montage Norrland AB (Anna Berg)" in text
    assert f"/agent/arenden/{ticket.number}/" in text
    assert smtp.to(team_handel.email) == smtp.to(specialist_handel.email) == []
