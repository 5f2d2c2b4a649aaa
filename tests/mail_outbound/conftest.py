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


@pytest.fixture
def english(superuser_a):
    superuser_a.language = "en"
    superuser_a.save(update_fields=["language"])
    return superuser_a


@pytest.fixture
def as_on_a_running_site(monkeypatch):
    """A task that fails for good is logged, not raised, as on a running site (the rest
    of the suite raises, so that a broken notification fails its test)."""
    from kundcenter.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
