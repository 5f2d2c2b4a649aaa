"""In a real browser: the overview fits a 390 px phone (wide tables scroll inside their
card, never the page) and puts its panels side by side on a wide screen."""

import datetime

import pytest
from django.urls import reverse

from kundcenter.sla.policy import get_calendar
from kundcenter.tickets.models import Ticket
from tests.browser.helpers import DESKTOP, HORIZONTAL_OVERFLOW, PHONE, sign_in
from tests.reports.helpers import random_tickets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_overview_fits_a_phone_and_spreads_out_on_a_wide_screen(
    open_context, live_server, manager, org_a, superuser_a, org_b, superuser_b
):
    tickets = random_tickets(8, [(org_a, superuser_a), (org_b, superuser_b)])
    now = datetime.datetime.now(datetime.UTC)
    soon = get_calendar().add(now, datetime.timedelta(hours=1))
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(
        status="new",
        closed_at=None,
        created_at=now,
        next_due_at=soon,
        response_due_at=soon,
        response_breached_at=now,
        title="Lönekörningen avbryts med ett mycket långt felmeddelande om semesterlöneskuld",
    )

    phone = open_context(viewport=PHONE, language="en")
    sign_in(phone, manager, live_server)
    page = phone.new_page()
    page.goto(reverse("home"))
    assert page.url.endswith(reverse("reports:dashboard"))
    page.wait_for_load_state("load")
    overflow = page.evaluate(HORIZONTAL_OVERFLOW)
    assert overflow <= 1, f"the overview scrolls sideways by {overflow}px at 390px"
    for panel in page.locator("section.dashboard-panel").all():
        assert panel.bounding_box()["width"] <= PHONE["width"]

    wide = open_context(viewport=DESKTOP, language="en")
    sign_in(wide, manager, live_server)
    page = wide.new_page()
    page.goto(reverse("reports:dashboard"))
    first = page.locator('[data-panel="open"]').bounding_box()
    second = page.locator('[data-panel="new-today"]').bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]  # side by side
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1
