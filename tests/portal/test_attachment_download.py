from django.urls import reverse

from kundcenter.tickets import actions
from kundcenter.tickets.models import Attachment
from tests.portal import uploads


def _url(attachment):
    return reverse("portal:attachment", args=[attachment.ticket.number, attachment.pk])


def _public_file(org_a, superuser_a):
    from tests import factories

    ticket = factories.make_ticket(org_a, superuser_a, files=[uploads.png("fel i lön.png")])
    return Attachment.objects.get(ticket=ticket)


def test_the_owner_downloads_the_file_safely(client, org_a, superuser_a):
    attachment = _public_file(org_a, superuser_a)
    client.force_login(superuser_a)
    response = client.get(_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "fel" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == uploads.PNG


def test_another_customer_gets_not_found(client, org_a, superuser_a, superuser_b):
    attachment = _public_file(org_a, superuser_a)
    client.force_login(superuser_b)
    assert client.get(_url(attachment)).status_code == 404


def test_an_internal_file_is_not_found_for_the_customer_but_served_to_staff(
    client, ticket_a, superuser_a, specialist_hantverk
):
    message = actions.reply(
        ticket_a,
        specialist_hantverk,
        "Intern logg",
        internal=True,
        files=[uploads.png("intern.png")],
    )
    attachment = message.attachments.get()
    client.force_login(superuser_a)
    assert client.get(_url(attachment)).status_code == 404
    client.force_login(specialist_hantverk)
    assert client.get(_url(attachment)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, org_a, superuser_a):
    attachment = _public_file(org_a, superuser_a)
    response = client.get(_url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
