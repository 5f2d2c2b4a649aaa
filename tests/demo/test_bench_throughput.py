"""`manage.py bench_throughput` (issue 15) runs end to end, briefly, so that it cannot rot:
a migrated SQLite file of its own with a little bench data (the servers it starts cannot
see the test database), gunicorn for the site and for the bare project, wrk for one second
against each, and the table with the ratio. The figures themselves mean nothing here."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    shutil.which("wrk") is None,
    reason="wrk is not installed (apt-get install wrk); bench_throughput needs it",
)


def test_the_portal_page_is_measured_against_a_bare_django_view(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        KUNDCENTER_VAR_DIR=str(tmp_path / "var"),
        KUNDCENTER_TESTING="0",
        DEBUG="0",
    )

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("seed_bench", "--tickets", "60", "--customers", "3", "--seed", "1", "--force", "-v", "0")
    out = manage("bench_throughput", "--duration", "1", "--warmup", "0", "-v", "0")

    assert "Portal page /arenden/ as " in out
    summary = re.search(r"Bare view ([\d.]+) req/s, portal page ([\d.]+) req/s: ([\d.]+)%", out)
    assert summary, out
    bare, portal, ratio = map(float, summary.groups())
    assert bare > 0 and portal > 0
    assert ratio == pytest.approx(100 * portal / bare, abs=0.2)
