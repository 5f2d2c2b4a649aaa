"""The world inbound mail arrives in: customers, their people, tickets and a sent mail.

See corpus/expected.toml for the same list in words.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kundcenter.mail.models import OutboundMessage
from kundcenter.tickets import actions
from tests import factories

CORPUS = Path(__file__).parent / "corpus"
REGISTERED = datetime(2026, 1, 12, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
OUTBOUND_ID = "<kc.2026-000001.1.b7e2@kundcenter.example>"


def corpus_bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


@pytest.fixture
def overdue_superuser(db):
    org = factories.make_org("Sent Betalt AB", industry="Transport", overdue=True)
    return factories.make_superuser(org, "lisa.sen@sentbetalt.se", "Lisa Sen")


@pytest.fixture
def mail_world(
    settings,
    org_a,
    org_b,
    superuser_a,
    superuser_b,
    customer_user_a,
    overdue_superuser,
    specialist_hantverk,
):
    """Tickets 2026-000001 (org_a, open), -000002 (org_b, open), -000003 (org_a, closed),
    and one notification we sent about the first."""
    settings.SUPPORT_ADDRESS = "support@kundcenter.example"
    settings.ATTACHMENT_MAX_BYTES = 256 * 1024
    first = factories.make_ticket(org_a, superuser_a, now=REGISTERED)
    second = factories.make_ticket(org_b, superuser_b, title="Kassan", now=REGISTERED)
    third = factories.make_ticket(org_a, superuser_a, title="Exportfilen", now=REGISTERED)
    actions.close(third, specialist_hantverk, "duplicate", reason="Same as an older ticket.")
    assert [first.number, second.number, third.number] == [
        "2026-000001",
        "2026-000002",
        "2026-000003",
    ]
    OutboundMessage.record(OUTBOUND_ID, first)
    return {"org_a": org_a, "org_b": org_b, "tickets": [first, second, third]}
