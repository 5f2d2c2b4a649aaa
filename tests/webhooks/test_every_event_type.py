"""Every event type an endpoint can choose is sent when it happens, through the same
domain actions the pages use: updates, SLA alerts, access grants, surveys."""

import json
from datetime import timedelta

from kundcenter.accounts import entitlements
from kundcenter.sla import sweep
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from tests import factories


def _types(receiver):
    return [json.loads(r["body"])["type"] for r in receiver.requests if "staff" not in r["path"]]


def test_service_level_and_category_changes_are_updates(
    receiver, committed, endpoint_a, org_a, superuser_a, specialist_hantverk
):
    bug = committed(
        lambda: factories.make_ticket(org_a, superuser_a, category="bug", service_level=4)
    )
    committed(
        lambda: actions.change_service_level(bug, specialist_hantverk, 2, reason="Brådskande")
    )
    assert _types(receiver)[-1] == "ticket.updated"
    change = json.loads(receiver.requests[-1]["body"])["data"]["change"]
    assert change == {"field": "level", "from": "4", "to": "2", "reason": "Brådskande"}


def test_access_granted_and_revoked(receiver, committed, endpoint_a, org_a, superuser_a):
    grant = committed(lambda: entitlements.grant_access(org_a, superuser_a, "support", hours=24))
    committed(lambda: entitlements.revoke_access(grant, superuser_a))
    assert _types(receiver) == ["access.granted", "access.revoked"]
    data = json.loads(receiver.requests[-1]["body"])["data"]
    assert data["organization"]["id"] == org_a.pk and data["grant"]["revoked_at"]


def test_sla_warning_and_breach(receiver, committed, endpoint_a, org_a, superuser_a):
    bug = committed(
        lambda: factories.make_ticket(org_a, superuser_a, category="bug", service_level=1)
    )
    due = Ticket.objects.get(pk=bug.pk).response_due_at
    receiver.requests.clear()
    committed(lambda: sweep.sweep(now=due + timedelta(minutes=1)))
    types = _types(receiver)
    assert "sla.breached" in types
    assert all(
        json.loads(r["body"])["data"]["ticket"]["number"] == bug.number for r in receiver.requests
    )
