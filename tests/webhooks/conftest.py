"""A real HTTP receiver on loopback, and endpoints of the personas."""

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from kundcenter.outbox import delivery as outbox_delivery
from kundcenter.webhooks import endpoints
from kundcenter.webhooks.payloads import ALL_EVENTS, CUSTOMER_EVENTS


class Receiver:
    """An HTTP server in a thread that records every request and answers with the next
    planned status (then `status`)."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.planned = deque()
        self.location = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers.items()), "body": body}
                )
                status = receiver.planned.popleft() if receiver.planned else receiver.status
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def json(self, i=-1):
        return json.loads(self.requests[i]["body"])

    def types(self):
        return [json.loads(r["body"])["type"] for r in self.requests]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `action()` as a committed change: the outbox delivers what it recorded."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return action()

    return run


@pytest.fixture
def run_outbox(django_capture_on_commit_callbacks):
    """The periodic job at `now` (what is due then is delivered)."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return outbox_delivery.deliver(now=now)

    return run


@pytest.fixture
def endpoint_a(receiver, superuser_a, org_a):
    """Anna's endpoint for her customer's tickets, every event a customer may choose."""
    return endpoints.create_endpoint(
        superuser_a, organization=org_a, url=receiver.url, events=CUSTOMER_EVENTS
    )


@pytest.fixture
def staff_endpoint(receiver, manager):
    """The manager's endpoint for every customer and every event."""
    return endpoints.create_endpoint(manager, url=receiver.url + "?staff=1", events=ALL_EVENTS)
