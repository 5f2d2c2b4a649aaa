"""Swedish that reads naturally where it read oddly (issue 14): status messages, the cost
proposal's history line, the level descriptions, "Våra ärenden" for a SuperUser who sees
the whole company's tickets, and "vi"/"er" instead of "leverantören"/"kunden" to the
customer."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kundcenter.tickets.models import Ticket, TicketEvent
from kundcenter.tickets.workflows import Category, Status
from tests import factories


@pytest.fixture
def swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def _followed(response):
    return response.content.decode()


def test_closing_by_confirming_the_fix_thanks_in_plain_swedish(swedish, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.VALIDATION)
    swedish.force_login(superuser_a)
    html = _followed(
        swedish.post(
            reverse("portal:step", args=[ticket.number]), {"target": "closed"}, follow=True
        )
    )
    assert f"Tack! Ärende {ticket.number} är avslutat." in html
    assert "är nu: Avslut" not in html


def test_a_staff_step_names_the_new_status(swedish, org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.BUG)
    swedish.force_login(specialist_hantverk)
    html = _followed(
        swedish.post(
            reverse("agent:transition", args=[ticket.number]), {"target": "escalated"}, follow=True
        )
    )
    assert "Ärendet har nu statusen ”Eskalerat”." in html
    assert "Ärendet är nu: Eskalerat." not in html


def test_the_cost_proposal_history_line_reads_as_a_sentence(swedish, org_a, superuser_a):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.ORDER)
    TicketEvent.objects.create(
        ticket=ticket, kind=TicketEvent.Kind.PROPOSAL, old_value="", new_value="pending"
    )
    swedish.force_login(superuser_a)
    html = swedish.get(reverse("portal:ticket", args=[ticket.number])).content.decode()
    assert "Kostnadsförslag: skickat, väntar på svar" in html
    assert "– → Väntar på kunden" not in html


def test_level_5_is_described_not_repeated(swedish, superuser_a):
    swedish.force_login(superuser_a)
    html = swedish.get(reverse("portal:new")).content.decode()
    assert "5 – standardnivå" in html
    assert "Standardnivån." not in html


def test_a_superuser_reads_our_tickets_a_plain_user_my_tickets(
    swedish, superuser_a, customer_user_a
):
    swedish.force_login(superuser_a)
    assert "Våra ärenden" in swedish.get(reverse("portal:list")).content.decode()
    swedish.force_login(customer_user_a)
    html = swedish.get(reverse("portal:list")).content.decode()
    assert "Mina ärenden" in html and "Våra ärenden" not in html


def test_customer_pages_speak_to_the_customer(swedish, org_a, superuser_a):
    swedish.force_login(superuser_a)
    grant = swedish.get(reverse("accounts:grant_access", args=[org_a.pk])).content.decode()
    page = swedish.get(reverse("accounts:organization_detail", args=[org_a.pk])).content.decode()
    for html in (grant, page):
        assert "Leverantören loggar" not in html
        assert "kundens uppsättning" not in html
    assert "Vi loggar bara in i er uppsättning" in page


def test_mail_and_staff_wording():
    with translation.override("sv"):
        hint = translation.gettext(
            "Answer this e-mail to add to the ticket; keep the ticket number in the subject."
        )
        billable = translation.gettext("Mark outside free support")
    assert "för att lägga till i ärendet" not in hint
    assert hint.startswith("Vill du lägga till något i ärendet?")
    assert billable == "Markera som debiterbart arbete"


def test_the_data_protection_request_form_registers_a_request_not_a_person(swedish, manager):
    swedish.force_login(manager)
    html = swedish.get(reverse("privacy:requests")).content.decode()
    main = html.split('<main id="main">', 1)[1]
    assert '<button type="submit">Registrera</button>' in main
    assert "Registrera dig" not in main
