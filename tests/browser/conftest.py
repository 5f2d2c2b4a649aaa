"""A real Chromium driven by Playwright against pytest-django's live server.

The browser is Debian's /usr/bin/chromium (never a Playwright download). It is started
by the first browser test and stopped after the last; every test opens fresh contexts
(cookies, viewport, language). When a test fails, a screenshot of each of its pages is
written to test-results/screenshots/failures/ (CI keeps test-results/ as an artifact) and
the path printed with the failure.

Other folders may reuse `browser`, `live_server` and `open_context` by importing them
from this module (tests/entitlements does).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import DESKTOP, SERVER_LOCK

# Playwright's sync API keeps an asyncio loop running in this thread, so Django would
# refuse ORM calls made by the test itself (creating data, checking results). The test
# and the live server never touch the database at the same moment, which is what the
# guard protects against.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
    "--disable-sync",
    "--disable-quic",
]
# Waits are for a local server: anything slower than this is a failure, not a slow page.
TIMEOUT_MS = 10_000
# Where a failing test's screenshots go: beside the other screenshots, kept by CI.
FAILURE_SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "failures"
)


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    With SQLite the test database lives in memory and every server thread shares the
    test's one connection; two overlapping requests (a page and its favicon, an htmx
    call and a navigation) then fail with "database table is locked". Connections are
    still accepted in parallel, so an idle connection Chromium opens ahead never blocks.
    """

    _lock = SERVER_LOCK
    # Between tests the server answers 503 without touching the database: a poll that a
    # closing page sent (presence, the notice bell) would otherwise write while the next
    # test flushes the tables, which deadlocks on PostgreSQL.
    serving = True

    @classmethod
    def close_gate(cls):
        """Refuse further requests and wait for the one in flight to finish."""
        cls.serving = False
        with cls._lock:
            pass

    @classmethod
    def open_gate(cls):
        cls.serving = True

    def get_app(self):
        app = super().get_app()

        def one_at_a_time(environ, start_response):
            with self._lock:
                if not type(self).serving:
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                    return [b"between tests"]
                response = app(environ, start_response)
                try:
                    # Read the body inside the lock too: streamed files read nothing from
                    # the database, but closing the response ends the request in Django.
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return one_at_a_time


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address options), with requests serialised."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.server_class = OneRequestAtATimeServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Uploads go to this test's own folder. The shared test media folder is removed when
    any pytest session ends, which would delete a file between its upload and download
    when several test runs share the machine."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _chromium_or_skip():
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it"
    if os.environ.get("CI") == "true":
        # CI installs Chromium itself: a missing browser there is a broken build.
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


class _Chromium:
    """One Playwright driver and one Chromium per test process, started by the first
    browser test and stopped after the last one: Playwright runs an asyncio loop in this
    thread, and the tests that follow should not run inside it."""

    playwright = None
    browser = None

    @classmethod
    def get(cls):
        if cls.browser is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        return cls.browser

    @classmethod
    def stop(cls):
        if cls.browser is not None:
            # While Playwright's loop runs, Django keeps this thread's connections in a
            # separate (async) store; close them now, or they stay open after the loop
            # ends and PostgreSQL refuses to drop the test database.
            connections.close_all()
            cls.browser.close()
            cls.playwright.stop()
            cls.browser = cls.playwright = None


def _browser_tests_follow(item):
    items = item.session.items
    later = items[items.index(item) + 1 :] if item in items else items
    return any(other.get_closest_marker("browser") for other in later)


@pytest.fixture
def browser(request):
    _chromium_or_skip()
    if _Chromium.browser is None:
        # Also stopped when the run ends early (-x, Ctrl-C).
        request.config.add_cleanup(_Chromium.stop)
    yield _Chromium.get()
    if not _browser_tests_follow(request.node):
        _Chromium.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test, so fixtures can tell whether it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def open_context(browser, live_server, request):
    """Open browser contexts for this test: `open_context(viewport=..., language=...)`.

    Contexts start as a Swedish browser (Accept-Language sv-SE). `language="en"` also
    sets Django's language cookie, so pages come in English and the assertions hold
    while the Swedish translation is being written.
    """
    contexts = []
    OneRequestAtATimeServer.open_gate()

    def _open(*, viewport=DESKTOP, language=None):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="sv-SE", accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        if language:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        contexts.append(context)
        return context

    yield _open

    failed = any(
        getattr(request.node, f"report_{when}", None) is not None
        and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        folder = FAILURE_SCREENSHOTS
        folder.mkdir(parents=True, exist_ok=True)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                path = folder / f"{request.node.name}-{c}-{p}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    print(f"Screenshot of {page.url}: {path}")
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"No screenshot of {page.url}: {exc}")
    for context in contexts:
        context.close()
    OneRequestAtATimeServer.close_gate()


@pytest.fixture
def page(open_context):
    """A desktop-sized page in English."""
    return open_context(language="en").new_page()
