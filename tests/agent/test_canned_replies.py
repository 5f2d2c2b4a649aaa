"""Canned replies (makron): managed in the workspace, inserted from the reply box in the
reporter's language with placeholders filled in, and sent with their side effects through
the ordinary actions, or not at all."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from kundcenter.outbox.models import OutboxItem
from kundcenter.tickets import actions, macros
from kundcenter.tickets.models import Macro, Message, TicketEvent
from kundcenter.tickets.workflows import Status
from tests.agent.helpers import ticket_url
from tests.domain.helpers import snapshot

Kind = TicketEvent.Kind

SV = "Hej {{ förnamn }}! Ärende {{ ärendenummer }} för {{ kund }} är löst. /{{ handläggare }}"
EN = "Hi {{ first_name }}, ticket {{ ticket_number }} for {{customer}} is solved. {{ specialist }}"


@pytest.fixture
def solved(team_hantverk):
    return Macro.objects.create(
        name="Löst",
        team=team_hantverk,
        body_sv=SV,
        body_en=EN,
        set_status=Status.WAITING,
        add_tags="löst-via-makro, Moms",
    )


@pytest.fixture
def personal(specialist_handel):
    return Macro.objects.create(name="Hans egen", owner=specialist_handel, body_sv="Hej!")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_text_is_in_the_reporters_language_with_placeholders_filled(
    solved, ticket_a, superuser_a, specialist_hantverk
):
    swedish = macros.render(solved, ticket_a, specialist_hantverk)
    assert swedish == (
        f"Hej Anna! Ärende {ticket_a.number} för Bygg & Montage Norrland AB är löst. "
        "/Sara Specialist"
    )
    superuser_a.language = "en"
    superuser_a.save(update_fields=["language"])
    ticket_a.refresh_from_db()
    english = macros.render(solved, ticket_a, specialist_hantverk)
    assert english.startswith(f"Hi Anna, ticket {ticket_a.number} for Bygg & Montage")


def test_missing_language_falls_back_to_the_other(personal, ticket_a, superuser_a, manager):
    superuser_a.language = "en"
    superuser_a.save(update_fields=["language"])
    ticket_a.refresh_from_db()
    assert macros.render(personal, ticket_a, manager) == "Hej!"


def test_sla_target_placeholder_shows_the_resolution_due_time(ticket_a, specialist_hantverk):
    macro = Macro(name="x", owner=specialist_hantverk, body_sv="Klart senast {{ sla_mål }}.")
    text = macros.render(macro, ticket_a, specialist_hantverk)
    assert "{{" not in text and text.startswith("Klart senast 20")


def test_text_is_never_run_as_a_template(ticket_a, specialist_hantverk):
    body = "{{ ticket.organization.payment_note }} {% now 'Y' %} {{ kund|upper }}"
    macro = Macro(name="x", owner=specialist_hantverk, body_sv=body)
    assert macros.render(macro, ticket_a, specialist_hantverk) == body


def test_insert_fills_the_reply_box_with_htmx(client, solved, ticket_a, specialist_hantverk):
    client.force_login(specialist_hantverk)
    url = reverse("agent:macro_insert", args=[ticket_a.number, solved.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="reply-body"' in html
    assert f"Hej Anna! Ärende {ticket_a.number}" in html
    assert f'name="macro" value="{solved.pk}"' in html
    assert "Adds the tags: löst-via-makro, Moms" in html
    assert f"Sets the status to: {Status.WAITING.label}" in html


def test_insert_without_javascript_reloads_the_page_with_the_text(
    client, solved, ticket_a, specialist_hantverk
):
    client.force_login(specialist_hantverk)
    url = reverse("agent:macro_insert", args=[ticket_a.number, solved.pk])
    response = client.get(url, follow=True)
    html = response.content.decode()
    assert f"Hej Anna! Ärende {ticket_a.number}" in html
    assert "Insert canned reply" in html


def test_picker_searches_the_macros_one_may_use(
    client, solved, personal, ticket_a, specialist_hantverk
):
    client.force_login(specialist_hantverk)
    url = reverse("agent:macro_picker", args=[ticket_a.number])
    html = client.get(url, {"makrosok": "lös"}, headers={"HX-Request": "true"}).content.decode()
    assert "Löst" in html and "Insert canned reply Löst" in html
    assert "Hans egen" not in html  # someone else's personal macro
    assert "Löst" not in client.get(url, {"makrosok": "faktura"}).content.decode()
    # Without JavaScript the search reloads the ticket page with the list narrowed.
    page = client.get(ticket_url(ticket_a), {"makrosok": "faktura"}).content.decode()
    assert "Insert canned reply Löst" not in page and "No canned replies match." in page


def test_sending_runs_the_side_effects_as_by_hand(client, solved, ticket_a, specialist_hantverk):
    client.force_login(specialist_hantverk)
    body = macros.render(solved, ticket_a, specialist_hantverk)
    response = client.post(
        ticket_url(ticket_a, "reply"),
        {"kind": "public", "body": body, "macro": solved.pk},
        follow=True,
    )
    assert "Your reply has been sent." in _messages(response)
    ticket_a.refresh_from_db()
    assert ticket_a.status == Status.WAITING
    assert sorted(t.tag.name for t in ticket_a.ticket_tags.all()) == ["Moms", "löst-via-makro"]
    kinds = list(ticket_a.events.exclude(kind=Kind.CREATED).values_list("kind", flat=True))
    assert kinds.count(Kind.REPLY) == 1 and kinds.count(Kind.TAG) == 2
    status = ticket_a.events.get(kind=Kind.STATUS)
    assert (status.old_value, status.new_value, status.actor) == (
        Status.NEW,
        Status.WAITING,
        specialist_hantverk,
    )
    assert Message.objects.get(ticket=ticket_a).body == body
    topics = set(OutboxItem.objects.values_list("topic", flat=True))
    assert {"reply_added", "status_changed"} <= topics


def test_a_status_the_workflow_refuses_sends_nothing(
    client, team_hantverk, ticket_a, specialist_hantverk
):
    macro = Macro.objects.create(
        name="Levererat", team=team_hantverk, body_sv="Levererat!", set_status=Status.DELIVERED
    )
    client.force_login(specialist_hantverk)
    before = snapshot(ticket_a)
    response = client.post(
        ticket_url(ticket_a, "reply"), {"kind": "public", "body": "Levererat!", "macro": macro.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "could not set the status" in html and "Nothing was sent." in html
    assert "Levererat!" in html  # the text stays in the box
    assert snapshot(ticket_a) == before
    assert not ticket_a.ticket_tags.exists()


def test_someone_elses_personal_macro_cannot_be_sent(
    client, personal, ticket_a, specialist_hantverk
):
    client.force_login(specialist_hantverk)
    response = client.post(
        ticket_url(ticket_a, "reply"), {"kind": "public", "body": "Hej", "macro": personal.pk}
    )
    assert "not available to you" in response.content.decode()
    assert not Message.objects.filter(ticket=ticket_a).exists()
    insert = reverse("agent:macro_insert", args=[ticket_a.number, personal.pk])
    assert client.get(insert).status_code == 404


# --- managing ---------------------------------------------------------------------------


def _macro_data(**overrides):
    data = {
        "name": "Välkommen",
        "scope": "personal",
        "body_sv": "Hej {{ förnamn }}",
        "body_en": "",
        "set_status": "",
        "add_tags": "",
    }
    data.update(overrides)
    return data


def test_a_specialist_creates_a_team_macro_and_colleagues_use_it(
    client, specialist_hantverk, team_hantverk, ticket_a
):
    client.force_login(specialist_hantverk)
    response = client.post(
        reverse("agent:macro_new"), _macro_data(scope=str(team_hantverk.pk)), follow=True
    )
    assert "The canned reply has been saved." in _messages(response)
    macro = Macro.objects.get(name="Välkommen")
    assert macro.team == team_hantverk and macro.owner is None
    assert "Välkommen" in client.get(reverse("agent:macros")).content.decode()


def test_unknown_placeholders_and_empty_texts_are_refused(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    html = client.post(
        reverse("agent:macro_new"), _macro_data(body_sv="Hej {{ efternamn }}")
    ).content.decode()
    assert "Unknown placeholder: {{ efternamn }}." in html
    html = client.post(reverse("agent:macro_new"), _macro_data(body_sv="")).content.decode()
    assert "Write the text in Swedish, English or both." in html
    assert not Macro.objects.exists()


def test_a_specialist_cannot_share_with_another_team(client, specialist_hantverk, team_handel):
    client.force_login(specialist_hantverk)
    html = client.post(
        reverse("agent:macro_new"), _macro_data(scope=str(team_handel.pk))
    ).content.decode()
    assert "Select a valid choice" in html
    assert not Macro.objects.exists()


def test_who_may_edit_a_team_macro(
    client, solved, specialist_hantverk, specialist_handel, manager, product_dev
):
    url = reverse("agent:macro_edit", args=[solved.pk])
    for person, status in [
        (specialist_handel, 404),
        (product_dev, 404),
        (specialist_hantverk, 200),
        (manager, 200),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_delete_a_personal_macro_only_by_its_owner(
    client, personal, specialist_hantverk, specialist_handel
):
    url = reverse("agent:macro_delete", args=[personal.pk])
    client.force_login(specialist_hantverk)
    assert client.post(url).status_code == 404
    client.force_login(specialist_handel)
    client.post(url)
    assert not Macro.objects.exists()


def test_the_reply_box_and_macro_pages_speak_swedish(
    client, settings, solved, specialist_hantverk, ticket_a
):
    settings.LANGUAGE_CODE = "sv"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(specialist_hantverk)
    with translation.override("sv"):
        page = client.get(ticket_url(ticket_a)).content.decode()
        listing = client.get(reverse("agent:macros")).content.decode()
    assert "Infoga makro" in page and "Insert canned reply" not in page
    assert "Makron" in listing and "Löst" in listing


def test_add_tags_refuses_too_long_names(ticket_a, specialist_hantverk):
    with pytest.raises(actions.ActionError):
        actions.add_tags(ticket_a, specialist_hantverk, "x" * 51)


def test_macro_list_and_picker_queries_do_not_grow(
    client, django_assert_max_num_queries, specialist_hantverk, team_hantverk, ticket_a
):
    def make(count, start):
        for i in range(start, start + count):
            Macro.objects.create(name=f"Makro {i}", team=team_hantverk, body_sv="Hej")
            Macro.objects.create(name=f"Eget {i}", owner=specialist_hantverk, body_sv="Hej")

    client.force_login(specialist_hantverk)
    picker = reverse("agent:macro_picker", args=[ticket_a.number])
    make(2, 0)
    with django_assert_max_num_queries(12) as few_list:
        client.get(reverse("agent:macros"))
    with django_assert_max_num_queries(12) as few_picker:
        client.get(picker)
    make(15, 2)
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        html = client.get(reverse("agent:macros")).content.decode()
    assert html.count("Edit Makro") == 17 and html.count("Edit Eget") == 17
    with django_assert_max_num_queries(len(few_picker.captured_queries)):
        client.get(picker)
