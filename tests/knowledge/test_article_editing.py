"""Staff write and edit articles on the site; customers only read published ones."""

import pytest
from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import Article
from tests.knowledge.helpers import make_article


def _form(**changes):
    data = {
        "title": "Så stämmer du av momsrapporten",
        "module": Module.objects.get(slug="ekonomi").pk,
        "tags": "moms,  momsrapport , Moms",
        "body": "## Steg\n\n1. Öppna rapporten.\n2. Jämför med huvudboken.",
        "status": "published",
        "last_reviewed": "2026-03-01",
    }
    data.update(changes)
    return data


def test_staff_write_an_article_and_customers_read_it(client, specialist_hantverk, superuser_a):
    client.force_login(specialist_hantverk)
    response = client.post(reverse("knowledge:new"), _form())

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:article", args=[article.slug])
    assert article.slug == "sa-stammer-du-av-momsrapporten"
    assert article.author == specialist_hantverk
    assert article.tags == "moms, momsrapport"

    client.force_login(superuser_a)
    page = client.get(response["Location"]).content.decode()
    assert "<h2>Steg</h2>" in page
    assert "<li>Jämför med huvudboken.</li>" in page


def test_editing_keeps_the_address_and_sets_related_articles(client, specialist_hantverk):
    article = make_article("Momsrapport", "Gammal text.", module="ekonomi")
    other = make_article("Periodbokslut", "Text.", module="ekonomi")
    client.force_login(specialist_hantverk)

    url = reverse("knowledge:edit", args=[article.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(title="Momsrapporten", body="Ny text.", related=[other.pk]))

    article.refresh_from_db()
    assert response.status_code == 302
    assert (article.title, article.body) == ("Momsrapporten", "Ny text.")
    assert article.slug.startswith("momsrapport")
    assert list(article.related.all()) == [other]


def test_a_failed_form_keeps_what_was_typed(client, specialist_hantverk):
    client.force_login(specialist_hantverk)

    response = client.post(reverse("knowledge:new"), _form(title="", body="Min **text**"))

    assert response.status_code == 200
    assert "Min **text**" in response.content.decode()
    assert not Article.objects.exists()


def test_the_preview_button_without_javascript_shows_the_text_and_saves_nothing(
    client, specialist_hantverk
):
    client.force_login(specialist_hantverk)

    response = client.post(reverse("knowledge:new"), _form(body="Ett **fett** ord", preview="1"))

    assert "<strong>fett</strong>" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("persona", ["superuser_a", "customer_user_a"])
def test_customers_get_404_on_every_edit_page(db, client, request, persona):
    article = make_article("Momsrapport", "Text.")
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("knowledge:new")).status_code == 404
    assert client.post(reverse("knowledge:new"), _form()).status_code == 404
    assert client.get(reverse("knowledge:edit", args=[article.slug])).status_code == 404
    assert client.post(reverse("knowledge:edit", args=[article.slug]), _form()).status_code == 404
    assert client.post(reverse("knowledge:preview"), {"body": "x"}).status_code == 404
    assert Article.objects.get().title == "Momsrapport"


def test_drafts_are_404_to_customers_and_readable_by_staff(
    client, superuser_a, specialist_hantverk
):
    draft = make_article("Hemligt utkast", "Text.", status=Article.Status.DRAFT)
    url = reverse("knowledge:article", args=[draft.slug])

    client.force_login(superuser_a)
    assert client.get(url).status_code == 404
    assert "Hemligt utkast" not in client.get(reverse("knowledge:index")).content.decode()

    client.force_login(specialist_hantverk)
    assert client.get(url).status_code == 200
    assert "Hemligt utkast" in client.get(reverse("knowledge:index")).content.decode()


def test_the_knowledge_base_needs_a_login(client):
    response = client.get(reverse("knowledge:index"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
