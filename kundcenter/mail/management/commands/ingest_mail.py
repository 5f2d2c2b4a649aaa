"""`manage.py ingest_mail`: the MTA pipe, one process per message.

Started once per message, so its start-up is most of its cost: it runs no system checks
and no migration check (`manage.py check` and the deployment do that once), and imports
ingestion only when there is a message. The HTTP mail gate (kundcenter.mail.gate, with
contrib/kundcenter-mailgate) avoids the start-up altogether.
"""

import logging
import sys

from django.core.management.base import BaseCommand

log = logging.getLogger(__name__)

# sysexits.h: an MTA (e.g. Postfix's pipe) bounces on EX_DATAERR and retries later on
# EX_TEMPFAIL, so a database outage delays mail instead of losing it.
EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    """Ingest one RFC 5322 message read from standard input (for an MTA pipe)."""

    help = "Read one e-mail from standard input and ingest it (ticket, reply or refusal)."
    # Half of a start-up went into the system checks; a pipe runs thousands of times a
    # day, and the site it feeds has passed them already.
    requires_system_checks = []
    requires_migrations_checks = False

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("No message on standard input.")
            sys.exit(EX_DATAERR)
        try:
            from kundcenter.mail import ingest
            from kundcenter.mail.models import InboundMessage

            result = ingest.ingest(raw, source=InboundMessage.Source.PIPE)
        except Exception:
            log.exception("could not ingest a piped message; the MTA should retry")
            self.stderr.write("Could not ingest the message now; try again later.")
            sys.exit(EX_TEMPFAIL)
        ticket = f" {result.ticket.number}" if result.ticket else ""
        self.stdout.write(f"{result.outcome}{ticket}")
