"""The overview's matrix of open tickets per team and lane matches a count of the raw
tickets: closed ones left out, waiting and paused ones in, every team and lane shown."""

from collections import Counter

from django.urls import reverse

from kundcenter.accounts.models import Team
from kundcenter.reports.dashboard import open_by_team_and_lane
from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Lane
from tests.conftest import login
from tests.reports.helpers import random_tickets


def _expected():
    counts = Counter((t.team_id, t.lane) for t in Ticket.objects.all() if t.status != "closed")
    return {
        team.name: [counts[(team.pk, lane)] for lane in Lane.values] for team in Team.objects.all()
    }


def test_open_matrix_counts_each_team_and_lane(customers):
    tickets = random_tickets(30, customers)
    # Some open tickets wait for the customer: still open.
    for t in tickets[:6]:
        if t.status != "closed":
            Ticket.objects.filter(pk=t.pk).update(status="waiting")
    matrix = open_by_team_and_lane()
    assert [lane for lane, _label in matrix.lanes] == Lane.values
    got = {row.team.name: row.counts for row in matrix.rows}
    assert got == _expected()
    assert matrix.total == Ticket.objects.exclude(status="closed").count()
    assert matrix.lane_totals == [
        Ticket.objects.exclude(status="closed").filter(lane=lane).count() for lane in Lane.values
    ]
    assert all(row.total == sum(row.counts) for row in matrix.rows)


def test_a_team_without_open_tickets_shows_zeros(customers):
    matrix = open_by_team_and_lane()
    teams = set(Team.objects.values_list("name", flat=True))
    assert {row.team.name for row in matrix.rows} == teams
    assert matrix.total == 0 and all(row.counts == [0, 0, 0] for row in matrix.rows)


def test_matrix_cells_link_to_the_filtered_queue(client, manager, customers, team_hantverk):
    org, reporter = customers[0]
    random_tickets(3, customers)
    Ticket.objects.filter(team=team_hantverk).update(status="new", closed_at=None, lane="product")
    login(client, manager)
    html = client.get(reverse("reports:dashboard")).text
    queue = reverse("agent:queue")
    assert f"{queue}?team={team_hantverk.pk}&amp;lane=product&amp;status=open" in html
