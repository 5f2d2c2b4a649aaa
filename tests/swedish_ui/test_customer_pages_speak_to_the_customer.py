"""Every page a customer reads, in Swedish, speaks to them ("ni", "er", "vi"), never of
"kunden" or "leverantören" in the third person, and has no English left in it (issue 14:
"review every Swedish string, not only these"). The ticket has been through the steps
that leave history lines: waiting for the customer, the customer's answer, closing."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kundcenter.accounts.models import CustomerEvent
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories

pytestmark = pytest.mark.django_db

THIRD_PERSON = re.compile(
    r"\b(?:[Kk]unden|[Kk]undens|[Ll]everantören|[Ll]everantörens|[Vv]äntar på kund)\b"
)
ENGLISH = re.compile(r"\b(?:[Tt]icket|[Cc]ustomer|[Uu]ser|TOTP|[Dd]evices?)\b|\(user\)")


@pytest.fixture
def history(org_a, superuser_a, specialist_hantverk):
    """A ticket that waited for the customer, got their answer, and another closed one."""
    ticket = factories.make_ticket(org_a, superuser_a)
    # The lines written as the customer answers are in the language of that moment.
    with translation.override("sv"):
        actions.transition(ticket, specialist_hantverk, Status.WAITING)
        actions.reply(ticket, superuser_a, "Här är skärmbilden ni bad om.")
    return ticket


@pytest.fixture
def audit_trail(org_a):
    """One line of every kind in the customer's audit trail."""
    for kind in CustomerEvent.Kind:
        CustomerEvent.objects.create(organization=org_a, kind=kind)


def _main(html: str) -> str:
    text = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", text)


def test_customer_pages_never_speak_of_the_customer_in_the_third_person(
    client, org_a, superuser_a, history, audit_trail
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(superuser_a)
    pages = [
        reverse("home"),
        reverse("portal:list"),
        reverse("portal:new"),
        reverse("portal:ticket", args=[history.number]),
        reverse("accounts:organization"),
        reverse("accounts:organization_detail", args=[org_a.pk]),
        reverse("accounts:grant_access", args=[org_a.pk]),
        reverse("accounts:customer_events", args=[org_a.pk]),
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
        reverse("privacy:my_data"),
        reverse("privacy:my_log"),
        reverse("privacy:policy"),
        reverse("contact"),
        reverse("sla:terms"),
    ]
    problems = []
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = _main(response.content.decode())
        for pattern in (THIRD_PERSON, ENGLISH):
            found = sorted({m.group(0) for m in pattern.finditer(text)})
            if found:
                problems.append(f"{url}: {found}")
    assert not problems, "\n".join(problems)


def test_the_join_form_asks_for_the_company_not_the_customer(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(factories.make_user("ny.person@example.com"))
    text = _main(client.get(reverse("accounts:join")).content.decode())
    assert not THIRD_PERSON.search(text), text
