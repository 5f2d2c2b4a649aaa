"""Two delivery processes at once over the same waiting mail (issue 11: two workers, or a
scheduler beside a worker's beat): each row is claimed by one of them with a conditional
UPDATE, so every mail reaches the mail server exactly once, on SQLite and PostgreSQL.
"""

import re

from tests.faults.helpers import script_args, site_env, wait_until

N = 30

# Recorded with the hand-over switched off: nobody delivers them until the two runs.
RECORD = f"""
from django.db import transaction

from kundcenter.outbox import events

events.hand_over = lambda ids: None
with transaction.atomic():
    for n in range({N}):
        events.record_mail(
            {{"to": [f"kund{{n}}@example.se"], "subject": f"Mail {{n}}", "body": "Text"}}
        )
"""

# One run of the periodic jobs (run_scheduler --once), started when the test says go, so
# that both processes begin together, whatever their start-up took.
RUN_ON_GO = """
import os
import time
from pathlib import Path

from django.core.management import call_command

Path(os.environ["READY_FILE"]).touch()
while not Path(os.environ["GO_FILE"]).exists():
    time.sleep(0.01)
call_command("run_scheduler", once=True)
"""

DELIVERED = re.compile(r"deliver_outbox: delivered (\d+)")


def test_two_runs_at_once_send_each_mail_once(site_db, sink, processes, var_dir, tmp_path):
    env = site_env(site_db.url, var_dir, smtp_port=sink.port)
    processes.script("record", env, RECORD)
    assert len(site_db.outbox()) == N
    # The mail server takes its time, so that the two runs overlap for certain.
    sink.inbox.data_delay = 0.03

    go = tmp_path / "go"
    runs = [
        processes.start(
            f"run-{n}",
            script_args(RUN_ON_GO),
            {**env, "READY_FILE": str(tmp_path / f"ready-{n}"), "GO_FILE": str(go)},
        )
        for n in (1, 2)
    ]
    wait_until(
        lambda: all((tmp_path / f"ready-{n}").exists() for n in (1, 2)),
        60,
        "both runs to start",
        processes.logs,
    )
    go.touch()
    for run in runs:
        wait_until(lambda run=run: not run.running(), 60, f"{run.name} to end", processes.logs)
        assert run.popen.returncode == 0, run.output()

    delivered = [int(DELIVERED.search(run.output()).group(1)) for run in runs]
    assert sum(delivered) == N
    assert all(delivered), f"the runs did not overlap: {delivered}"
    for n in range(N):
        assert len(sink.to(f"kund{n}@example.se")) == 1, n
    assert len(sink.messages) == N
    assert site_db.outbox() == []
