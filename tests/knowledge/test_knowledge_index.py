"""The index: most read and recently updated articles, per module, and search."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from kundcenter.knowledge.models import Article
from tests.knowledge.helpers import make_article

INDEX = reverse("knowledge:index")


def test_most_read_and_recently_updated(client, superuser_a):
    now = timezone.now()
    make_article("Sällan läst", view_count=1, updated_at=now - dt.timedelta(days=30))
    make_article("Mest läst", view_count=90, updated_at=now - dt.timedelta(days=60))
    make_article("Nyss ändrad", view_count=5, updated_at=now)
    client.force_login(superuser_a)

    context = client.get(INDEX).context

    assert [a.title for a in context["most_read"]] == ["Mest läst", "Nyss ändrad", "Sällan läst"]
    assert [a.title for a in context["recent"]] == ["Nyss ändrad", "Sällan läst", "Mest läst"]


def test_reading_counts_for_customers_not_for_staff(client, superuser_a, specialist_hantverk):
    article = make_article("Restorder")
    url = reverse("knowledge:article", args=[article.slug])
    client.force_login(superuser_a)
    client.get(url)
    client.get(url)
    client.force_login(specialist_hantverk)
    client.get(url)

    article.refresh_from_db()
    assert article.view_count == 2


def test_the_module_filter(client, superuser_a):
    make_article("Lönekörning", module="lon")
    make_article("Momsrapport", module="ekonomi")
    client.force_login(superuser_a)

    response = client.get(INDEX, {"module": "lon"})

    assert [a.title for a in response.context["module_articles"]] == ["Lönekörning"]
    assert [a.title for a in response.context["most_read"]] == ["Lönekörning"]


def test_search_from_the_index(corpus, client, superuser_a):
    client.force_login(superuser_a)

    html = client.get(INDEX, {"q": "fakturor", "module": "fakturering"}).content.decode()

    assert "Fakturor som inte går att skicka via e-faktura" in html
    assert "Valutakursdifferenser" not in html  # an Ekonomi article
    assert "<mark>" in html


def test_an_unknown_module_is_no_error(client, superuser_a):
    make_article("Lönekörning", module="lon")
    client.force_login(superuser_a)

    response = client.get(INDEX, {"module": "finns-inte", "q": "x" * 500})

    assert response.status_code == 200


def test_the_corpus_is_a_realistic_swedish_knowledge_base(corpus):
    published = Article.objects.published()
    assert published.count() >= 50
    assert published.exclude(module=None).values("module").distinct().count() >= 8
