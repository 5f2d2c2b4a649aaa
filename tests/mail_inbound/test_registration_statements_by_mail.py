"""A ticket registered by e-mail does before its commit only what the rules need (issue 15);
its notifications are made from the outbox row afterwards. The budget fails a change that
adds a statement."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundcenter.mail.ingest import ingest
from tests.mail_inbound.conftest import corpus_bytes

# The inbound message claimed, the sender, their customer, the active modules (to find the
# one the subject names), its licence and training checked (by ingest, then by the
# action), the number, the ticket, its count, its event, the outbox row, and the inbound
# message's outcome. The list is printed when it fails.
EMAIL_BUDGET = 12
TEST_ONLY = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def test_a_registration_by_e_mail_stays_within_its_statements(mail_world):
    with CaptureQueriesContext(connection) as captured:
        result = ingest(corpus_bytes("01_outlook_new_ticket_sv.eml"))
    assert result.outcome == "ticket_created"
    run = [q["sql"] for q in captured.captured_queries if not TEST_ONLY.match(q["sql"])]
    assert len(run) <= EMAIL_BUDGET, "\n".join(run)
