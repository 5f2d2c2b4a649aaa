"""In a real browser, with screenshots (issue 12): the support manager lands on the
overview, opens the volumes report, changes its filters over htmx and downloads the table
as CSV; a customer's SuperUser reads "Vår service till er" with only their own figures.

The screenshots are written to test-results/screenshots/ (git-ignored) for people to look
at; the assertions do not depend on them.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, HORIZONTAL_OVERFLOW, PHONE, log_in, speak_english
from tests.reports.helpers import expected_periods
from tests.reports.sla_helpers import FIRST, LAST, counts, sla_tickets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PANELS = ["open", "new-today", "due-soon", "breaches", "compliance"]


@pytest.fixture
def screenshot_folder():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def row_texts(rows) -> list[str]:
    """Expected table rows as the rows' text content (cells side by side, no spaces)."""
    return ["".join(str(cell) for cell in row) for row in rows]


def shown_table(page, key) -> tuple[list[str], list[list[str]]]:
    table = page.locator(f'table[data-table="{key}"]')
    header = [t.strip() for t in table.locator("thead th").all_text_contents()]
    rows = [
        [t.strip() for t in row.locator("td").all_text_contents()]
        for row in table.locator("tbody tr").all()
    ]
    return header, rows


def fits_the_width(page):
    overflow = page.evaluate(HORIZONTAL_OVERFLOW)
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_manager_dashboard_report_filters_export_and_a_superusers_own_report(
    open_context,
    live_server,
    manager,
    org_a,
    superuser_a,
    org_b,
    superuser_b,
    screenshot_folder,
):
    # Twice as many tickets for the other customer, so their counts cannot be mistaken.
    a, b = (org_a, superuser_a), (org_b, superuser_b)
    tickets = sla_tickets(42, [a, b, b])
    speak_english(manager, superuser_a)

    # 1. The manager logs in (password and second factor) and lands on the overview.
    context = open_context(viewport=DESKTOP, language="en")
    page = context.new_page()
    log_in(page, manager)
    expect(page).to_have_url(re.compile(re.escape(reverse("reports:dashboard")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    panels = page.locator("section.dashboard-panel")
    expect(panels).to_have_count(len(PANELS))
    assert [p.get_attribute("data-panel") for p in panels.all()] == PANELS
    page.screenshot(path=str(screenshot_folder / "dashboard.png"), full_page=True)
    page.set_viewport_size(PHONE)
    expect(page.locator('[data-panel="open"]')).to_be_visible()
    fits_the_width(page)
    page.screenshot(path=str(screenshot_folder / "dashboard-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    # 2. The volumes report: a bar per week, then per month, then bugs only, over htmx.
    page.goto(reverse("reports:index"))
    page.get_by_role("main").get_by_role("link", name="Volumes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volumes")
    filters = page.get_by_role("search", name="Filter the report")
    filters.locator("#id_date_from").fill(FIRST.isoformat())
    filters.locator("#id_date_to").fill(LAST.isoformat())
    filters.locator("#id_grouping").select_option("week")
    expect(page).to_have_url(re.compile(r"grouping=week"))
    assert f"date_from={FIRST}" in page.url and f"date_to={LAST}" in page.url

    periods = page.locator('table[data-table="periods"] tbody tr')
    weekly = expected_periods(tickets, FIRST, LAST, "week")
    expect(periods).to_have_text(row_texts(weekly))
    section = page.locator("section.report-section").filter(has=page.locator("#section-periods"))
    chart = section.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar.series-0")).to_have_count(len(weekly))
    page.screenshot(path=str(screenshot_folder / "volumes-week.png"), full_page=True)

    filters.locator("#id_grouping").select_option("month")
    expect(page).to_have_url(re.compile(r"grouping=month"))
    monthly = expected_periods(tickets, FIRST, LAST, "month")
    expect(periods).to_have_text(row_texts(monthly))
    expect(chart.locator("rect.bar.series-0")).to_have_count(len(monthly))

    filters.locator("#id_category").select_option("bug")
    expect(page).to_have_url(re.compile(r"category=bug"))
    assert "grouping=month" in page.url
    bugs = [t for t in tickets if t.category == "bug"]
    monthly_bugs = expected_periods(bugs, FIRST, LAST, "month")
    assert monthly_bugs != monthly
    expect(periods).to_have_text(row_texts(monthly_bugs))
    page.screenshot(path=str(screenshot_folder / "volumes-month-bugs.png"), full_page=True)

    # The URL is a bookmark: opened afresh it shows the same table.
    bookmark = page.url
    page.goto(bookmark)
    expect(periods).to_have_text(row_texts(monthly_bugs))
    assert filters.locator("#id_category").input_value() == "bug"

    # 3. The CSV export holds the rows the page shows.
    header, rows = shown_table(page, "periods")
    assert rows == [[str(cell) for cell in row] for row in monthly_bugs]
    with page.expect_download() as info:
        section.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == f"volymer-periods-{FIRST}-{LAST}.csv"
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert exported == [header, *rows]

    # 4. A customer's SuperUser: their own organisation's figures, never the other's.
    phone = open_context(viewport=PHONE, language="en")
    page = phone.new_page()
    log_in(page, superuser_a)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Our service to you"
    ).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("reports:our_service"))))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Our service to you")
    expect(main).to_contain_text(org_a.name)
    expect(main).not_to_contain_text(org_b.name)
    own = [t for t in tickets if t.organization_id == org_a.pk]
    others = [t for t in tickets if t.organization_id == org_b.pk]
    _header, category_rows = shown_table(page, "categories")
    assert sum(int(row[-1]) for row in category_rows) == len(own) != len(others)
    in_time, late, *_rest = counts(own)
    expect(page.locator('[data-total="handling"]')).to_contain_text(
        f"({in_time} in time, {late} late)"
    )
    fits_the_width(page)
    page.screenshot(path=str(screenshot_folder / "our-service-390.png"), full_page=True)
