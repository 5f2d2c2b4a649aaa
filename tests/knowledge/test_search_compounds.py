"""Swedish compounds: an article that uses a compound is found by its parts, split or
abbreviated, and one that uses the parts by the compound."""

from kundcenter.knowledge import compounds
from kundcenter.knowledge.models import SearchTerm
from kundcenter.knowledge.search import search_articles
from kundcenter.knowledge.text import word_tokens
from tests.knowledge.helpers import make_article, titles


def test_the_dictionary_splits_compounds_with_their_linking_forms():
    assert compounds.split("leverantörsreskontra") == ("leverantör", "reskontra")
    assert compounds.split("kundinbetalningar") == ("kund", "inbetalningar")
    assert compounds.split("bankfilen") == ("bank", "filen")
    assert compounds.split("organisationsnummer") == ("organisation", "nummer")
    # Plain words stay whole.
    assert compounds.split("faktura") == ()
    assert compounds.split("semester") == ()


def test_a_compound_is_indexed_whole_and_by_its_parts():
    assert word_tokens("leverantörsreskontran")[1:] == ("leverantör", "reskontr")


def _reskontra(db):
    make_article(
        "Stäm av leverantörsreskontran",
        "Jämför saldot mot huvudboken varje månad.",
        tags="avstämning",
    )
    make_article("Skicka en faktura", "Fakturan skickas som PDF.")


def test_split_and_abbreviated_compounds_find_the_article(db):
    _reskontra(db)

    for query in ["leverantörsreskontra", "lev reskontra", "reskontra för leverantörer"]:
        assert titles(search_articles(query)) == ["Stäm av leverantörsreskontran"], query


def test_a_compound_query_finds_an_article_using_its_parts(db):
    make_article(
        "Matcha inbetalningar",
        "Inbetalningar från kunden matchas mot kundens fakturor på OCR-nummer.",
    )
    make_article("Kreditera", "Skapa en kreditfaktura.")

    assert titles(search_articles("kundinbetalningar")) == ["Matcha inbetalningar"]


def test_the_vocabulary_follows_edits_and_deletions(db):
    article = make_article("Bankfilen", "Läs in bankfilen.")
    assert SearchTerm.objects.get(term="bankfil").article_count == 1
    make_article("Bankkonto", "Bank.")
    assert SearchTerm.objects.get(term="bank").article_count == 2

    article.title = "Kontoutdrag"
    article.body = "Läs in kontoutdraget."
    article.save()
    assert not SearchTerm.objects.filter(term="bankfil").exists()
    assert SearchTerm.objects.get(term="bank").article_count == 1

    article.delete()
    assert not SearchTerm.objects.filter(term="kontoutdrag").exists()
