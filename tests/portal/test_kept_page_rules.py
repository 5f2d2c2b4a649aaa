"""What PageCacheMiddleware keeps (kundcenter.lib.page_cache): only a marked view's plain
GET answer; a rendering that wrote (a processing-log row included), set a cookie or was
not marked runs every time, so what a page causes still happens at every request."""

import pytest

from kundcenter.privacy.models import ProcessingLogEntry
from tests.portal import kept_pages_urls

pytestmark = pytest.mark.urls("tests.portal.kept_pages_urls")


@pytest.fixture(autouse=True)
def _kept_pages_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _bodies(client, url, times=4):
    return [client.get(url).content.decode() for _ in range(times)]


def test_a_marked_page_is_rendered_once_then_kept(client, superuser_a):
    client.force_login(superuser_a)
    bodies = _bodies(client, "/prov/plain/")
    # The first request of a session stamps its second-factor check (a session change),
    # the second is rendered and kept, the rest are the kept page.
    assert len(set(bodies[1:])) == 1


@pytest.mark.parametrize("url", ["/prov/writes/", "/prov/cookie/", "/prov/not-marked/"])
def test_a_page_that_writes_sets_a_cookie_or_is_not_marked_is_rendered_every_time(
    client, superuser_a, url
):
    client.force_login(superuser_a)
    bodies = _bodies(client, url)
    assert len(set(bodies)) == len(bodies)


def test_a_page_that_logs_a_read_logs_it_at_every_request(client, superuser_a):
    client.force_login(superuser_a)
    _bodies(client, "/prov/logs/", times=4)
    assert ProcessingLogEntry.objects.filter(subject_id=superuser_a.pk, action="read").count() == 4


def test_a_post_is_never_answered_from_memory(client, superuser_a):
    client.force_login(superuser_a)
    _bodies(client, "/prov/plain/")
    before = kept_pages_urls.RENDERED["count"]
    client.post("/prov/plain/")
    assert kept_pages_urls.RENDERED["count"] == before + 1


def test_nobody_logged_in_gets_nothing_kept(client):
    assert all(client.get("/prov/plain/").status_code == 302 for _ in range(3))
