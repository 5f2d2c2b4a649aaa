"""The index and article pages need the same number of queries for few or many articles."""

from django.urls import reverse

from kundcenter.knowledge import actions
from tests import factories
from tests.knowledge.helpers import make_article


def _add_articles(count, start=0):
    return [
        make_article(f"Faktura {start + n}", f"Om faktura nummer {n}.", module="ekonomi")
        for n in range(count)
    ]


def test_the_index_needs_the_same_queries_for_3_or_33_articles(
    client, superuser_a, django_assert_max_num_queries, settings
):
    # The rendering is counted: the index opened again is a kept page of two statements
    # (tests/portal/test_kept_ticket_and_info_pages.py).
    settings.PAGE_CACHE_SECONDS = 0
    _add_articles(3)
    client.force_login(superuser_a)
    for params in ({}, {"module": "ekonomi"}, {"q": "faktura"}):
        client.get(reverse("knowledge:index"), params)  # warm the per-process caches
        # +1: the memberships, for the menu's "Our service to you" link for SuperUsers;
        # +1: a search reads the synonyms and the vocabulary, then ranks and (SQLite)
        # checks the best hits' status apart from the ranking
        with django_assert_max_num_queries(14) as few:
            client.get(reverse("knowledge:index"), params)
        bound = len(few.captured_queries)
        _add_articles(30, start=100 + len(params) * 100)
        with django_assert_max_num_queries(bound):
            client.get(reverse("knowledge:index"), params)


def test_the_index_for_staff_with_drafts(
    client, specialist_hantverk, django_assert_max_num_queries
):
    _add_articles(3)
    client.force_login(specialist_hantverk)
    client.get(reverse("knowledge:index"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("knowledge:index"))
    for n in range(30):
        make_article(f"Utkast {n}", status="draft", module="lon")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("knowledge:index"))


def test_the_article_page_needs_the_same_queries_for_3_or_33_related(
    client, superuser_a, django_assert_max_num_queries
):
    article = make_article("Momsrapport", "## Steg\n\nText.", module="ekonomi")
    article.related.add(*_add_articles(3))
    url = reverse("knowledge:article", args=[article.slug])
    client.force_login(superuser_a)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    article.related.add(*_add_articles(30, start=50))
    for n in range(30):
        actions.vote(article, factories.make_user(), helpful=n % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Faktura ") >= 33
