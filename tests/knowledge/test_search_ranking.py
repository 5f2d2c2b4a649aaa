"""A match in the title counts for more than matches in the body; more words, more weight."""

from kundcenter.knowledge.search import search_articles
from tests.knowledge.helpers import make_article, titles


def test_a_title_match_ranks_above_body_matches(db):
    make_article(
        "Bokslut och periodisering",
        "Bokför fakturan i rätt period. En faktura i fel period ger fel moms, och en "
        "faktura som saknas ger fel resultat. Kontrollera varje faktura.",
    )
    make_article("Kreditera en faktura", "Skapa en kredit från originalet.")

    results = search_articles("faktura")

    assert titles(results) == ["Kreditera en faktura", "Bokslut och periodisering"]
    assert results[0].rank > results[1].rank


def test_articles_with_every_word_come_before_those_with_some(db):
    make_article("Momsrapporten", "Så tar du ut rapporten för perioden.")
    make_article("Momsrapporten visar fel belopp", "Vanliga orsaker till fel belopp.")
    make_article("Fel i lönekörningen", "Felrapporten visar orsaken.")

    assert titles(search_articles("momsrapporten fel belopp"))[0] == (
        "Momsrapporten visar fel belopp"
    )


def test_with_no_article_having_every_word_any_word_will_do(db):
    make_article("Restorder", "Det som inte kunde levereras.")

    assert titles(search_articles("restorder zebraflygplan")) == ["Restorder"]


def test_the_limit_is_respected(db):
    for n in range(5):
        make_article(f"Lagerflytt {n}", "Flytta varor mellan lagerställen.")

    assert len(search_articles("lagerflytt", limit=3)) == 3
