"""With SENTRY_DSN set, an error reaches Sentry (here a local HTTP server standing in for
it), without personal data; without it nothing is sent."""

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.conf import settings

SCRIPT = """
import django, logging
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
print("active", client.is_active(), "pii", client.options.get("send_default_pii"))
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("kundcenter.tickets").exception("registering failed")
sentry_sdk.flush(timeout=5)
"""


def _fake_sentry():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body.decode("utf-8", "replace"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def _run(tmp_path, **extra):
    env = {
        **os.environ,
        "KUNDCENTER_TESTING": "0",
        "KUNDCENTER_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kundcenter.settings",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_error_reaches_sentry_without_personal_data(tmp_path):
    server, received = _fake_sentry()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
        result = _run(tmp_path, SENTRY_DSN=dsn)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert "active True pii False" in result.stdout
    assert any("ZeroDivisionError" in body and "registering failed" in body for body in received)


def test_without_a_dsn_nothing_is_sent(tmp_path):
    result = _run(tmp_path, SENTRY_DSN="")
    assert result.returncode == 0, result.stderr
    assert "active False" in result.stdout
