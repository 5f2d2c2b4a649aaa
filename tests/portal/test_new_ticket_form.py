from django.urls import reverse

from kundcenter.accounts.models import Membership, Module
from kundcenter.tickets.models import Attachment, Ticket
from tests import factories
from tests.portal import uploads
from tests.portal.helpers import ONLY_SUPERUSERS

NEW = reverse("portal:new")


def _data(**overrides):
    return {
        "module": Module.objects.get(slug="lon").pk,
        "category": "support",
        "title": "Semesterlönen blir fel",
        "description": "Semesterersättningen räknas på fel underlag i juni.",
        **overrides,
    }


def test_a_superuser_registers_a_ticket_and_sees_its_number(client, superuser_a, org_a):
    client.force_login(superuser_a)
    response = client.post(NEW, _data(), follow=True)
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:ticket", args=[ticket.number])
    html = response.content.decode()
    assert f"Your ticket has been registered with number {ticket.number}" in html
    assert ticket.organization == org_a and ticket.reporter == superuser_a
    assert ticket.module.slug == "lon"


def test_the_form_offers_the_customers_modules_and_hides_a_single_customer(client, superuser_a):
    client.force_login(superuser_a)
    response = client.get(NEW)
    form = response.context["form"]
    assert "organization" not in form.fields
    assert sorted(m.slug for m in form.fields["module"].queryset) == ["ekonomi", "lon"]
    assert 'id="kb-suggestions"' in response.content.decode()


def test_a_superuser_of_two_customers_chooses_one(client, superuser_a, org_b):
    factories.add_member(superuser_a, org_b, Membership.Role.SUPERUSER)
    client.force_login(superuser_a)
    assert "organization" in client.get(NEW).context["form"].fields
    client.post(NEW, _data(organization=org_b.pk))
    assert Ticket.objects.get().organization == org_b


def test_a_bug_without_service_level_is_refused_and_the_input_kept(client, superuser_a):
    client.force_login(superuser_a)
    response = client.post(NEW, _data(category="bug"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A software bug needs a service level" in html
    assert 'value="Semesterlönen blir fel"' in html
    assert "Semesterersättningen räknas på fel underlag i juni." in html
    assert not Ticket.objects.exists()


def test_a_bug_with_service_level_is_registered(client, superuser_a):
    client.force_login(superuser_a)
    client.post(NEW, _data(category="bug", service_level="2"))
    ticket = Ticket.objects.get()
    assert (ticket.category, ticket.service_level) == ("bug", 2)


def test_a_plain_user_is_refused_with_their_superusers_named(client, customer_user_a, superuser_a):
    client.force_login(customer_user_a)
    for response in (client.get(NEW), client.post(NEW, _data())):
        html = response.content.decode()
        assert ONLY_SUPERUSERS in html
        assert "Anna Berg" in html
        assert 'name="title"' not in html
    assert not Ticket.objects.exists()


def test_an_overdue_customer_is_refused_with_the_reason(client, superuser_a, org_a):
    org_a.payment_standing = "overdue"
    org_a.save(update_fields=["payment_standing"])
    client.force_login(superuser_a)
    for response in (client.get(NEW), client.post(NEW, _data())):
        assert "overdue payment" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_attachment_is_saved_with_the_ticket(client, superuser_a):
    client.force_login(superuser_a)
    client.post(NEW, {**_data(), "attachments": [uploads.png(), uploads.png("andra.png")]})
    ticket = Ticket.objects.get()
    files = list(Attachment.objects.filter(ticket=ticket).order_by("filename"))
    assert [f.filename for f in files] == ["andra.png", "skarmbild.png"]
    assert all(
        f.message is None and not f.internal and f.content_type == "image/png" for f in files
    )


def test_html_svg_and_oversize_files_are_refused_with_a_message(client, superuser_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(superuser_a)
    for upload, text in (
        (uploads.html(), "sida.html is not an allowed file type"),
        (uploads.svg(), "bild.svg is not an allowed file type"),
        (uploads.large_png(2000), "stor.png is too large"),
    ):
        response = client.post(NEW, {**_data(), "attachments": [upload]})
        html = response.content.decode()
        assert text in html
        assert "choose them again" in html
        assert 'value="Semesterlönen blir fel"' in html
    assert not Ticket.objects.exists()
