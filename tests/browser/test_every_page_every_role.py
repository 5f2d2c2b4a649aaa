"""Every page reachable from the menus, as each role, at 390, 1280 and 1920 px: nothing
scrolls sideways, and a Swedish page has no English left in it (a list of common English
UI words is enough to catch a missed translation). A screenshot of each page at each width
is written to test-results/screenshots/pages/ (git-ignored; CI keeps it as an artifact).

One browser for the whole run and one context per role; each page is loaded once and
resized to the three widths, so the test stays well under two minutes.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from kundcenter.academy.models import NewsItem
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Status
from tests import factories
from tests.browser.helpers import HORIZONTAL_OVERFLOW, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "pages"
WIDTHS = (390, 1280, 1920)
HEIGHT = 900

# Common words of an English UI that a Swedish page should not show. Matched as whole
# words, case-sensitive where the Swedish word is spelt the same in lower case.
ENGLISH = re.compile(
    r"\b(?:[Tt]ickets?|[Cc]ustomers?|[Tt]he|Submit|Save|Cancel|Delete|[Dd]evices|"
    r"[Pp]age|Log in|Log out|Search|Previous|Next|Open|Closed|Status:|Settings|"
    r"Yes|No|[Uu]ser|[Ee]mail|Download|Upload|Required|Choose|Select|Edit|Update)\b"
    r"|\(user\)"
)
# Not English UI text: the vendor's and the product's names, addresses and code.
NOT_UI = re.compile(
    r"[\w.+-]+@[\w.-]+|https?://\S+|Exempel Software AB|Service & Kvalitet|SuperUsers?"
)
# Links in the menus and the footer lead to every page; these are not pages to check.
SKIP = re.compile(r"^/(?:admin/|api/|i18n/|media/|static/)|\.(?:csv|json|ics)$|/export/?$")


def _menu_links(page, selector="header nav a[href], footer a[href]") -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("mailto", "tel") or (parts.netloc and "localhost" not in parts.netloc):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not SKIP.search(parts.path) and path not in paths:
            paths.append(path)
    return paths


def _english_words(page) -> list[str]:
    text = page.evaluate("document.querySelector('body').innerText")
    # Code shown as code (a webhook's event type "ticket.created") is not UI text.
    for code in page.eval_on_selector_all("code, pre, kbd", "els => els.map(e => e.innerText)"):
        text = text.replace(code, " ", 1)
    text = NOT_UI.sub(" ", text)
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def _check(page, role, path, problems):
    response = page.goto(path)
    assert response is not None
    if response.status >= 400:
        problems.append(f"{role} {path}: answers {response.status}")
        return
    if page.evaluate("document.documentElement.lang") == "sv":
        words = _english_words(page)
        if words:
            problems.append(f"{role} {path}: English on a Swedish page: {words}")
    slug = re.sub(r"[^\w]+", "-", path).strip("-") or "start"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        overflow = page.evaluate(HORIZONTAL_OVERFLOW)
        if overflow > 1:
            problems.append(f"{role} {path}: scrolls sideways by {overflow}px at {width}px")
        # What a person sees first at this width (a full-page shot of every page would
        # double the test's time).
        page.screenshot(path=str(SCREENSHOTS / f"{role}-{slug}-{width}.jpg"), quality=70)


@pytest.fixture
def world(org_a, superuser_a, specialist_hantverk, manager, consultant, product_dev, admin_user):
    """A little of everything, so lists have rows: a bug with the product department, an
    order with the consultants, a question, and a news item."""
    bug = factories.make_ticket(
        org_a, superuser_a, category="bug", module="lon", service_level=2,
        title="Lönekörningen för timanställda kraschar vid export till bankfilsformatet",
    )  # fmt: skip
    Ticket.objects.filter(pk=bug.pk).update(status=Status.ESCALATED, lane="product")
    factories.make_ticket(org_a, superuser_a, category="order", title="Ny rapportlayout")
    factories.make_ticket(org_a, superuser_a)
    NewsItem.objects.create(
        title="Nytt kontor i Umeå", body="Vi har öppnat ett kontor i **Umeå**.", language="sv",
        published_on=timezone.localdate(),
    )  # fmt: skip
    return {
        "anonymous": None,
        "superuser": superuser_a,
        "specialist": specialist_hantverk,
        "manager": manager,
        "consultant": consultant,
        "product": product_dev,
        "admin": admin_user,
    }


def test_every_menu_page_fits_and_is_swedish_for_every_role(open_context, live_server, world):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, visited = [], 0
    for role, user in world.items():
        context = open_context(viewport={"width": WIDTHS[0], "height": HEIGHT})
        if user is not None:
            sign_in(context, user, live_server)
        page = context.new_page()
        page.goto("/")
        queue = [urlsplit(page.url).path, *_menu_links(page)]
        menu, seen, kinds = set(queue), set(), set()
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            _check(page, role, path, problems)
            visited += 1
            if len(seen) == 1:
                # The menus are the same on every page; the first page's are enough.
                queue += [p for p in _menu_links(page) if p not in seen]
            if path in menu:
                # One step further from a menu page: one page of each kind it links to
                # (a ticket, an article, a customer, my data …), not every one of them.
                for link in _menu_links(page, "main a[href]"):
                    kind = re.sub(r"\d+", "N", link)
                    if "?" not in link and kind not in kinds and link not in seen:
                        kinds.add(kind)
                        queue.append(link)
        context.close()
    assert visited > 40, f"only {visited} pages visited"
    assert not problems, "\n".join(problems)
