"""What the browser tests share: viewports, a real PNG, logging in and out."""

import re
import struct
import threading
import zlib

from django.conf import settings
from django.test import Client
from django.urls import reverse

from kundcenter.accounts import two_factor
from tests import factories

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# How many pixels a page scrolls sideways (0: it fits the window).
HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
TICKET_NUMBER = re.compile(r"\d{4}-\d{6}")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes() -> bytes:
    """A valid 1×1 white PNG, so the upload is a real image and not just a name."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1×1, 8-bit RGBA
    pixels = zlib.compress(b"\x00\xff\xff\xff\xff")  # filter byte + one pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def speak_english(*users):
    """Logging in sets the language cookie from the user's profile: make it English, so
    the assertions hold while the Swedish translation is being written."""
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def log_in(page, user, password=factories.PASSWORD):
    """Log in through the login form, as a person would.

    Staff, and customers who turned two-factor authentication on, then type the current
    code of their authenticator app; staff without one get a known device first (their
    first-login set-up has a test of its own: test_two_factor_enrolment.py).
    """
    device = None
    if two_factor.is_required(user) or two_factor.is_enabled(user):
        device = factories.make_totp_device(user)
    login_path = reverse("accounts:login")
    page.goto(login_path)
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: login_path not in url)
    if device is not None:
        verify_path = reverse("accounts:two_factor_verify")
        page.wait_for_url(lambda url: verify_path in url)
        page.get_by_label("Code").fill(factories.next_totp_code(device))
        page.get_by_role("main").get_by_role("button", name="Verify").click()
        page.wait_for_url(lambda url: verify_path not in url)


def log_out(page):
    main_nav(page).get_by_role("button", name="Log out").click()
    page.wait_for_url(f"**{reverse('accounts:login')}")


# Held by the live server while it answers a request (tests/browser/conftest.py), and by
# the test while it writes to the database beside an open page: with SQLite's shared
# in-memory database a write meeting a request in flight (an htmx poll) fails with
# "database table is locked".
SERVER_LOCK = threading.Lock()


def sign_in(context, user, live_server):
    """A session cookie without the login form, for tests about something else. The
    session has passed the second factor too (tests/conftest.py wraps force_login)."""
    client = Client()
    with SERVER_LOCK:  # another person's page may be polling meanwhile
        client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
