"""HTML and SVG are refused whatever the file is called, and what is accepted is always
served as a download the browser will not sniff or render inline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.tickets.models import Attachment, Ticket
from tests import factories

NEW = reverse("portal:new")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
XML_SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'


def _data(upload):
    return {
        "module": Module.objects.get(slug="lon").pk,
        "category": "support",
        "title": "Semesterlönen blir fel",
        "description": "Semesterersättningen räknas på fel underlag i juni.",
        "attachments": [upload],
    }


@pytest.mark.parametrize(
    ("name", "content", "claimed_type"),
    [
        ("skarmbild.png", HTML, "image/png"),
        ("logg.txt", HTML, "text/plain"),
        ("LOGG.TXT", b"   \n<HTML><script>alert(1)</script>", "text/plain"),
        ("bild.png", SVG, "image/png"),
        ("anteckning.txt", SVG, "text/plain"),
        ("data.csv", XML_SVG, "text/csv"),
        ("sida", HTML, "application/octet-stream"),
    ],
)
def test_html_and_svg_are_refused_whatever_the_name(
    client, superuser_a, name, content, claimed_type
):
    client.force_login(superuser_a)
    upload = SimpleUploadedFile(name, content, content_type=claimed_type)
    response = client.post(NEW, _data(upload))
    assert response.status_code == 200
    assert f"{name} is not an allowed file type" in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_text_file_mentioning_a_script_is_served_as_a_plain_download(client, org_a, superuser_a):
    text = SimpleUploadedFile(
        "logg.txt", b"Fel i korningen:\n<script>alert(1)</script>\n", content_type="text/html"
    )
    ticket = factories.make_ticket(org_a, superuser_a, files=[text])
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.content_type == "text/plain"  # from the content, not the claim
    client.force_login(superuser_a)
    response = client.get(reverse("portal:attachment", args=[ticket.number, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
