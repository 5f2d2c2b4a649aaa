from django.core.management.base import BaseCommand

from kundcenter.sla.sweep import sweep


class Command(BaseCommand):
    help = "Warn at 75 % of handling time, mark and report service-level breaches (idempotent)."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"warned {len(result.warned)}, handling late {len(result.response_breached)}, "
            f"resolution late {len(result.resolution_breached)}"
        )
