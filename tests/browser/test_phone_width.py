"""At phone width (390×844) the busiest pages fit the screen: no sideways scrolling."""

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, PHONE, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_fits(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    overflow = page.evaluate(HORIZONTAL_OVERFLOW)
    # One pixel of slack for sub-pixel rounding.
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {PHONE['width']}px"


@pytest.fixture
def tickets(org_a, superuser_a):
    bug = factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        module="lon",
        service_level=2,
        title="Lönekörningen för timanställda kraschar vid export till bankfilsformatet ISO20022",
        description="Exporten avbryts med felkod 500. " * 20,
    )
    question = factories.make_ticket(org_a, superuser_a)
    order = factories.make_ticket(
        org_a, superuser_a, category="order", title="Ny rapportlayout för projektuppföljning"
    )
    return [bug, question, order]


def test_customer_pages_fit_a_phone(open_context, live_server, superuser_a, tickets):
    context = open_context(viewport=PHONE, language="en")
    sign_in(context, superuser_a, live_server)
    page = context.new_page()
    assert_fits(page, reverse("portal:new"))
    assert_fits(page, reverse("portal:list"))
    assert_fits(page, reverse("portal:ticket", args=[tickets[0].number]))


def test_agent_pages_fit_a_phone(open_context, live_server, specialist_hantverk, tickets):
    context = open_context(viewport=PHONE, language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    assert_fits(page, reverse("agent:queue"))
    assert page.get_by_role("link", name=tickets[0].number).count() == 1
    assert_fits(page, reverse("agent:ticket", args=[tickets[0].number]))
