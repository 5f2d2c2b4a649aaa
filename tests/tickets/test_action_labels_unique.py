"""Every button on a ticket page says what it does, and no two say the same: two
"Escalate to the product department" buttons (a workflow step and a hand-over), or
"Revoke" beside "Withdraw the ticket", left people guessing which one to press."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.accounts.models import SupportAccessGrant
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import WORKFLOWS, Status
from tests import factories


class _Buttons(HTMLParser):
    """The visible labels of the page's buttons."""

    def __init__(self):
        super().__init__()
        self.names, self._text = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button":
            self._text = []
        elif tag == "input" and attrs.get("type") == "submit":
            self.names.append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._text is not None:
            self.names.append(" ".join("".join(self._text).split()))
            self._text = None


def button_names(html: str) -> list[str]:
    """The buttons of the page's main part (the header's are the same on every page)."""
    parser = _Buttons()
    parser.feed(html.split('<main id="main">', 1)[1].split("</main>", 1)[0])
    return [n for n in parser.names if n]


def _states():
    for category, workflow in WORKFLOWS.items():
        for status in workflow.states:
            if status != Status.CLOSED:
                yield category, status
        yield category, Status.WAITING


def _ticket_in(org, reporter, category, status):
    ticket = factories.make_ticket(org, reporter, category=category)
    states = WORKFLOWS[category].states
    resume = states[1] if status == Status.WAITING else ""
    Ticket.objects.filter(pk=ticket.pk).update(status=status, resume_status=resume)
    return ticket


def _with_access_grant(org, superuser, ticket):
    now = timezone.now()
    SupportAccessGrant.objects.create(
        organization=org,
        granted_by=superuser,
        ticket=ticket,
        starts_at=now,
        expires_at=now + timezone.timedelta(hours=8),
    )


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize(("category", "status"), list(_states()))
def test_button_labels_are_unique_on_each_ticket_page(
    client, org_a, superuser_a, manager, category, status, language
):
    ticket = _ticket_in(org_a, superuser_a, category, status)
    _with_access_grant(org_a, superuser_a, ticket)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for who, url in (
        (superuser_a, reverse("portal:ticket", args=[ticket.number])),
        (manager, reverse("agent:ticket", args=[ticket.number])),
    ):
        client.force_login(who)
        page = client.get(url)
        assert page.status_code == 200
        names = button_names(page.content.decode())
        twice = [name for name, n in Counter(names).items() if n > 1]
        assert not twice, f"{url} as {who}: the same label on several buttons: {twice}"
        # A bare verb beside a longer label that starts with it ("Revoke" beside "Revoke
        # the ticket") does not say which thing it acts on.
        bare = [
            (short, full)
            for short in names
            if len(short.split()) == 1
            for full in names
            if full != short and full.split()[0] == short
        ]
        assert not bare, f"{url} as {who}: a bare verb beside a longer label: {bare}"
