from django.core.management.base import BaseCommand

from kundcenter.sla.bench import run_benchmark


class Command(BaseCommand):
    """Print how many business-calendar operations per second one core manages."""

    help = "Measure the speed of the SLA business-hours calendar (operations per second)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200_000, help="short additions")
        parser.add_argument("--long-count", type=int, default=50_000, help="long additions")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, count, long_count, seed, **options):
        run_benchmark(count=count, long_count=long_count, seed=seed, write=self.stdout.write)
