"""`bench_reports` opens the dashboard, every report, an export and the customer's own
report on bench data, and each answers 200 (the figures themselves are not checked)."""

import random
from io import StringIO

from django.core.management import call_command

from kundcenter.reports.management.commands.bench_reports import Command


def test_every_scenario_prints_a_row_with_status_200(db):
    call_command("seed_bench", tickets=60, customers=3, seed=7, force=True, verbosity=0)
    out = StringIO()
    call_command(
        "bench_reports", in_process=True, iterations=1, warmup=0, seed=1, verbosity=0, stdout=out
    )
    lines = out.getvalue().splitlines()
    command = Command()
    command.rng = random.Random(1)
    labels = [scenario.label for scenario in command.scenarios()]
    assert len(labels) >= 14
    for label in labels:
        row = next((line for line in lines if line.startswith(f"{label}  ")), None)
        assert row is not None, f"no row for {label!r}:\n{out.getvalue()}"
        assert row[len(label) :].split()[0] == "200", row
    assert "HTTP" not in out.getvalue()
