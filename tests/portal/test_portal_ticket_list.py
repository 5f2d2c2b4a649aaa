from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import CloseReason
from tests import factories
from tests.portal.helpers import ONLY_SUPERUSERS

LIST = reverse("portal:list")
NEW_BUTTON = f'class="button" href="{reverse("portal:new")}"'


def test_open_and_resolved_tickets_are_on_their_own_tabs(client, superuser_a, org_a, ticket_a):
    done = factories.make_ticket(org_a, superuser_a, title="Klar fråga")
    actions.close(done, superuser_a, CloseReason.WITHDRAWN)
    client.force_login(superuser_a)
    open_html = client.get(LIST).content.decode()
    assert ticket_a.number in open_html and done.number not in open_html
    resolved_html = client.get(LIST, {"tab": "resolved"}).content.decode()
    assert done.number in resolved_html and ticket_a.number not in resolved_html


def test_the_list_filters_by_category(client, superuser_a, ticket_a, bug_a):
    client.force_login(superuser_a)
    html = client.get(LIST, {"category": "bug"}).content.decode()
    assert bug_a.number in html and ticket_a.number not in html
    html = client.get(LIST).content.decode()
    assert bug_a.number in html and ticket_a.number in html


def test_newest_activity_comes_first(client, superuser_a, org_a):
    old = factories.make_ticket(org_a, superuser_a, title="Gammal")
    new = factories.make_ticket(org_a, superuser_a, title="Ny")
    Ticket.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() + timedelta(hours=1))
    client.force_login(superuser_a)
    numbers = [t.number for t in client.get(LIST).context["page"]]
    assert numbers == [old.number, new.number]


def test_another_customers_tickets_are_absent(client, superuser_a, org_b, superuser_b, ticket_a):
    other = factories.make_ticket(org_b, superuser_b, title="Hemlig fråga hos B")
    client.force_login(superuser_a)
    html = client.get(LIST).content.decode()
    assert ticket_a.number in html
    assert other.number not in html and "Hemlig fråga hos B" not in html


def test_a_superuser_gets_a_new_ticket_button(client, superuser_a):
    client.force_login(superuser_a)
    assert NEW_BUTTON in client.get(LIST).content.decode()


def test_a_plain_user_is_told_who_their_superusers_are(
    client, customer_user_a, superuser_a, ticket_a
):
    client.force_login(customer_user_a)
    html = client.get(LIST).content.decode()
    assert ONLY_SUPERUSERS in html
    assert "Anna Berg" in html
    assert NEW_BUTTON not in html
    assert ticket_a.number not in html  # reported by the SuperUser, not by this user


def test_an_overdue_customer_sees_why_support_is_paused(client, superuser_a, org_a):
    org_a.payment_standing = "overdue"
    org_a.save(update_fields=["payment_standing"])
    client.force_login(superuser_a)
    html = client.get(LIST).content.decode()
    assert "overdue payment" in html
    assert NEW_BUTTON not in html


def test_the_list_is_paginated(client, superuser_a, org_a, settings):
    settings.TICKETS_PER_PAGE = 2
    for i in range(3):
        factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}")
    client.force_login(superuser_a)
    first = client.get(LIST)
    assert len(first.context["page"]) == 2 and first.context["page"].has_next()
    assert "page=2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page"]) == 1


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
