"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 at a free port, keeping what it gets."""

import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Addresses at nowhere.example do not exist (refused for good); at
        # later.example the server asks to try again later (greylisting).
        if address.endswith("@nowhere.example"):
            return "550 5.1.1 No such mailbox here"
        if address.endswith("@later.example"):
            return "450 4.2.0 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd's Controller, stoppable and restartable on the same port."""

    def __init__(self):
        self.port = free_port()
        self.inbox = _Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        with self.inbox.lock:
            return [message for _rcpt, message in self.inbox.messages]

    def to(self, address: str):
        """The messages delivered to `address`, oldest first."""
        with self.inbox.lock:
            return [m for rcpt, m in self.inbox.messages if address in rcpt]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20.0):
        """Wait until `count` messages reached `address` (a worker sends them later)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.to(address)


def use_smtp_server(settings, server: SmtpServer):
    """Point Django's SMTP backend at `server` (settings: pytest-django's fixture)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
