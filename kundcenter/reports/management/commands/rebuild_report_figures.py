"""`manage.py rebuild_report_figures`: recompute every precomputed report figure from the
rows they count: the business-hour durations on each ticket (kundcenter.reports.figures),
the report counts (kundcenter.tickets.counts), the times report's duration histograms
(kundcenter.tickets.timings), new tickets per customer and month
(kundcenter.tickets.customer_counts) and the deflection counts
(kundcenter.knowledge.suggestion_counts). Idempotent: a second run changes nothing.
Run it when no one changes tickets (after a bulk import, a restore, or a change of the
SLA calendar): each set of counts is replaced in one transaction from the rows' keys."""

from django.core.management.base import BaseCommand

from kundcenter.knowledge import suggestion_counts
from kundcenter.knowledge.models import SuggestionLog
from kundcenter.lib.bench import Stopwatch, format_duration, progress
from kundcenter.reports.figures import rebuild_durations
from kundcenter.tickets import counts, customer_counts, timings
from kundcenter.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "Recompute the reports' precomputed figures from the tickets: business-hour "
        "durations per ticket, the daily and monthly ticket counts, the monthly duration "
        "histograms, new tickets per customer and month and the new-ticket form "
        "(deflection) counts. Idempotent."
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

        for label, name, rebuild, rows, unit in (
            ("Counts", "Report counts", counts.rebuild, total, "ticket"),
            ("Histograms", "Duration histograms", timings.rebuild, total, "ticket"),
            ("Customers", "Customer counts", customer_counts.rebuild, total, "ticket"),
            (
                "Forms",
                "Deflection counts",
                suggestion_counts.rebuild,
                SuggestionLog.objects.count(),
                "form",
            ),
        ):
            watch = Stopwatch()
            bar = progress(rows, label, enabled=verbose, unit=unit)
            keys, cells = rebuild(on_batch=bar.update)
            bar.close()
            self.stdout.write(
                f"{name}: {keys:,} {unit}s recounted, {cells:,} counts written "
                f"({format_duration(watch.seconds)})."
            )
