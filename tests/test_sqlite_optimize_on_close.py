"""SQLite connections run PRAGMA optimize before they close, as SQLite recommends: a
database whose tables were queried without statistics has them afterwards."""

import sqlite3

import pytest
from django.db import connection

from kundcenter.lib.sqlite3.base import DatabaseWrapper


def test_a_closing_connection_leaves_statistics_for_what_it_queried(tmp_path, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    # A database of this test's own, not the test database.
    with django_db_blocker.unblock():
        path = tmp_path / "optimize.sqlite3"
        wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="optimize")
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE queue (team INTEGER, due TEXT)")
            cursor.execute("CREATE INDEX queue_team ON queue (team, due)")
            cursor.executemany(
                "INSERT INTO queue VALUES (%s, %s)", [(n % 3, str(n)) for n in range(500)]
            )
            cursor.execute("SELECT due FROM queue WHERE team = %s ORDER BY due LIMIT 5", [1])
        wrapper.close()
    statistics = sqlite3.connect(path).execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()
    assert ("queue", "queue_team") in statistics
