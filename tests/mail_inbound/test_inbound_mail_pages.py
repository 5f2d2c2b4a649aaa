"""Staff read refused and automatic mail, and any message whole; customers never see it."""

import pytest
from django.urls import reverse

from kundcenter.mail.ingest import ingest
from tests.mail_inbound.conftest import corpus_bytes


def refused(n: int) -> bytes:
    raw = corpus_bytes("32_unknown_sender.eml")
    raw = raw.replace(b"Message-ID: <", f"Message-ID: <n{n}-".encode(), 1)
    return raw.replace(b"kalle.okand@gmail.com", f"kalle{n}@gmail.com".encode())


@pytest.fixture
def some_mail(mail_world):
    return {
        "refused": ingest(corpus_bytes("33_not_a_superuser.eml")).record,
        "loop": ingest(corpus_bytes("28_bounce_dsn.eml")).record,
        "ticket": ingest(corpus_bytes("39_outlook_signature_logo_and_attachment.eml")).record,
        "reply": ingest(corpus_bytes("13_reply_outlook_sv_header_block.eml")).record,
    }


def test_staff_see_refused_mail_with_the_reason(client, some_mail, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("mail:refused")).content.decode()
    assert "Kan inte logga in i Ekonomi" in page
    assert "Not a SuperUser" in page
    assert "Undelivered Mail" not in page  # bounces are on the "Automatic" tab
    automatic = client.get(reverse("mail:ignored")).content.decode()
    assert "Undelivered Mail" in automatic and "Bounce or delivery report" in automatic


def test_all_mail_can_be_found_by_ticket(client, some_mail, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("mail:list"), {"ticket": "2026-000001"}).content.decode()
    assert "Fråga om momsrapport" in page
    assert "Kan inte logga in" not in page


@pytest.mark.parametrize("who", ["superuser_a", "customer_user_a"])
def test_customers_get_404(client, some_mail, who, request):
    client.force_login(request.getfixturevalue(who))
    record = some_mail["refused"]
    for url in (
        reverse("mail:refused"),
        reverse("mail:list"),
        reverse("mail:message", args=[record.pk]),
        reverse("mail:original", args=[record.pk]),
        reverse("mail:attachment", args=[record.pk, 0]),
    ):
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("mail:refused"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_message_page_shows_the_new_text_and_the_full_original(
    client, some_mail, specialist_hantverk
):
    client.force_login(specialist_hantverk)
    record = some_mail["reply"]
    page = client.get(reverse("mail:message", args=[record.pk])).content.decode()
    assert "Jag har provat men felet kvarstår." in page
    assert "Prova att köra om periodiseringen" in page  # the quoted history, for staff
    assert "2026-000001" in page
    original = client.get(reverse("mail:original", args=[record.pk]))
    assert original["Content-Type"] == "message/rfc822"
    assert original.content == corpus_bytes("13_reply_outlook_sv_header_block.eml")


def test_attachments_of_a_message_download_and_never_render(client, some_mail, specialist_hantverk):
    client.force_login(specialist_hantverk)
    record = some_mail["ticket"]
    response = client.get(reverse("mail:attachment", args=[record.pk, 1]))
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"anstnr;namn;belopp")
    assert client.get(reverse("mail:attachment", args=[record.pk, 9])).status_code == 404


def test_the_list_does_a_constant_number_of_queries(
    client, mail_world, specialist_hantverk, django_assert_max_num_queries
):
    client.force_login(specialist_hantverk)
    for n in range(3):
        ingest(refused(n))
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("mail:refused"))
    for n in range(3, 33):
        ingest(refused(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("mail:refused")).content.decode()
    assert page.count("Hjälp med fakturering") == 33
