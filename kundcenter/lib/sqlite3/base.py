"""Django's SQLite backend, plus the statistics upkeep SQLite recommends.

SQLite's documentation (PRAGMA optimize) recommends that applications run
`PRAGMA optimize` just before closing each database connection, so the query planner
gets statistics (ANALYZE) for the tables it used once they are missing or have grown a
lot, and does nothing otherwise (microseconds). The ANALYZE is a full one (about a
second at 100,000 tickets, after the response has gone): `PRAGMA analysis_limit` would
make it quick, but its sampled statistics claimed about 400 tickets per team and misled
the planner. settings.py selects this backend for every SQLite database.

The queue's queries are written to keep their intended indexes with statistics present
(kundcenter.tickets.queues; tests/agent/test_queue_plans_with_statistics.py).
"""

import logging

from django.db import DatabaseError
from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.in_atomic_block:
            try:
                self.connection.execute("PRAGMA optimize")
            except (DatabaseError, base.Database.Error) as exc:
                # Statistics are an optimisation: a busy or read-only database keeps the
                # ones it has, and the connection still closes.
                logger.warning("PRAGMA optimize skipped: %s", exc)
        super()._close()
