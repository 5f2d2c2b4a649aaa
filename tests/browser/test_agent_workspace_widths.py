"""The agent queue and ticket page fit every width from a phone to a wide screen (issue
13): at 390, 1280 and 1920 px the page never scrolls sideways and no queue column is cut
off or hidden in a scrolled box; under 960 px the queue's rows become stacked cards with
their column names as labels. Screenshots go to test-results/screenshots/ (git-ignored)."""

from pathlib import Path

import pytest
from django.urls import reverse

from kundcenter.tickets import actions, billing
from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = (390, 768, 1024, 1280, 1920)  # and two tablets: cards at 768, the table at 1024
# Elements whose right edge lies beyond the window, or that are wider than their scroll
# box shows (a table cut off in an overflow container), named for the failure message.
CUT_OFF = """() => {
  // Visually hidden for screen readers only: inside a clipped box of 1 px.
  const hiddenByClip = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (a.getBoundingClientRect().width <= 1 && getComputedStyle(a).overflow === 'hidden') {
        return true;
      }
    }
    return false;
  };
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (hiddenByClip(el)) continue;
    const cut = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
      && el.tagName !== 'TEXTAREA' && el.tagName !== 'SELECT' && el.tagName !== 'INPUT';
    if (box.right > width + 1 || cut) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`
        + (cut ? ` scrolls ${el.scrollWidth}>${el.clientWidth}` : ''));
    }
  }
  return out.slice(0, 10);
}"""


@pytest.fixture
def busy_ticket(org_a, superuser_a, specialist_hantverk, manager):
    """A bug with everything the page can show: a long title and unbroken words, a
    conversation, an internal note, a cost proposal, time, an access grant."""
    org_a.name = "Byggnadsentreprenadföretaget Norrlandskustens Montage & Service AB"
    org_a.save(update_fields=["name"])
    bug = factories.make_ticket(
        org_a,
        superuser_a,
        category="bug",
        module="lon",
        service_level=2,
        title="Lönekörningen för timanställda kraschar vid export till bankfilsformatet ISO20022",
        description="Felkod: " + "EXPORT_BANKFIL_ISO20022_TIMEOUT_" * 6 + "\n" + "Text. " * 80,
    )
    actions.assign(bug, manager, specialist_hantverk)
    actions.reply(bug, specialist_hantverk, "Vi tittar på det. " + "https://" + "x" * 120)
    actions.reply(bug, specialist_hantverk, "Internt: kolla loggarna", internal=True)
    actions.reply(bug, superuser_a, "Tack! " * 30)
    billing.record_time(bug, specialist_hantverk, minutes=45, billable=False)
    return bug


@pytest.fixture
def full_queue(org_a, org_b, superuser_a, superuser_b, busy_ticket):
    for n in range(8):
        factories.make_ticket(
            org_a if n % 2 else org_b,
            superuser_a if n % 2 else superuser_b,
            category=["support", "bug", "request", "order"][n % 4],
            title=f"Ärende nummer {n} med en ganska lång rubrik om momsdeklarationen",
        )


def check_width(page, path, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"agent-{name}-{width}.png"), full_page=True)
    scroll_width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    cut = page.evaluate(CUT_OFF)
    assert scroll_width <= inner, f"{path} at {width}px is {scroll_width}px wide: {cut}"
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0
    assert not cut, f"{path} at {width}px cuts off: {cut}"


def test_queue_and_ticket_page_fit_390_1280_and_1920(
    open_context, live_server, specialist_hantverk, full_queue, busy_ticket
):
    context = open_context(language="en")
    sign_in(context, specialist_hantverk, live_server)
    page = context.new_page()
    for width in WIDTHS:
        check_width(page, reverse("agent:queue") + "?team=&assignee=", width, "queue")
        rows = page.locator("table.queue tbody tr")
        assert rows.count() == 9
        # Every column of the first row is on screen: nothing hidden off to the side.
        cells = rows.first.locator("td")
        assert cells.count() == 11  # the bulk-selection checkbox and ten columns
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        label = page.evaluate(
            "getComputedStyle(document.querySelector('table.queue tbody td:nth-child(2)'), "
            "'::before').content"
        )
        if width < 960:
            assert "Number" in label  # stacked cards name their columns
        else:
            assert label in ("none", "normal")
        check_width(page, reverse("agent:ticket", args=[busy_ticket.number]), width, "ticket")
