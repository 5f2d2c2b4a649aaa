"""`manage.py rebuild_report_figures`: recompute every precomputed report figure from the
tickets (kundcenter.reports.figures). Idempotent; safe while the site runs (each batch is
its own short transaction, and an action changing a ticket meanwhile stores the same
figures itself)."""

from django.core.management.base import BaseCommand

from kundcenter.lib.bench import Stopwatch, format_duration, progress
from kundcenter.reports.figures import rebuild_durations
from kundcenter.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "Recompute the reports' precomputed figures (business-hour durations per ticket) "
        "from the tickets. Changes only what differs; run again, it changes nothing."
    )

    def handle(self, *args, **options):
        watch = Stopwatch()
        total = Ticket.objects.count()
        bar = progress(total, "Tickets", enabled=options["verbosity"] >= 1, unit="ticket")
        changed = rebuild_durations(on_batch=bar.update)
        bar.close()
        self.stdout.write(
            f"Business-hour durations: {changed:,} of {total:,} tickets changed "
            f"({format_duration(watch.seconds)})."
        )
