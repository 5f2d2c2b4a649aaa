"""Staff log the calls they take from the agent side; to customers the page does not exist."""

import pytest
from django.urls import reverse

from kundcenter.lib.errors import ActionError
from kundcenter.tickets import phone
from kundcenter.tickets.models import PhoneCall, TicketEvent

URL = "agent:log_call"


def test_a_specialist_logs_a_call_on_a_ticket(client, specialist_hantverk, ticket_a, team_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse(URL), {"ticket": ticket_a.number})
    assert page.status_code == 200
    assert f'value="{ticket_a.number}"' in page.content.decode()
    response = client.post(
        reverse(URL),
        {
            "waited_seconds": "185",
            "team": team_hantverk.pk,
            "ticket": ticket_a.number,
            "caller_number": "070-555 12 34",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("agent:ticket", args=[ticket_a.number])
    call = PhoneCall.objects.get()
    assert call.source == PhoneCall.Source.STAFF and call.external_id == ""
    assert call.waited_seconds == 185 and call.team == team_hantverk
    assert call.handled_by == specialist_hantverk
    assert call.ticket == ticket_a and call.organization == ticket_a.organization
    assert call.caller_number == "0705551234"
    event = TicketEvent.objects.get(ticket=ticket_a, kind=TicketEvent.Kind.PHONE)
    assert event.actor == specialist_hantverk and not event.public
    ticket_page = client.get(response.url).content.decode()
    assert "waited 185 s" in ticket_page and "The call has been logged." in ticket_page


def test_a_call_without_a_ticket_goes_back_to_the_form(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    response = client.post(reverse(URL), {"waited_seconds": "40"})
    assert response.status_code == 302 and response.url == reverse(URL)
    assert PhoneCall.objects.get().ticket is None


def test_the_queue_and_the_ticket_page_link_to_the_form(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    assert reverse(URL) in client.get(reverse("agent:queue")).content.decode()
    ticket_page = client.get(reverse("agent:ticket", args=[ticket_a.number])).content.decode()
    assert f"{reverse(URL)}?ticket={ticket_a.number}" in ticket_page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"waited_seconds": "-5"}, "greater than or equal to 0"),
        ({"waited_seconds": ""}, "This field is required."),
        ({"waited_seconds": "30", "ticket": "2020-999999"}, "No ticket has the number"),
        ({"waited_seconds": "30", "started_at": "2999-01-01T10:00"}, "in the future"),
    ],
)
def test_bad_input_logs_nothing_and_says_why(client, specialist_hantverk, data, error):
    client.force_login(specialist_hantverk)
    response = client.post(reverse(URL), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not PhoneCall.objects.exists()


def test_with_htmx_a_refused_form_comes_back_alone(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    response = client.post(reverse(URL), {"waited_seconds": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and "<html" not in html


def test_with_htmx_a_logged_call_redirects_the_page(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    response = client.post(
        reverse(URL),
        {"waited_seconds": "10", "ticket": ticket_a.number},
        HTTP_HX_REQUEST="true",
    )
    assert response.headers["HX-Redirect"] == reverse("agent:ticket", args=[ticket_a.number])


@pytest.mark.parametrize("who", ["superuser_a", "customer_user_a"])
def test_customers_get_404(client, request, who, ticket_a):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(URL)).status_code == 404
    response = client.post(reverse(URL), {"waited_seconds": "10", "ticket": ticket_a.number})
    assert response.status_code == 404
    assert not PhoneCall.objects.exists()


def test_anonymous_people_are_sent_to_the_login(client, db):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_action_refuses_customers(superuser_a):
    with pytest.raises(ActionError, match="Only support staff"):
        phone.log_call(by=superuser_a, waited_seconds=10)
