"""Tickets for the dashboard tests, with their SLA columns set directly (no clock), and
small helpers to read the dashboard's figures back."""

from kundcenter.tickets import counts
from kundcenter.tickets.models import Ticket
from tests import factories
from tests.reports.helpers import STOCKHOLM, local  # noqa: F401 - re-exported for the tests


def ticket(customer, **fields) -> Ticket:
    """A registered ticket of `customer` (organization, superuser) with `fields` set as given."""
    org, reporter = customer
    made = factories.make_ticket(org, reporter, title=fields.pop("title", "Fråga om moms"))
    Ticket.objects.filter(pk=made.pk).update(**fields)
    # Set past save(): recounted as the SLA sweep recounts its UPDATEs (the report
    # counts some panels add up).
    counts.recount_pks([made.pk])
    made.refresh_from_db()
    return made


def reset_sla(**fields) -> dict:
    """The SLA columns cleared, then `fields`: so the registration's own clock never counts."""
    cleared = {
        "next_due_at": None,
        "response_due_at": None,
        "resolution_due_at": None,
        "handling_started_at": None,
        "response_breached_at": None,
        "resolution_breached_at": None,
        "paused_at": None,
    }
    cleared.update(fields)
    return cleared
