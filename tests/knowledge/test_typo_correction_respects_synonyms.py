"""A word staff gave a synonym is meant as typed: the typo correction never turns it into
another word, in the articles' search and in the one search box alike."""

from kundcenter.knowledge.models import Synonym
from kundcenter.knowledge.search import search
from kundcenter.knowledge.site_search import search_everything
from tests.knowledge.helpers import make_article, titles


def test_a_synonym_term_is_not_corrected_into_a_near_word(db):
    make_article("Semesterlön vid deltid", "Semesterlönen räknas om.")
    # Without a synonym, "deltis" is one edit from "deltid": offered as a correction.
    assert search("deltis").suggestion == "deltid"
    assert search_everything("deltis").suggestion == "deltid"

    Synonym.objects.create(term="deltis", means="deltidsanställd")

    for outcome in (search("deltis"), search_everything("deltis")):
        assert outcome.suggestion is None
        assert outcome.results == []


def test_a_synonym_term_finds_what_it_means_once_an_article_says_it(db):
    make_article("Semesterlön vid deltid", "Semesterlönen räknas om.")
    make_article("Ny deltidsanställd", "Så lägger du upp en deltidsanställd.")
    Synonym.objects.create(term="deltis", means="deltidsanställd")

    outcome = search("deltis")
    site = search_everything("deltis")

    assert outcome.suggestion is None
    assert titles(outcome.results) == ["Ny deltidsanställd"]
    assert site.suggestion is None
    assert [r.entry.title for r in site.results] == ["Ny deltidsanställd"]
