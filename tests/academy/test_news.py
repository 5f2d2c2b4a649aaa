"""News written by staff: on the customers' start page and in the academy, with a list and
a page per item, in the reader's language, the body sanitised like knowledge articles."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kundcenter.academy.models import NewsItem


def _news(title, language="en", days_ago=0, **kw):
    return NewsItem.objects.create(
        title=title,
        body=kw.pop("body", "Vi har öppnat ett nytt kontor i **Umeå**."),
        language=language,
        published_on=timezone.localdate() - timedelta(days=days_ago),
        **kw,
    )


def test_the_start_page_and_the_academy_show_the_latest_news(client, superuser_a):
    item = _news("New office in Umeå")
    _news("Nytt kontor i Umeå", language="sv")
    _news("Draft", published=False)
    _news("Tomorrow", days_ago=-1)
    client.force_login(superuser_a)
    for url in (reverse("portal:list"), reverse("academy:index")):
        html = client.get(url).content.decode()
        assert "New office in Umeå" in html
        assert reverse("academy:news_item", args=[item.pk]) in html
        assert "Nytt kontor i Umeå" not in html
        assert "Draft" not in html and "Tomorrow" not in html


def test_swedish_readers_get_the_swedish_news(client, superuser_a):
    _news("New office in Umeå")
    _news("Nytt kontor i Umeå", language="sv")
    client.force_login(superuser_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    html = client.get(reverse("academy:news")).content.decode()
    assert "Nytt kontor i Umeå" in html and "New office" not in html


def test_a_news_item_is_sanitised(client, db, django_assert_max_num_queries):
    item = _news(
        "Ny release",
        body="Hej **alla**<script>alert(1)</script><img src=x onerror=alert(2)>",
    )
    with django_assert_max_num_queries(5):
        html = client.get(reverse("academy:news_item", args=[item.pk])).content.decode()
    assert "<strong>alla</strong>" in html
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_drafts_are_not_found(client, db):
    item = _news("Draft", published=False)
    assert client.get(reverse("academy:news_item", args=[item.pk])).status_code == 404
