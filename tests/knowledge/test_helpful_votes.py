"""'Was this helpful?': one vote per person and article, which they may change."""

from django.urls import reverse

from kundcenter.knowledge.models import Article, Vote
from tests.knowledge.helpers import make_article


def _vote(client, article, answer, **headers):
    return client.post(
        reverse("knowledge:vote", args=[article.slug]), {"helpful": answer}, **headers
    )


def test_a_reader_votes_once_and_may_change_the_answer(client, superuser_a):
    article = make_article("Kreditera en faktura", "Text.")
    client.force_login(superuser_a)

    _vote(client, article, "yes")
    _vote(client, article, "yes")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)

    _vote(client, article, "no")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (0, 1)
    assert Vote.objects.filter(article=article).count() == 1


def test_votes_of_different_people_add_up(client, superuser_a, customer_user_a, superuser_b):
    article = make_article("Kreditera en faktura", "Text.")
    for person, answer in ((superuser_a, "yes"), (customer_user_a, "yes"), (superuser_b, "no")):
        client.force_login(person)
        _vote(client, article, answer)

    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (2, 1)


def test_the_htmx_vote_answers_with_the_updated_box(client, superuser_a):
    article = make_article("Kreditera en faktura", "Text.")
    client.force_login(superuser_a)

    response = _vote(client, article, "yes", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for your answer." in html
    assert "1 found it helpful, 0 did not." in html


def test_nonsense_answers_and_drafts_change_nothing(client, superuser_a, specialist_hantverk):
    article = make_article("Kreditera en faktura", "Text.")
    draft = make_article("Utkast", "Text.", status=Article.Status.DRAFT)
    client.force_login(superuser_a)

    assert _vote(client, article, "kanske").status_code == 302
    assert _vote(client, draft, "yes").status_code == 404
    client.force_login(specialist_hantverk)
    assert _vote(client, draft, "yes").status_code == 302
    assert not Vote.objects.exists()
