"""A misspelt word is corrected against the words the articles use: "Menade du …" one
click away, and the correction searched by itself when the query finds nothing."""

from django.urls import reverse

from kundcenter.knowledge.search import search
from tests.knowledge.helpers import make_article, titles

INDEX = reverse("knowledge:index")


def _articles():
    make_article("Kreditera en faktura", "Skapa en kreditfaktura från originalet.")
    make_article("Semesterlön vid deltid", "Semesterlönen räknas om.")
    make_article("Supportinloggning", "Ge supporten inloggning i åtta timmar.")


def test_a_typo_is_corrected_and_searched_when_nothing_is_found(db):
    _articles()

    for typed, meant, title in [
        ("fakutra", "faktura", "Kreditera en faktura"),
        ("semsterlön", "semesterlön", "Semesterlön vid deltid"),
        ("inlogning", "inloggning", "Supportinloggning"),
    ]:
        outcome = search(typed)
        assert outcome.suggestion == meant
        assert outcome.corrected
        assert titles(outcome.results)[0] == title


def test_a_typo_beside_a_known_word_is_offered_not_forced(db):
    _articles()

    outcome = search("kreditera fakutran")

    assert titles(outcome.results) == ["Kreditera en faktura"]
    assert outcome.suggestion == "kreditera fakturan"
    assert not outcome.corrected


def test_the_page_says_did_you_mean_with_a_link(client, superuser_a):
    _articles()
    client.force_login(superuser_a)

    page = client.get(INDEX, {"q": "kreditera fakutran"}).content.decode()

    assert "Did you mean" in page
    assert 'href="?q=kreditera+fakturan"' in page


def test_the_page_shows_the_correction_s_articles_when_nothing_matched(client, superuser_a):
    _articles()
    client.force_login(superuser_a)

    response = client.get(INDEX, {"q": "fakutra"})

    page = response.content.decode()
    assert "No article matches “fakutra”. Showing articles for:" in page
    assert [r.article.title for r in response.context["results"]] == ["Kreditera en faktura"]


def test_a_word_no_article_comes_near_is_not_corrected(db):
    _articles()

    outcome = search("zebraflygplan")

    assert outcome.results == [] and outcome.suggestion is None
