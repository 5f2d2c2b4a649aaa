"""The monthly billing export: billable time and accepted proposals of one month, with
ticket numbers, per customer and for all, as CSV that Excel reads."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse

from kundcenter.tickets import billing
from kundcenter.tickets.models import CostProposal, TimeEntry
from kundcenter.tickets.workflows import Category
from tests import factories
from tests.billing.helpers import propose

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
MARCH = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=STOCKHOLM)
EXPORT = reverse("agent:billing_export")


def _entry(ticket, user, day, minutes, *, billable=True, note=""):
    # Written directly: record_time refuses dates in the future, and these are fixed dates.
    return TimeEntry.objects.create(
        ticket=ticket,
        user=user,
        work_date=day,
        minutes=minutes,
        billable=billable,
        reason="order" if billable else "",
        note=note,
    )


def _accepted_order(org, superuser, staff, when, price):
    order = factories.make_ticket(org, superuser, category=Category.ORDER, title="Beställning")
    propose(order, staff, fixed_price=price, now=when)
    billing.decide_pending(order, superuser, accept=True)
    CostProposal.objects.filter(ticket=order).update(decided_at=when)
    return order


@pytest.fixture
def month_of_work(org_a, org_b, superuser_a, superuser_b, consultant):
    a = _accepted_order(org_a, superuser_a, consultant, MARCH, "12500")
    b = _accepted_order(org_b, superuser_b, consultant, MARCH, "4600")
    _entry(a, consultant, datetime.date(2026, 3, 2), 90, note="Mallbygge")
    _entry(a, consultant, datetime.date(2026, 3, 31), 30, note="Korrektur")
    _entry(a, consultant, datetime.date(2026, 3, 5), 45, billable=False, note="Intern")
    _entry(a, consultant, datetime.date(2026, 4, 1), 60, note="April")
    _entry(a, consultant, datetime.date(2026, 2, 28), 60, note="Februari")
    _entry(b, consultant, datetime.date(2026, 3, 10), 120, note="Utbildning")
    # Neither pending nor declined proposals are billed.
    pending = factories.make_ticket(org_a, superuser_a, category=Category.ORDER, title="Väntar")
    propose(pending, consultant, fixed_price="777", now=MARCH)
    return {"a": a, "b": b, "pending": pending}


def _rows(text):
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_all_customers_get_billable_time_and_accepted_proposals_of_the_month(month_of_work):
    rows = _rows(billing.billing_csv(2026, 3))
    a, b = month_of_work["a"], month_of_work["b"]
    assert sorted((r["ticket"], r["kind"], r["minutes"], r["amount_sek"]) for r in rows) == [
        (a.number, "proposal", "", "12500,00"),
        (a.number, "time", "30", ""),
        (a.number, "time", "90", ""),
        (b.number, "proposal", "", "4600,00"),
        (b.number, "time", "120", ""),
    ]
    notes = {r["note"] for r in rows}
    assert {"Intern", "April", "Februari"}.isdisjoint(notes)
    assert month_of_work["pending"].number not in {r["ticket"] for r in rows}


def test_one_customer_gets_only_its_own_rows(month_of_work, org_b):
    rows = _rows(billing.billing_csv(2026, 3, org_b))
    assert {r["ticket"] for r in rows} == {month_of_work["b"].number}
    assert {r["org_number"] for r in rows} == {org_b.org_number}


def test_a_proposal_accepted_late_on_the_last_evening_belongs_to_that_month(
    org_a, superuser_a, consultant
):
    evening = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=STOCKHOLM)  # 21:30 UTC
    order = _accepted_order(org_a, superuser_a, consultant, evening, "1000")
    assert [r["ticket"] for r in billing.billing_rows(2026, 3)] == [order.number]
    assert billing.billing_rows(2026, 4) == []


def test_text_that_excel_would_run_as_a_formula_is_neutralised(org_a, superuser_a, consultant):
    order = _accepted_order(org_a, superuser_a, consultant, MARCH, "1000")
    _entry(order, consultant, datetime.date(2026, 3, 3), 10, note='=HYPERLINK("x")')
    notes = [r["note"] for r in _rows(billing.billing_csv(2026, 3)) if r["kind"] == "time"]
    assert notes == ['\'=HYPERLINK("x")']


def test_the_download_is_a_csv_file_for_excel(client, month_of_work, manager, org_a):
    client.force_login(manager)
    response = client.get(EXPORT, {"month": "2026-03", "download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="billing-2026-03.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads å, ä, ö
    text = response.content.decode("utf-8-sig")
    assert "Bygg & Montage Norrland AB" in text and "Handelshuset Syd AB" in text

    response = client.get(
        EXPORT, {"month": "2026-03", "customer": org_a.org_number.replace("-", ""), "download": 1}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="billing-2026-03-{org_a.org_number}.csv"'
    )
    assert "Handelshuset Syd AB" not in response.content.decode("utf-8-sig")


def test_the_page_shows_last_month_by_default_with_a_summary(
    client, month_of_work, specialist_hantverk
):
    client.force_login(specialist_hantverk)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.context["form"]["month"].value() == billing_last_month()

    html = client.get(EXPORT, {"month": "2026-03"}).content.decode()
    assert "Bygg &amp; Montage Norrland AB" in html
    assert "120 min (2 h)" in html and "1 proposal, 12,500.00 kr" in html


def billing_last_month():
    from kundcenter.tickets.forms_billing import last_month

    return last_month()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"month": "mars"}, "Give the month as YYYY-MM"),
        ({"month": "2026-13"}, "Give the month as YYYY-MM"),
        ({"month": "2026-03", "customer": "123"}, "ten digits"),
        ({"month": "2026-03", "customer": "556677-8899"}, "No customer has"),
    ],
)
def test_wrong_input_is_explained_and_nothing_is_downloaded(client, manager, params, message):
    client.force_login(manager)
    response = client.get(EXPORT, {**params, "download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_last_month_in_january_is_december():
    from kundcenter.tickets.forms_billing import last_month

    assert last_month(datetime.date(2026, 1, 15)) == "2025-12"
    assert last_month(datetime.date(2026, 3, 31)) == "2026-02"
