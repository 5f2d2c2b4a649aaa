"""With DEBUG off and no SECRET_KEY, the processes that serve the site refuse to start
(kundcenter.ops.secret_key): the WSGI application gunicorn loads and the Celery worker and
beat, each with a message naming SECRET_KEY and how to make one. A key given, they start;
DEBUG on (`make run`), the generated key is used as before; and `manage.py` still runs, so
`check --deploy` can report the missing key (kundcenter.E004).

Each process is real and of its own (not a test run), started as contrib/ starts it.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from kundcenter.lib.bench import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KEY = "secret-key-test-" + "k" * 50
START_SECONDS = 120


def environment(tmp_path, **extra) -> dict:
    """A production process's environment: DEBUG off, no SECRET_KEY (unless `extra` gives
    one), no broker, this host's generated key kept under `tmp_path`."""
    dropped = {
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "DEBUG",
        "REDIS_URL",
        "CACHE_URL",
        "KUNDCENTER_TESTING",
        "PROMETHEUS_MULTIPROC_DIR",
    }
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="kundcenter.settings",
        KUNDCENTER_TESTING="0",
        KUNDCENTER_VAR_DIR=str(tmp_path / "var"),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def run(argv, env, timeout=START_SECONDS) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def assert_refused(done: subprocess.CompletedProcess, process: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert f"SECRET_KEY is not set and DEBUG is off: the {process} refuses to start" in output
    assert "secrets.token_urlsafe(50)" in output  # how to make one


class Started:
    """A long-running process whose output goes to a file; stopped by `stop()`."""

    def __init__(self, argv, env, log: Path):
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition, what: str):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            if self.popen.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{what}: not seen\n{self.output()}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


# --- the web server -------------------------------------------------------------------------


def test_the_wsgi_application_refuses_to_load_without_secret_key_when_debug_is_off(tmp_path):
    done = run([sys.executable, "-c", "import kundcenter.wsgi"], environment(tmp_path))
    assert_refused(done, "web server (kundcenter.wsgi)")


def test_the_wsgi_application_loads_with_a_secret_key_or_while_debugging(tmp_path):
    probe = [sys.executable, "-c", "import kundcenter.wsgi; print('loaded')"]
    with_key = run(probe, environment(tmp_path, SECRET_KEY=KEY))
    assert with_key.returncode == 0 and "loaded" in with_key.stdout, with_key.stderr
    # `make run`: DEBUG on, the key this host made once, as before.
    debugging = run(probe, environment(tmp_path, DEBUG="1"))
    assert debugging.returncode == 0 and "loaded" in debugging.stdout, debugging.stderr
    assert (tmp_path / "var" / "secret_key").exists()


def gunicorn() -> list[str]:
    """contrib/kundcenter-web.service's ExecStart, from this checkout."""
    return [str(BIN / "gunicorn"), "-c", str(ROOT / "contrib" / "gunicorn.py"), "kundcenter.wsgi"]


def test_gunicorn_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    port = free_port()
    env = environment(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    done = run(gunicorn(), env)
    assert_refused(done, "web server (kundcenter.wsgi)")
    # The master loads the application (preload) and stops with one line, no traceback.
    assert "Error: SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_gunicorn_serves_with_a_secret_key(tmp_path):
    port = free_port()
    env = environment(
        tmp_path,
        SECRET_KEY=KEY,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        SECURE_SSL_REDIRECT="0",
    )
    server = Started(gunicorn(), env, tmp_path / "gunicorn.log")

    def answered():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/web/", timeout=5) as r:
                return r.headers
        except urllib.error.HTTPError as error:  # 503: a check failed, but Django answered
            return error.headers
        except OSError:
            return None

    try:
        headers = server.wait_for(answered, "an answer from the site")
        assert headers["X-Request-ID"], server.output()  # Kundcenter's middleware answered
    finally:
        server.stop()
    assert "SECRET_KEY is not set" not in server.output()


# --- the Celery worker and beat -----------------------------------------------------------


def celery(*args) -> list[str]:
    return [str(BIN / "celery"), "-A", "kundcenter", *args]


def worker_args(tmp_path) -> list[str]:
    return celery(
        "worker",
        "-l",
        "info",
        "--pool",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--hostname",
        f"secret-key-test-{os.getpid()}@%h",
    )


def beat_args(tmp_path) -> list[str]:
    return celery("beat", "-l", "debug", "--schedule", str(tmp_path / "celerybeat-schedule"))


def test_the_celery_worker_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    done = run(worker_args(tmp_path), environment(tmp_path))
    assert_refused(done, "Celery worker")
    assert "Traceback" not in done.stderr
    assert " ready." not in done.stdout + done.stderr  # never began consuming


def test_celery_beat_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    done = run(beat_args(tmp_path), environment(tmp_path))
    assert_refused(done, "Celery beat")
    assert "Scheduler: Sending due task" not in done.stdout + done.stderr


def test_the_celery_worker_starts_with_a_secret_key(tmp_path):
    worker = Started(
        worker_args(tmp_path), environment(tmp_path, SECRET_KEY=KEY), tmp_path / "worker.log"
    )
    try:
        worker.wait_for(lambda: " ready." in worker.output(), "the worker's 'ready.'")
    finally:
        worker.stop()
    assert "SECRET_KEY is not set" not in worker.output()


def test_celery_beat_starts_with_a_secret_key(tmp_path):
    beat = Started(beat_args(tmp_path), environment(tmp_path, SECRET_KEY=KEY), tmp_path / "b.log")
    try:
        # Logged after its first pass over the schedule, past the refusal's place.
        beat.wait_for(lambda: "beat: Waking up" in beat.output(), "beat's first pass")
    finally:
        beat.stop()
    assert "SECRET_KEY is not set" not in beat.output()


# --- manage.py ------------------------------------------------------------------------------


def test_manage_py_still_runs_without_secret_key_and_check_deploy_names_it(tmp_path):
    env = environment(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    manage = [sys.executable, "manage.py"]
    migrated = run([*manage, "migrate", "--no-input", "-v", "0"], env, timeout=600)
    assert migrated.returncode == 0, migrated.stderr
    admin = run(
        [
            *manage,
            "createsuperuser",
            "--no-input",
            "--email",
            "admin@example.se",
            "--full_name",
            "Admin",
        ],
        {**env, "DJANGO_SUPERUSER_PASSWORD": "Vinter-Sol-2026!x"},
    )
    assert admin.returncode == 0, admin.stderr
    check = run([*manage, "check", "--deploy", "--fail-level", "ERROR"], env)
    assert check.returncode != 0
    assert "kundcenter.E004" in check.stderr
    assert "secrets.token_urlsafe(50)" in check.stderr  # the hint says how to make one
