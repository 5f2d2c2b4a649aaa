"""In a real browser: the report pages fit a 390 px phone, and changing a filter updates
the results through htmx and leaves a bookmarkable URL behind."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import HORIZONTAL_OVERFLOW, PHONE, sign_in
from tests.reports.helpers import random_tickets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_pages_fit_a_phone_and_filters_update_the_url(
    open_context, live_server, manager, org_a, superuser_a, org_b, superuser_b, tmp_path
):
    random_tickets(12, [(org_a, superuser_a), (org_b, superuser_b)])
    context = open_context(viewport=PHONE, language="en")
    sign_in(context, manager, live_server)
    page = context.new_page()
    for name in ("reports:index", "reports:volumes", "reports:deflection"):
        page.goto(reverse(name))
        page.wait_for_load_state("load")
        overflow = page.evaluate(HORIZONTAL_OVERFLOW)
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 390px"

    page.goto(reverse("reports:volumes") + "?date_from=2026-10-01&date_to=2026-10-31")
    chart = page.locator("svg.chart").first
    box = chart.bounding_box()
    assert box["width"] <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "volumes-phone.png"), full_page=True)
    chart.screenshot(path=str(tmp_path / "chart-phone.png"))
    page.locator("#id_grouping").select_option("month")
    expect(page).to_have_url(re.compile(r"grouping=month"))
    expect(page.locator('table[data-table="periods"] tbody tr')).to_have_count(1)
    assert "date_from=2026-10-01" in page.url
