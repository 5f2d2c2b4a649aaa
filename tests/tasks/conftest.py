import pytest

from tests.mail_outbound.smtp_server import SmtpServer, use_smtp_server


@pytest.fixture
def smtp(settings):
    """A real SMTP server that Django sends to for the length of the test."""
    server = SmtpServer()
    server.start()
    use_smtp_server(settings, server)
    yield server
    server.stop()
