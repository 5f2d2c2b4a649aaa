"""Orders from the service catalog are a channel of their own in the volumes report:
the channel breakdown counts them separately, and the channel filter picks them out."""

from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from kundcenter.reports.framework import DateRange
from kundcenter.reports.volumes import volumes
from tests import factories
from tests.reports.helpers import FIRST, LAST, local, place


def run(**filters):
    data = {"dates": DateRange(FIRST, LAST), "grouping": "day", "breakdown": "channel"}
    data.update(filters)
    return volumes(data, Q())


def catalog_and_portal_tickets(org, reporter):
    """Three catalog orders (one closed in the range, one registered before it and still
    open, one after it) and two portal orders, counted by hand below."""
    made = []
    for channel, created, closed in (
        ("catalog", local(2026, 10, 3), local(2026, 10, 9)),
        ("catalog", local(2026, 9, 20), None),
        ("catalog", local(2026, 11, 2), None),  # after the range: not counted
        ("portal", local(2026, 10, 5), None),
        ("portal", local(2026, 10, 6), None),
    ):
        ticket = factories.make_ticket(org, reporter, category="order")
        made.append(place(ticket, created=created, closed=closed, channel=channel))
    return made


def test_the_channel_breakdown_counts_catalog_orders_on_their_own_row(org_a, superuser_a):
    catalog_and_portal_tickets(org_a, superuser_a)
    with translation.override("en"):
        rows = {label: [n, c, o] for label, n, c, o in run().table("breakdown").rows}
    # Catalog: one new in October (closed in October too), one open from September.
    assert rows["Service catalog"] == [1, 1, 1]
    assert rows["Portal"] == [2, 0, 2]
    assert set(rows) == {"Service catalog", "Portal"}


def test_the_breakdown_is_labelled_in_swedish(org_a, superuser_a):
    catalog_and_portal_tickets(org_a, superuser_a)
    with translation.override("sv"):
        labels = [row[0] for row in run().table("breakdown").rows]
    assert "Tjänstekatalogen" in labels


def test_the_channel_filter_picks_out_catalog_orders(org_a, superuser_a):
    catalog_and_portal_tickets(org_a, superuser_a)
    rows = run(channel="catalog", breakdown="category").table("periods").rows
    assert sum(row[1] for row in rows) == 1  # new in October
    assert sum(row[2] for row in rows) == 1  # closed in October


def test_the_report_page_offers_the_catalog_channel(client, manager):
    client.force_login(manager)
    page = client.get(reverse("reports:volumes"), {"channel": "catalog"})
    assert page.status_code == 200
    assert 'value="catalog" selected' in page.content.decode()
