"""The product department and the consultants can open, and take, the workflow steps the
table gives them: closing a feature request used to answer 404 (closing hands it back to
support), and a consultant could not acknowledge an order registered in the portal."""

from django.urls import reverse

from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, Lane, Status
from tests import factories


def test_the_product_department_closes_a_feature_request_and_still_sees_it(
    client, org_a, superuser_a, product_dev
):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.REQUEST)
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.DELIVERED, lane=Lane.PRODUCT)
    client.force_login(product_dev)
    response = client.post(
        reverse("agent:transition", args=[ticket.number]),
        {"target": Status.CLOSED},
        follow=True,
    )
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.number in response.content.decode()


def test_a_consultant_acknowledges_an_order_registered_in_the_portal(
    client, org_a, superuser_a, consultant
):
    ticket = factories.make_ticket(org_a, superuser_a, category=Category.ORDER)
    assert ticket.lane == Lane.SUPPORT
    client.force_login(consultant)
    assert client.get(reverse("agent:ticket", args=[ticket.number])).status_code == 200
    response = client.post(
        reverse("agent:transition", args=[ticket.number]), {"target": Status.RECEIVED}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RECEIVED


def test_the_lanes_still_do_not_see_other_categories(client, org_a, superuser_a, consultant):
    question = factories.make_ticket(org_a, superuser_a)
    client.force_login(consultant)
    assert client.get(reverse("agent:ticket", args=[question.number])).status_code == 404
