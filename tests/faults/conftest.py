"""Fixtures for the fault tests (issue 11): the site runs as real processes, on a database
of its own, with a private Redis and a real SMTP sink, and the tests break them.

The processes cannot see pytest-django's test database, so the session prepares its own:
a SQLite file, or a fresh PostgreSQL database when the run's DATABASE_URL is PostgreSQL;
migrated once, with the personas (helpers.MIGRATE_AND_SEED), and copied for each test
module. The tests read it with plain SQL, never through the ORM of the test process.
"""

import os
import shutil

import pytest

from tests.faults.helpers import (
    MIGRATE_AND_SEED,
    PostgresServer,
    Processes,
    RedisServer,
    SiteDatabase,
    copy_sqlite,
    site_env,
    start_sink,
)


def _postgres() -> PostgresServer | None:
    url = os.environ.get("DATABASE_URL", "")
    return PostgresServer(url) if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(scope="session")
def sink_server():
    """One real SMTP server for the whole run; `sink` empties it for each test."""
    server = start_sink()
    try:
        yield server
    finally:
        server.inbox.release.set()
        server.stop()


@pytest.fixture
def sink(sink_server):
    sink_server.inbox.reset()
    try:
        yield sink_server
    finally:
        sink_server.inbox.release.set()  # a held conversation ends with the test


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """The URL of a migrated database holding the personas, copied for each module."""
    work = tmp_path_factory.mktemp("faults-template")
    postgres = _postgres()
    if postgres:
        name = postgres.create("kc_faults_tpl")
        url = postgres.database_url(name)
    else:
        url = f"sqlite:///{work / 'site.sqlite3'}"
    processes = Processes(work)
    try:
        # The personas are demo data: what making them would cause is never recorded.
        env = site_env(url, work / "var", OUTBOX_SUPPRESSED=1)
        processes.script("migrate", env, MIGRATE_AND_SEED, timeout=300)
        yield url
    finally:
        processes.stop_all()
        if postgres:
            postgres.drop(name)


@pytest.fixture(scope="module")
def site_db(site_template, tmp_path_factory):
    """This module's own copy of the site database."""
    postgres = _postgres()
    if postgres:
        template = site_template.rsplit("/", 1)[1]
        name = postgres.create("kc_faults", template=template)
        try:
            yield SiteDatabase(postgres.database_url(name))
        finally:
            postgres.drop(name)
    else:
        work = tmp_path_factory.mktemp("faults-db")
        yield SiteDatabase(copy_sqlite(site_template, work / "site.sqlite3"))


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """The site's var/ folder (static root, beat schedules, uploaded files)."""
    return tmp_path_factory.mktemp("faults-var")


@pytest.fixture
def processes(tmp_path):
    """Start app processes; each is stopped (its whole process group) after the test."""
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A private redis-server's place (a free port); `redis` starts it for a test."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; CI must install it (apt redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("faults-redis"))
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def redis(redis_server):
    """The private Redis, running and empty; killed after the test."""
    redis_server.kill()
    redis_server.start()
    try:
        yield redis_server
    finally:
        redis_server.kill()
