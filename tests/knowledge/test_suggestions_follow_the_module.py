"""The new-ticket form's suggestions put the chosen module's articles first."""

from django.urls import reverse

from kundcenter.accounts.models import Module
from tests.knowledge.helpers import make_article

SUGGESTIONS = reverse("knowledge:suggestions")


def _suggested(client, title, **extra):
    response = client.get(SUGGESTIONS, {"title": title, **extra}, HTTP_HX_REQUEST="true")
    return [r.article.title for r in response.context["results"]]


def test_the_chosen_module_s_articles_come_first(client, superuser_a):
    make_article("Fel i projektrapporten", "Rapporten visar fel belopp.", module="projekt")
    make_article("Fel i lönekörningen", "Lönekörningen visar fel belopp.", module="lon")
    client.force_login(superuser_a)
    lon = Module.objects.get(slug="lon")
    projekt = Module.objects.get(slug="projekt")

    assert _suggested(client, "fel belopp", module=lon.pk)[0] == "Fel i lönekörningen"
    assert _suggested(client, "fel belopp", module=projekt.pk)[0] == "Fel i projektrapporten"
    # The other module's article still follows, and nonsense is no module.
    assert len(_suggested(client, "fel belopp", module=lon.pk)) == 2
    assert len(_suggested(client, "fel belopp", module="x' OR 1")) == 2


def test_the_form_sends_the_module_with_the_text(client, superuser_a):
    client.force_login(superuser_a)

    html = client.get(reverse("portal:new")).content.decode()

    assert "[name=&#x27;module&#x27;]" in html or "[name='module']" in html
