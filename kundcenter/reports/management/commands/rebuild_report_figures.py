"""`manage.py rebuild_report_figures`: recompute every precomputed report figure from the
tickets: the business-hour durations on each ticket (kundcenter.reports.figures) and the
report counts (kundcenter.tickets.counts). Idempotent: a second run changes nothing.
Run it when no one changes tickets (after a bulk import, a restore, or a change of the
SLA calendar): the counts are replaced in one transaction from the tickets' keys."""

from django.core.management.base import BaseCommand

from kundcenter.lib.bench import Stopwatch, format_duration, progress
from kundcenter.reports.figures import rebuild_durations
from kundcenter.tickets import counts
from kundcenter.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "Recompute the reports' precomputed figures from the tickets: business-hour "
        "durations per ticket and the daily and monthly ticket counts. Idempotent."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1
        total = Ticket.objects.count()

        watch = Stopwatch()
        bar = progress(total, "Durations", enabled=verbose, unit="ticket")
        changed = rebuild_durations(on_batch=bar.update)
        bar.close()
        self.stdout.write(
            f"Business-hour durations: {changed:,} of {total:,} tickets changed "
            f"({format_duration(watch.seconds)})."
        )

        watch = Stopwatch()
        bar = progress(total, "Counts", enabled=verbose, unit="ticket")
        keys, cells = counts.rebuild(on_batch=bar.update)
        bar.close()
        self.stdout.write(
            f"Report counts: {keys:,} tickets recounted, {cells:,} counts written "
            f"({format_duration(watch.seconds)})."
        )
