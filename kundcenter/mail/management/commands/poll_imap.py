import logging
import time

from django.core.management.base import BaseCommand, CommandError

from kundcenter.mail.imap import ImapConfig, poll

log = logging.getLogger(__name__)


class Command(BaseCommand):
    """Read the support mailbox (IMAP_* settings) and ingest every new message."""

    help = "Poll the IMAP mailbox: new mail becomes tickets, replies or refusals."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="poll once and exit")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="seconds between polls (default 60)"
        )
        parser.add_argument("--limit", type=int, default=None, help="at most N messages a poll")

    def handle(self, *args, once, interval, limit, **options):
        try:
            config = ImapConfig.from_settings()
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        while True:
            try:
                result = poll(config, limit=limit, progress=progress)
            except Exception as exc:
                if once:
                    raise CommandError(f"Polling {config.host} failed: {exc}") from exc
                # Running on: whatever was not marked done is read again next time.
                log.exception("polling %s failed; trying again in %s s", config.host, interval)
            else:
                if options["verbosity"] >= 1:
                    self.stdout.write(result.summary())
            if once:
                return
            time.sleep(interval)
