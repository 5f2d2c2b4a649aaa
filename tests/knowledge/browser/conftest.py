# The browser tests' Chromium, live server and screenshot-on-failure, from tests/browser.
from tests.browser.conftest import (  # noqa: F401
    _own_media_root,
    browser,
    live_server,
    open_context,
    pytest_runtest_makereport,
)
