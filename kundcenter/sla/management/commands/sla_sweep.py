from django.core.management.base import BaseCommand

from kundcenter.accounts.entitlements import record_expired_grants
from kundcenter.accounts.notify import warn_expiring_grants
from kundcenter.sla.sweep import sweep


class Command(BaseCommand):
    help = "Warn at 75 % of handling time, mark and report service-level breaches (idempotent)."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"warned {len(result.warned)}, handling late {len(result.response_breached)}, "
            f"resolution late {len(result.resolution_breached)}"
        )
        # Support access grants that ran out get their expiry in the customer's audit trail.
        self.stdout.write(f"access grants expired {record_expired_grants()}")
        # SuperUsers are told once when a grant ends within the hour (kundcenter.accounts.notify).
        self.stdout.write(f"access grants ending soon {warn_expiring_grants()}")
