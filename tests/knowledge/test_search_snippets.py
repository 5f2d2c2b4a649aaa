"""Snippets show where the words matched: HTML-escaped first, then marked."""

from kundcenter.knowledge.search import search_articles
from tests.knowledge.helpers import make_article


def test_the_snippet_marks_the_matching_words(db):
    make_article(
        "Peppol",
        "Om en faktura fastnar i kön, kontrollera kundens Peppol-ID och skicka fakturor igen.",
    )

    snippet = str(search_articles("faktura")[0].snippet)

    assert "<mark>faktura</mark>" in snippet
    assert "<mark>fakturor</mark>" in snippet
    assert "kontrollera kundens" in snippet


def test_html_in_an_article_is_escaped_in_the_snippet(db):
    # Markdown lets `code` through as text: the snippet must show it, never run it.
    make_article("Kodexempel", "Skriv `<img src=x onerror=alert(1)>` och 5 < 7 & 8 i faktura.")

    snippet = str(search_articles("faktura")[0].snippet)

    assert "<img" not in snippet
    assert "&amp; 8" in snippet
    assert "<mark>faktura</mark>" in snippet


def test_a_title_only_match_shows_the_start_of_the_text(db):
    make_article("Restorder", "Det som inte kunde levereras ligger kvar.")

    assert "Det som inte kunde levereras" in str(search_articles("restorder")[0].snippet)
