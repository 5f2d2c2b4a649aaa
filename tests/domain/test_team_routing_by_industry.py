"""A ticket goes to the team of its customer's industry; staff can move it."""

import pytest

from kundcenter.accounts.models import Team
from kundcenter.tickets import actions
from kundcenter.tickets.actions import ActionError
from kundcenter.tickets.models import TicketEvent
from tests import factories
from tests.domain.helpers import snapshot

HANTVERK = "hantverk-transport-konsult"
HANDEL = "handel-tjanste-org"

# DOMAIN.md's two team lists.
ROUTING = {
    "El- och VVS-installatörer": HANTVERK,
    "Bygg": HANTVERK,
    "Transport": HANTVERK,
    "Plåt & Vent": HANTVERK,
    "Energi": HANTVERK,
    "Säkerhet/Lås/Larm": HANTVERK,
    "IT-företag": HANTVERK,
    "Dagligvaruhandel": HANDEL,
    "Detaljhandel": HANDEL,
    "Fackhandel": HANDEL,
    "Vård/Omsorg": HANDEL,
    "Hotell & Restaurang": HANDEL,
    "Tillverkande företag": HANDEL,
    "Organisationer": HANDEL,
    "Redovisning/Revision": HANDEL,
    "Bank & Finans": HANDEL,
    "Lantbruk": HANDEL,
}


@pytest.mark.parametrize(("industry", "team"), ROUTING.items(), ids=list(ROUTING))
def test_ticket_goes_to_its_customers_industry_team(db, industry, team):
    org = factories.make_org(industry=industry)
    ticket = factories.make_ticket(org, factories.make_superuser(org))
    assert ticket.team.slug == team


def test_ticket_keeps_its_team_when_the_customer_changes_industry(ticket_a, org_a, team_handel):
    org_a.industry = team_handel.industries.first()
    org_a.save(update_fields=["industry"])
    ticket_a.refresh_from_db()
    assert ticket_a.team.slug == HANTVERK


def test_staff_move_a_ticket_to_another_team(ticket_a, specialist_hantverk, team_handel):
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    ticket = actions.move_team(ticket_a, specialist_hantverk, team_handel, reason="Handelskund")
    ticket.refresh_from_db()
    assert ticket.team == team_handel
    assert ticket.assignee is None  # the new team picks it up from its queue
    event = ticket.events.get(kind=TicketEvent.Kind.TEAM)
    assert (event.old_value, event.new_value, event.actor, event.reason, event.public) == (
        Team.objects.get(slug=HANTVERK).name,
        team_handel.name,
        specialist_hantverk,
        "Handelskund",
        False,
    )


def test_moving_to_the_same_team_changes_nothing(ticket_a, specialist_hantverk, team_hantverk):
    before = snapshot(ticket_a)
    actions.move_team(ticket_a, specialist_hantverk, team_hantverk)
    assert snapshot(ticket_a) == before


@pytest.mark.parametrize("persona", ["superuser_a", "customer_user_a", "superuser_b"])
def test_customers_cannot_move_a_ticket(request, ticket_a, team_handel, persona):
    before = snapshot(ticket_a)
    with pytest.raises(ActionError):
        actions.move_team(ticket_a, request.getfixturevalue(persona), team_handel)
    assert snapshot(ticket_a) == before
