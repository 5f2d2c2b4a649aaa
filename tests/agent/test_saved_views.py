"""Saved views: a person names the queue's filters and sort, and one view marked default
opens when they visit the queue without parameters."""

from django.contrib.messages import get_messages
from django.urls import reverse

from kundcenter.tickets import actions
from kundcenter.tickets.models import SavedView
from tests import factories
from tests.agent.helpers import queue_numbers


def _save(client, name, query, default=False):
    data = {"view-name": name, "view-query": query}
    if default:
        data["view-is_default"] = "on"
    response = client.post(reverse("agent:save_view"), data, follow=True)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_the_default_view_opens_without_parameters(
    client, specialist_hantverk, ticket_a, org_a, superuser_a
):
    tagged = factories.make_ticket(org_a, superuser_a, title="Taggad")
    actions.add_tags(tagged, specialist_hantverk, "Moms")
    client.force_login(specialist_hantverk)
    _response, shown = _save(client, "Moms", "tag=Moms&status=open", default=True)
    assert shown == ["The view “Moms” has been saved."]
    assert queue_numbers(client) == [tagged.number]
    html = client.get(reverse("agent:queue")).content.decode()
    assert 'aria-current="page">Moms' in html
    # Any parameter means the person chose: the role's queue is one click away.
    assert set(queue_numbers(client, status="open")) == {ticket_a.number, tagged.number}


def test_only_one_default_and_views_are_personal(
    client, specialist_hantverk, specialist_handel, ticket_a
):
    client.force_login(specialist_hantverk)
    _save(client, "Ett", "status=open", default=True)
    _save(client, "Två", "status=closed", default=True)
    views = SavedView.objects.filter(owner=specialist_hantverk)
    assert [v.name for v in views.filter(is_default=True)] == ["Två"]
    other = views.get(name="Ett")
    client.force_login(specialist_handel)
    assert "Ett" not in client.get(reverse("agent:queue")).content.decode()
    for name in ("default_view", "delete_view"):
        assert client.post(reverse(f"agent:{name}", args=[other.pk])).status_code == 404
    assert SavedView.objects.filter(pk=other.pk).exists()


def test_a_name_used_twice_is_refused(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    _save(client, "Mina", "assignee=me")
    _response, shown = _save(client, "Mina", "status=all")
    assert shown == ["You already have a view with that name."]
    assert SavedView.objects.get().query == "assignee=me"


def test_manage_views(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    _save(client, "Mina", "assignee=me")
    view = SavedView.objects.get()
    client.post(reverse("agent:default_view", args=[view.pk]))
    view.refresh_from_db()
    assert view.is_default
    client.post(reverse("agent:default_view", args=[view.pk]), {"default": "off"})
    view.refresh_from_db()
    assert not view.is_default
    html = client.get(reverse("agent:saved_views")).content.decode()
    assert "Mina" in html and "Make Mina the default" in html
    client.post(reverse("agent:delete_view", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_the_save_form_carries_the_current_filters(client, specialist_hantverk, ticket_a):
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:queue"), {"sort": "-number", "tag": "x"}).content.decode()
    assert 'name="view-query"' in html
    assert "sort=-number" in html and "tag=x" in html
