"""On a phone the customer's ticket list shows each ticket's status and our target on
screen, not beyond the right edge of a sideways-scrolling table."""

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.helpers import PHONE, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_status_and_our_target_are_on_screen_at_390px(
    open_context, live_server, org_a, superuser_a
):
    factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        module="lon",
        service_level=2,
        title="Lönekörningen för timanställda kraschar vid export till bankfilsformatet",
    )
    context = open_context(viewport=PHONE, language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    page.goto(reverse("portal:list"))
    for header in ("Status", "Our target"):
        box = page.get_by_role("columnheader", name=header).bounding_box()
        assert box is not None, f"{header} is not shown"
        assert box["x"] + box["width"] <= PHONE["width"], f"{header} is off-screen: {box}"
    badge = page.locator(".ticket-list tbody tr").first.locator("td").nth(2)
    box = badge.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
