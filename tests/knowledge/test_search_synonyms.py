"""Synonyms that staff keep: a word customers type finds what the articles call it."""

from django.urls import reverse

from kundcenter.knowledge.models import Synonym
from kundcenter.knowledge.search import search_articles
from tests.knowledge.helpers import make_article, titles

SYNONYMS = reverse("knowledge:synonyms")


def test_a_synonym_applies_to_any_inflection_of_the_word(db):
    make_article("Lönespecifikationen", "Så läser du lönespecifikationen.")
    Synonym.objects.create(term="Lönespec", means="lönespecifikation")

    assert titles(search_articles("lönespecarna")) == ["Lönespecifikationen"]
    assert titles(search_articles("lönespec")) == ["Lönespecifikationen"]


def test_a_synonym_of_several_words_needs_them_all(db):
    make_article("VAB", "Vård av barn registreras som frånvaro.")
    make_article("Barnomsorg", "Om barn.")
    Synonym.objects.create(term="vabb", means="vård av barn")

    assert titles(search_articles("vabb")) == ["VAB"]


def test_staff_add_and_remove_synonyms_on_their_page(client, specialist_hantverk):
    make_article("Leverantörsfakturor", "Attestera leverantörsfakturor.")
    client.force_login(specialist_hantverk)

    response = client.post(SYNONYMS, {"term": "levfakt", "means": "leverantörsfaktura"})

    assert response.status_code == 302
    assert titles(search_articles("levfakt")) == ["Leverantörsfakturor"]
    page = client.get(SYNONYMS).content.decode()
    assert "levfakt" in page
    synonym = Synonym.objects.get(term="levfakt")
    client.post(SYNONYMS, {"remove": synonym.pk})
    assert not Synonym.objects.exists()


def test_a_synonym_is_one_word(client, specialist_hantverk):
    client.force_login(specialist_hantverk)

    response = client.post(SYNONYMS, {"term": "två ord", "means": "något"})

    assert response.status_code == 200
    assert not Synonym.objects.exists()


def test_customers_never_see_the_synonyms_page(client, superuser_a):
    client.force_login(superuser_a)

    assert client.get(SYNONYMS).status_code == 404
    assert client.post(SYNONYMS, {"term": "x", "means": "y"}).status_code == 404
