"""While a customer writes a new ticket, matching articles are suggested, and what they
did next is recorded: opened a suggested article, and registered the ticket or not."""

from django.urls import reverse

from kundcenter.accounts.models import Module
from kundcenter.knowledge.models import Article, SuggestionLog
from kundcenter.tickets.models import Ticket
from tests.knowledge.helpers import make_article

SUGGESTIONS = reverse("knowledge:suggestions")
NEW = reverse("portal:new")


def _suggest(client, title, description="", **extra):
    return client.get(
        SUGGESTIONS, {"title": title, "description": description, **extra}, HTTP_HX_REQUEST="true"
    )


def _ticket_data(**overrides):
    return {
        "module": Module.objects.get(slug="ekonomi").pk,
        "category": "support",
        "title": "Fakturor skickas inte",
        "description": "E-fakturorna till kommunen ligger kvar i kön.",
        **overrides,
    }


def test_the_new_ticket_form_asks_for_suggestions_while_typing(client, superuser_a):
    client.force_login(superuser_a)

    html = client.get(NEW).content.decode()

    assert f'hx-get="{SUGGESTIONS}"' in html
    assert 'hx-trigger="keyup changed delay:400ms"' in html
    assert 'hx-target="#kb-suggestions"' in html
    assert 'name="kb_log"' in html


def test_matching_articles_are_suggested_and_the_showing_is_logged(corpus, client, superuser_a):
    client.force_login(superuser_a)

    response = _suggest(
        client, "Fakturor skickas inte", "E-fakturorna till kommunen ligger kvar i kön."
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fakturor som inte går att skicka via e-faktura" in html
    log = SuggestionLog.objects.get()
    assert log.user == superuser_a
    assert log.query.startswith("Fakturor skickas inte")
    shown = Article.objects.filter(pk__in=log.shown_article_ids)
    assert "Fakturor som inte går att skicka via e-faktura" in {a.title for a in shown}
    assert f'value="{log.pk}"' in html and 'hx-swap-oob="true"' in html
    assert f"?from=ticket-form&amp;s={log.pk}" in html
    assert 'target="_blank"' in html


def test_typing_on_keeps_one_log_per_form(corpus, client, superuser_a):
    client.force_login(superuser_a)
    _suggest(client, "Momsrapporten")
    log = SuggestionLog.objects.get()

    _suggest(client, "Momsrapporten visar fel belopp", kb_log=str(log.pk))

    log.refresh_from_db()
    assert SuggestionLog.objects.count() == 1
    assert log.query == "Momsrapporten visar fel belopp"
    assert len(log.shown_article_ids) >= 2


def test_nothing_to_suggest_logs_nothing(corpus, client, superuser_a):
    client.force_login(superuser_a)

    response = _suggest(client, "och det", "")

    assert response.status_code == 200
    assert "These articles may answer your question" not in response.content.decode()
    assert not SuggestionLog.objects.exists()


def test_drafts_are_never_suggested(db, client, superuser_a):
    make_article("Faktura utkast", "Text.", status=Article.Status.DRAFT)
    client.force_login(superuser_a)

    assert "Faktura utkast" not in _suggest(client, "faktura").content.decode()


def test_opening_a_suggestion_then_registering_links_the_ticket(corpus, client, superuser_a):
    client.force_login(superuser_a)
    _suggest(client, "Fakturor skickas inte")
    log = SuggestionLog.objects.get()
    article = Article.objects.get(pk=log.shown_article_ids[0])

    page = client.get(
        reverse("knowledge:article", args=[article.slug]), {"from": "ticket-form", "s": log.pk}
    )
    log.refresh_from_db()
    assert page.status_code == 200
    assert log.opened_article == article and log.opened_at is not None
    assert log.deflected  # opened, and no ticket (yet)

    client.post(NEW, _ticket_data(kb_log=str(log.pk)))

    log.refresh_from_db()
    assert log.ticket == Ticket.objects.get()
    assert log.registered_at is not None
    assert not log.deflected


def test_a_log_of_someone_else_is_never_touched(corpus, client, superuser_a, superuser_b):
    client.force_login(superuser_a)
    _suggest(client, "Fakturor skickas inte")
    log = SuggestionLog.objects.get()
    article = Article.objects.get(pk=log.shown_article_ids[0])

    client.force_login(superuser_b)
    client.get(
        reverse("knowledge:article", args=[article.slug]), {"from": "ticket-form", "s": log.pk}
    )
    client.post(NEW, _ticket_data(kb_log=str(log.pk), module=Module.objects.get(slug="lon").pk))

    log.refresh_from_db()
    assert Ticket.objects.count() == 1
    assert log.opened_article is None and log.ticket is None


def test_a_broken_log_id_does_not_stop_the_ticket(db, client, superuser_a):
    client.force_login(superuser_a)

    response = client.post(NEW, _ticket_data(kb_log="'; DROP TABLE x; --"))

    assert response.status_code == 302
    assert Ticket.objects.count() == 1


def test_a_vague_title_falls_back_to_the_description(corpus, client, superuser_a):
    client.force_login(superuser_a)

    html = _suggest(client, "Akut!", "Hur lägger jag upp en nyanställd?").content.decode()

    assert "Lägga upp en nyanställd" in html
    assert SuggestionLog.objects.get().query == "Akut!\nHur lägger jag upp en nyanställd?"
