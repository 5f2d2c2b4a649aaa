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


def test_the_chosen_category_s_articles_come_first_within_the_module(client, superuser_a):
    make_article("Fel belopp i lönen: så felsöker du", "Fel belopp i lönen.", module="lon")
    make_article(
        "Fel belopp i lönen – känt programfel",
        "Fel belopp: rättat i nästa version.",
        module="lon",
        category="bug",
    )
    make_article("Fel belopp i projektet", "Fel belopp.", module="projekt", category="bug")
    client.force_login(superuser_a)
    lon = Module.objects.get(slug="lon")

    as_question = _suggested(client, "fel belopp", module=lon.pk, category="support")
    as_bug = _suggested(client, "fel belopp", module=lon.pk, category="bug")

    # The module still comes first; within it, the bug's answer; then the other module.
    assert as_bug == [
        "Fel belopp i lönen – känt programfel",
        "Fel belopp i lönen: så felsöker du",
        "Fel belopp i projektet",
    ]
    assert as_question[2] == "Fel belopp i projektet"
    assert len(_suggested(client, "fel belopp", category="x' OR 1")) == 3


def test_choosing_another_module_or_category_asks_for_suggestions_again(client, superuser_a):
    client.force_login(superuser_a)

    response = client.get(reverse("portal:new"))

    form = response.context["form"]
    for name in ("module", "category"):
        attrs = form.fields[name].widget.attrs
        assert attrs["hx-trigger"] == "change"
        assert str(attrs["hx-get"]) == SUGGESTIONS
        assert "[name='category']" in attrs["hx-include"]
        assert "[name='title']" in attrs["hx-include"]
