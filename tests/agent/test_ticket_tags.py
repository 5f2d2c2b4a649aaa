"""Tags: free text, suggested from existing ones, added and removed with internal events,
and a queue filter."""

from django.contrib.messages import get_messages
from django.urls import reverse

from kundcenter.tickets import actions
from kundcenter.tickets.models import Tag, TicketEvent
from tests import factories
from tests.agent.helpers import queue_numbers, ticket_url

Kind = TicketEvent.Kind


def _shown(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_add_tags_from_the_ticket_page_with_events(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    response = client.post(
        ticket_url(ticket_a, "add_tags"), {"tags-names": "Moms, lön , moms"}, follow=True
    )
    assert "Tagged: Moms, lön." in _shown(response)
    html = response.content.decode()
    assert 'class="badge tag">Moms<' in html and 'class="badge tag">lön<' in html
    events = ticket_a.events.filter(kind=Kind.TAG)
    assert sorted(events.values_list("new_value", flat=True)) == ["Moms", "lön"]
    assert not events.filter(public=True).exists()
    assert events.first().actor == specialist_hantverk


def test_existing_tags_are_reused_whatever_the_case(
    specialist_hantverk, ticket_a, org_a, superuser_a
):
    actions.add_tags(ticket_a, specialist_hantverk, ["Moms"])
    other = factories.make_ticket(org_a, superuser_a)
    actions.add_tags(other, specialist_hantverk, ["MOMS"])
    assert list(Tag.objects.values_list("name", flat=True)) == ["Moms"]
    assert actions.add_tags(other, specialist_hantverk, "moms") == []  # already there


def test_existing_tags_are_suggested_while_typing(client, specialist_hantverk, ticket_a):
    actions.add_tags(ticket_a, specialist_hantverk, ["Bokslut", "Moms", "Bokföring"])
    client.force_login(specialist_hantverk)
    html = client.get(ticket_url(ticket_a)).content.decode()
    assert '<datalist id="tag-suggestions">' in html and 'list="tag-suggestions"' in html
    url = reverse("agent:tag_suggestions")
    options = client.get(url, {"tags-names": "moms, bok"}).content.decode()
    assert options.strip() == '<option value="Bokföring"><option value="Bokslut">'
    assert client.get(url, {"tag": "lön"}).content.decode().strip() == ""


def test_remove_a_tag_with_an_event(client, specialist_hantverk, ticket_a):
    actions.add_tags(ticket_a, specialist_hantverk, "Moms")
    client.force_login(specialist_hantverk)
    response = client.post(ticket_url(ticket_a, "remove_tag"), {"tag": "moms"}, follow=True)
    assert "The tag moms has been removed." in _shown(response)
    assert not ticket_a.ticket_tags.exists()
    removed = ticket_a.events.filter(kind=Kind.TAG).last()
    assert (removed.old_value, removed.new_value) == ("Moms", "")
    history = client.get(ticket_url(ticket_a)).content.decode()
    assert "Tags changed: + Moms" in history and "Tags changed: − Moms" in history


def test_an_empty_tag_is_refused(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    response = client.post(ticket_url(ticket_a, "add_tags"), {"tags-names": " , "}, follow=True)
    assert "Write a tag first." in _shown(response)
    assert not ticket_a.events.filter(kind=Kind.TAG).exists()


def test_customers_cannot_tag(superuser_a, ticket_a):
    try:
        actions.add_tags(ticket_a, superuser_a, "Moms")
    except actions.ActionError as exc:
        assert "support staff" in exc.message
    else:
        raise AssertionError("a customer tagged a ticket")


def test_the_queue_filters_by_tag(client, specialist_hantverk, ticket_a, org_a, superuser_a):
    other = factories.make_ticket(org_a, superuser_a, title="Annat")
    actions.add_tags(ticket_a, specialist_hantverk, "Moms")
    client.force_login(specialist_hantverk)
    assert queue_numbers(client, tag="moms") == [ticket_a.number]
    assert sorted(queue_numbers(client)) == sorted([ticket_a.number, other.number])
    assert queue_numbers(client, tag="finns-inte") == []
