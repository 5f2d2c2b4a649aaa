import pytest

from kundcenter.academy import notice


@pytest.fixture(autouse=True)
def _fresh_release_notice():
    """The newest release note is cached per process; a rolled-back test must not leak it."""
    notice.clear_cache()
    yield
    notice.clear_cache()
