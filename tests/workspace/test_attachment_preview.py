"""Images and PDFs preview in the page, served only by the access-checked preview view;
anything else is a download only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kundcenter.tickets import actions
from kundcenter.tickets.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(ticket, author, name, data, content_type, internal=False):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    message = actions.reply(ticket, author, f"Bifogar {name}", files=[upload], internal=internal)
    return message.attachments.get()


def test_an_image_is_shown_inline_from_the_preview_view(client, superuser_a, ticket_a):
    image = _attach(ticket_a, superuser_a, "skarm.png", PNG, "image/png")
    client.force_login(superuser_a)
    url = reverse("portal:attachment_preview", args=[ticket_a.number, image.pk])
    page = client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert f'<img src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG


def test_a_pdf_is_shown_in_a_sandboxed_frame(client, specialist_hantverk, superuser_a, ticket_a):
    pdf = _attach(ticket_a, superuser_a, "faktura.pdf", PDF, "application/pdf")
    client.force_login(specialist_hantverk)
    url = reverse("portal:attachment_preview", args=[ticket_a.number, pdf.pk])
    page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert f'<iframe src="{url}" sandbox ' in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_pages_still_may_not_be_framed(client, superuser_a, ticket_a):
    client.force_login(superuser_a)
    response = client.get(reverse("portal:ticket", args=[ticket_a.number]))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_text_files_have_no_preview(client, superuser_a, ticket_a):
    text = _attach(ticket_a, superuser_a, "logg.txt", b"rad 1\nrad 2\n", "text/plain")
    client.force_login(superuser_a)
    url = reverse("portal:attachment_preview", args=[ticket_a.number, text.pk])
    assert url not in client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert client.get(url).status_code == 404


def test_a_file_whose_bytes_do_not_prove_its_type_has_no_preview(client, superuser_a, ticket_a):
    image = _attach(ticket_a, superuser_a, "skarm.png", PNG, "image/png")
    # Say the stored type were wrong (an older upload, a hand-edited row): SVG bytes.
    with image.file.storage.open(image.file.name, "wb") as handle:
        handle.write(b"<svg onload=alert(1)>")
    client.force_login(superuser_a)
    url = reverse("portal:attachment_preview", args=[ticket_a.number, image.pk])
    assert client.get(url).status_code == 404


def test_another_customer_and_customers_on_internal_files_get_404(
    client, superuser_a, specialist_hantverk, ticket_a, org_b, superuser_b
):
    image = _attach(ticket_a, superuser_a, "skarm.png", PNG, "image/png")
    internal = _attach(ticket_a, specialist_hantverk, "intern.png", PNG, "image/png", internal=True)
    client.force_login(superuser_b)
    assert (
        client.get(
            reverse("portal:attachment_preview", args=[ticket_a.number, image.pk])
        ).status_code
        == 404
    )
    client.force_login(superuser_a)
    url = reverse("portal:attachment_preview", args=[ticket_a.number, internal.pk])
    assert client.get(url).status_code == 404
    # The id of a file on another ticket does not work through this ticket's number.
    ticket_b = factories.make_ticket(org_b, superuser_b)
    client.force_login(superuser_b)
    assert (
        client.get(
            reverse("portal:attachment_preview", args=[ticket_b.number, image.pk])
        ).status_code
        == 404
    )
    assert Attachment.objects.count() == 2
