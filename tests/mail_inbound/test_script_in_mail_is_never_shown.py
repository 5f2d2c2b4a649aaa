"""A script in an e-mail is never shown unsanitized: not on the ticket it becomes (staff or
customer side), not on the inbound-mail pages, and the original is only a download."""

from email.message import EmailMessage

from django.urls import reverse

from kundcenter.mail.ingest import ingest

HOSTILE_HTML = (
    "<html><body><p>Hej, fakturan går inte att skicka"
    '<script>alert("kaka")</script></p>'
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">klicka</a>'
    '<iframe src="https://evil.example/"></iframe>'
    "<svg><script>alert(4)</script></svg></p></body></html>"
)
# What would run or load in the browser; the same words escaped as text are harmless.
DANGEROUS = ("<script", "<svg", " onerror=", 'href="javascript:', "<iframe")


def _html_mail(sender: str, subject: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@kundcenter.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash(subject))}@kund.example>"
    message.set_content(HOSTILE_HTML, subtype="html")
    return bytes(message)


def _assert_harmless(html: str):
    body = html.split("<main", 1)[-1]
    for needle in DANGEROUS:
        assert needle not in body, needle


def test_script_in_a_mail_becomes_a_harmless_ticket(
    client, mail_world, superuser_a, specialist_hantverk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(_html_mail(superuser_a.email, "Fakturan fastnar"))
    ticket = result.ticket
    assert ticket is not None
    assert "fakturan går inte att skicka" in ticket.description
    client.force_login(specialist_hantverk)
    staff_page = client.get(reverse("agent:ticket", args=[ticket.number]))
    assert staff_page.status_code == 200
    assert "fakturan går inte att skicka" in staff_page.content.decode()
    _assert_harmless(staff_page.content.decode())
    mail_page = client.get(reverse("mail:message", args=[result.record.pk]))
    assert mail_page.status_code == 200
    _assert_harmless(mail_page.content.decode())
    client.force_login(superuser_a)
    customer_page = client.get(reverse("portal:ticket", args=[ticket.number]))
    assert customer_page.status_code == 200
    _assert_harmless(customer_page.content.decode())


def test_script_in_a_refused_mail_is_harmless_on_the_staff_pages(
    client, mail_world, specialist_hantverk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(_html_mail("okand@nagonannan.example", "<script>alert(5)</script>"))
    assert result.ticket is None
    client.force_login(specialist_hantverk)
    listing = client.get(reverse("mail:refused"))
    assert listing.status_code == 200
    assert "&lt;script&gt;alert(5)" in listing.content.decode()
    _assert_harmless(listing.content.decode())
    detail = client.get(reverse("mail:message", args=[result.record.pk]))
    _assert_harmless(detail.content.decode())
    original = client.get(reverse("mail:original", args=[result.record.pk]))
    assert original["Content-Disposition"].startswith("attachment")
    assert original["X-Content-Type-Options"] == "nosniff"
    assert not original["Content-Type"].startswith("text/html")
