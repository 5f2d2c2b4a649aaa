"""The academy index and a course page do a constant number of queries."""

from datetime import timedelta

from django.urls import reverse

from kundcenter.academy import actions
from kundcenter.academy.models import DocumentationPage, Video
from tests.academy.helpers import make_course, make_release_note, make_session
from tests.factories import make_user


def _content(n, offset):
    for i in range(offset, offset + n):
        course = make_course(title=f"Kurs {i}")
        for _ in range(2):
            session = make_session(course, seats=1)
            actions.enrol(session, make_user())
            actions.enrol(session, make_user())
        make_release_note(version=f"2026.{i}")
        DocumentationPage.objects.create(
            module=course.module, title=f"Rutin {i}", slug=f"rutin-{i}", body="Text"
        )
        Video.objects.create(
            module=course.module,
            title=f"Film {i}",
            length=timedelta(minutes=4),
            url="https://video.example/1",
        )


def test_academy_index_queries_do_not_grow(
    client, customer_user_a, django_assert_max_num_queries, settings
):
    # The rendering is counted: the index opened again is a kept page of two statements
    # (tests/portal/test_kept_ticket_and_info_pages.py).
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(customer_user_a)
    _content(3, 0)
    # +1: two-factor check; +1: the memberships, for the menu's "Our service to you"
    # link (shown to SuperUsers on every customer page)
    with django_assert_max_num_queries(19) as few:  # +1: the news
        assert client.get(reverse("academy:index")).status_code == 200
    _content(20, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("academy:index")).status_code == 200


def test_course_page_queries_do_not_grow(
    client, superuser_a, specialist_hantverk, django_assert_max_num_queries
):
    course = make_course()
    for _ in range(3):
        session = make_session(course, seats=2)
        actions.enrol(session, make_user())
        actions.enrol(session, superuser_a)
    for who in (superuser_a, specialist_hantverk):
        client.force_login(who)
        with django_assert_max_num_queries(16) as few:
            assert client.get(reverse("academy:course", args=[course.pk])).status_code == 200
        bound = len(few.captured_queries)
        for _ in range(10):
            session = make_session(course, seats=1)
            for _ in range(3):
                actions.enrol(session, make_user())
        with django_assert_max_num_queries(bound):
            assert client.get(reverse("academy:course", args=[course.pk])).status_code == 200
