"""Staff see which searches found nothing, counted by their words, not by who searched."""

from django.urls import reverse

from kundcenter.knowledge.models import UnansweredSearch
from tests.knowledge.helpers import make_article

INDEX = reverse("knowledge:index")
SYNONYMS = reverse("knowledge:synonyms")


def test_searches_without_answer_are_counted_and_shown_to_staff(
    client, superuser_a, specialist_hantverk
):
    make_article("Kreditera en faktura", "Skapa en kreditfaktura.")
    client.force_login(superuser_a)
    client.get(INDEX, {"q": "Zebraflygplan i LAGRET"})
    client.get(INDEX, {"q": "zebraflygplan lagret"})
    client.get(INDEX, {"q": "faktura"})  # found something: not counted

    row = UnansweredSearch.objects.get()
    assert (row.words, row.count) == ("zebraflygplan lagret", 2)
    assert not any(f.name == "user" for f in UnansweredSearch._meta.get_fields())

    client.force_login(specialist_hantverk)
    page = client.get(SYNONYMS).content.decode()
    assert "zebraflygplan lagret" in page
    # Listed once, in the page's content, not also inside its <title>.
    assert page.count("zebraflygplan lagret") == 1
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<section" not in title
