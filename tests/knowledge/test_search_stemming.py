"""Swedish word forms find each other, on whichever database the suite runs on."""

from kundcenter.knowledge.search import search_articles
from tests.knowledge.helpers import make_article, titles


def test_fakturor_finds_an_article_about_faktura(db):
    make_article("Skicka en faktura via Peppol", "Så skickar du en faktura till kommunen.")
    make_article("Semesterlön vid deltid", "Semesterlönen räknas om vid ändrad sysselsättning.")

    assert titles(search_articles("fakturor")) == ["Skicka en faktura via Peppol"]


def test_definite_and_plural_forms_find_the_base_form(db):
    make_article("Så stämmer du av momsrapporten", "Jämför rapporten med huvudboken.")
    make_article("Lönekörning", "Lönekörningen startar den 25:e.")

    assert titles(search_articles("momsrapport")) == ["Så stämmer du av momsrapporten"]
    assert titles(search_articles("lönekörningar")) == ["Lönekörning"]


def test_upper_case_and_stop_words_do_not_matter(db):
    make_article("Inventering steg för steg", "Räkna lagret och registrera antalet.")

    assert titles(search_articles("Hur gör jag en INVENTERING?")) == ["Inventering steg för steg"]
    assert search_articles("och att det som") == []


def test_fakturor_finds_the_corpus_articles_about_invoices(corpus):
    found = titles(search_articles("fakturor"))

    assert "Fakturor som inte går att skicka via e-faktura" in found
    assert "Kreditera en faktura" in found
